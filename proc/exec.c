/* exec.c -- a program's image in a new address space, and the switch of a
 * process to it (see exec.h): its segments (read-only ones shared through
 * the program cache, writable ones copied, their bss zero-filled on first
 * touch), its stack (exec_stack.c), and then, only once all of it exists,
 * the commit. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "kernel/btrace.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/fpu_switch.h"
#include "proc/exec.h"
#include "proc/program.h"
#include "proc/aslr.h"
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "proc/thread.h"
#include "mm/page.h"
#include "mm/vmspace.h"
#include "mm/swap.h"
#include "mm/vm_area.h"
#include "mm/uaccess.h"
#include "mm/mm_check.h"
#include "arch/x86_64/gdt.h"
#include "include/weensy/errno.h"

#define RFLAGS_USER 0x202        /* IF, and the always-one bit 1 */

static int exec_prot(const struct elf_segment *seg)
{
    return (seg->flags & PF_R ? VM_READ : 0) | (seg->flags & PF_W ? VM_WRITE : 0) |
           (seg->flags & PF_X ? VM_EXEC : 0);
}

/* exec_map_page_once: the page at va of seg (loaded at base: va - base
 * is the page's address in the program), mapped now: a read-only page
 * from the program cache, or a fresh copy of a writable one. The cache's
 * pages are the file's, whatever the base, so processes running one PIE
 * program at different bases share them; its relocations go into the
 * writable copies. Under vm->lock for this page only: exec is preemptible
 * between pages. -EAGAIN: the file's page is out on swap slot *slot. */
static int exec_map_page_once(struct vmspace *vm, const struct program *prog, const struct elf_segment *seg,
                              const struct vm_area *a, uintptr_t base, uintptr_t va, uint32_t *slot)
{
    int err = 0;
    *slot = 0;
    spin_lock(&vm->lock);
    struct page *pg;
    if (seg->flags & PF_W) {
        pg = page_alloc(PAGE_USER, vm->id, 0);
        if (pg && (err = program_fill_page(prog, seg, va - base, page_kva(pg), slot)) < 0) {
            page_put(pg);
            pg = 0;
        }
    } else {
        pg = program_ro_page(prog, seg, va - base);
        page_ref(pg);
    }
    if (!pg)
        err = err ? err : -ENOMEM;
    else if (vmspace_map_page(vm, va, pg, vm_area_pte(a, pg)) < 0) {
        page_put(pg);
        err = -ENOMEM;
    }
    spin_unlock(&vm->lock);
    return err;
}

/* exec_map_page: exec_map_page_once, the file's page read back from swap
 * first (with no lock held) if it must be. */
static int exec_map_page(struct vmspace *vm, const struct program *prog, const struct elf_segment *seg,
                         const struct vm_area *a, uintptr_t base, uintptr_t va)
{
    uint32_t slot;
    int err;
    while ((err = exec_map_page_once(vm, prog, seg, a, base, va, &slot)) == -EAGAIN)
        if ((err = swap_read_slot(NULL, slot)) != -EAGAIN)
            break;               /* -ENOMEM, -EIO */
    return err;
}

/* exec_map_segment: seg's area, with every page that holds bytes from the
 * file mapped now: read-only pages from the program cache, writable ones
 * fresh copies. A writable segment's pages past its file bytes (the bss)
 * are left to the fault path, which makes them zero-filled on first touch:
 * a program with a huge bss costs what it touches, not what it declares. */
static int exec_map_segment(struct vmspace *vm, const struct program *prog, const struct elf_segment *seg,
                            uintptr_t base)
{
    struct vm_area a = {
        .start = base + PAGE_ALIGN_DOWN(seg->vaddr), .end = base + PAGE_ALIGN_UP(seg->vaddr + seg->memsz),
        .prot = exec_prot(seg), .maxprot = VM_PROT_ALL, .kind = VMA_IMAGE,
    };
    spin_lock(&vm->lock);
    int err = vm_area_add(vm, &a) < 0 ? -ENOMEM : 0;
    if (!err && a.end > vm->brk_start)
        vm->brk_start = vm->brk = a.end;
    spin_unlock(&vm->lock);
    uintptr_t eager_end = seg->flags & PF_W ? base + PAGE_ALIGN_UP(seg->vaddr + seg->filesz) : a.end;
    for (uintptr_t va = a.start; !err && va < eager_end; va += PAGE_SIZE)
        err = exec_map_page(vm, prog, seg, &a, base, va);
    return err;
}

/* exec_map_image: prog's segments at base (0 but for a PIE program). */
static int exec_map_image(struct vmspace *vm, const struct program *prog, uintptr_t base)
{
    int err = 0;
    for (int i = 0; i < prog->img.nsegs && !err; i++)
        err = exec_map_segment(vm, prog, &prog->img.seg[i], base);
    return err;
}

/* The registers a program starts with: all zero (Linux's rule: rdx = 0
 * means no function for atexit) but the entry, the stack and the flags.
 * The frame is still execve's, but no longer the call's that entered:
 * TF_NO_SYSCALL (the return restores every register, by iretq). */
static void exec_set_regs(struct trapframe *tf, uintptr_t entry, uintptr_t rsp)
{
    memset(tf, 0, sizeof(*tf));
    tf->vector = TRAP_SYSCALL;
    tf->error = TF_NO_SYSCALL;
    tf->rip = entry;
    tf->cs = SEG_UCODE;
    tf->ss = SEG_UDATA;
    tf->rflags = RFLAGS_USER;
    tf->rsp = rsp;
}

/* exec_commit: p runs the new image from here on. Its old address space is
 * left only after the new one is in CR3, then destroyed whole (p is its
 * only thread by now: thread_exec_solo). The FS base starts at 0, the
 * FPU registers in their starting state, and no word is cleared at p's
 * end, as after Linux's exec; handlers go back to SIG_DFL (ignored
 * signals, the mask and pending signals stay). */
static void exec_commit(struct proc *p, struct vmspace *vm, const char *name,
                        const struct exec_start *st, struct vnode *exe)
{
    struct vmspace *old = p->vm;
    vnode_ref(exe);
    spin_lock(&p->lock);
    struct vnode *old_exe = p->exe;
    p->exe = exe;
    p->vm = vm;
    strlcpy(p->name, name, sizeof(p->name));
    strlcpy(p->args, st->args, sizeof(p->args));
    p->execed = true;
    spin_unlock(&p->lock);
    p->clear_child_tid = 0;
    sig_exec(p);                 /* caught signals back to SIG_DFL */
    if (p == myproc()) {
        vmspace_activate(vm);
        thread_fs_set(0);
        proc_fpu_exec(p);
    }
    if (old)
        vmspace_put(old);
    if (old_exe)
        vnode_put(old_exe);
    exec_set_regs(p->tf, st->entry, st->rsp);
}

/* exec_image: the new address space for prog, with its image and stack
 * where aslr_layout puts them (*out), or an error with nothing left
 * behind. */
static int exec_image(struct proc *p, const struct program *prog, const char *path,
                      const struct exec_args *args, struct exec_start *st, struct vmspace **out)
{
    uint64_t t = btrace_start();
    struct vmspace *vm = vmspace_create(p->tgid);   /* the process's id, whichever thread */
    if (!vm)
        return -ENOMEM;
    struct exec_layout lay;
    aslr_layout(&prog->img, aslr_off_for(p), &lay);
    spin_lock(&vm->lock);
    vm->stack_top = lay.stack_top;
    vm->mmap_top = lay.mmap_top;
    spin_unlock(&vm->lock);
    int err = exec_map_image(vm, prog, lay.base);
    t = btrace_lap(BT_EXEC_IMAGE, t);
    if (!err)
        err = exec_stack_build(vm, prog, lay.base, path, args, st);
    /* The point of no return: the other threads end now, not before, so
     * an exec that fails leaves them running (Linux's de_thread). */
    if (!err && p == myproc())
        err = thread_exec_solo(p);
    if (err) {
        /* A put, not vmspace_destroy: the space is on the list of spaces
         * from its creation, and a walk of that list (vm_object_unmap,
         * swap reclaim) may hold a user on it right now (smp.fuzz.4: a
         * truncate's walk read the next space from one a failed exec had
         * freed under it). */
        vmspace_put(vm);
        return err;
    }
    btrace_end(BT_EXEC_STACK, t);
    *out = vm;
    return 0;
}

/* exec_find: the program in the file at path. */
static int exec_find(struct proc *p, const char *path, const struct program **prog, const char **why)
{
    struct vnode *v;
    int err = exec_lookup(p, path, &v);
    if (err)
        return err;
    err = program_get(v, prog, why);
    vnode_put(v);                /* the program holds its file */
    return err;
}

/* exec_find_script: the program at path or, if path is a script, at its
 * interpreter's (a's words then say so). */
static int exec_find_script(struct proc *p, const char *path, struct exec_args *a, struct exec_script *sc,
                            const struct program **prog, const char **why)
{
    const char *file = path;
    for (;;) {
        int err = exec_find(p, file, prog, why);
        if (err != -ENOEXEC)
            return err;
        const char *why_elf = *why;
        err = exec_script_next(sc, p, &file, a);
        if (err) {
            if (err == -ENOEXEC)
                *why = why_elf;  /* no script either: the ELF reason stands */
            return err;
        }
    }
}

int exec_program(struct proc *p, const char *path, const struct exec_args *args, const char **why)
{
    const struct program *prog;
    *why = "";
    uint64_t t = btrace_start();
    struct exec_args a = *args;
    struct exec_script sc = { 0 };
    int err = exec_find_script(p, path, &a, &sc, &prog, why);
    if (err) {
        exec_script_done(&sc);
        return err;
    }
    t = btrace_lap(BT_EXEC_FIND, t);
    struct exec_start st;
    struct vmspace *vm;
    /* The close-on-exec descriptors go after the point of no return: a
     * table fork shares must be this process's own before it. */
    err = p->files ? files_prepare_exec(&p->files) : 0;
    if (!err)
        err = exec_image(p, prog, path, &a, &st, &vm);
    exec_script_done(&sc);       /* the words are on the new stack now */
    if (!err) {
        t = btrace_start();
        char name[PROC_NAME_MAX];
        exec_basename(path, name, sizeof(name));
        exec_commit(p, vm, name, &st, prog->vnode);
        if (p->files)
            files_close_on_exec(&p->files);
        btrace_end(BT_EXEC_COMMIT, t);
    }
    program_put(prog);
    if (!err)
        mm_check_event("exec");
    return err;
}

/* execve: the path comes into a page of its own (PATH_MAX does not fit on
 * a kernel stack); the vectors are read where they are. */
long sys_execve(uintptr_t upath, uintptr_t uargv, uintptr_t uenvp)
{
    uint64_t t = btrace_start();
    swap_reclaim_if_low();       /* the new image's pages and tables */
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    if (!pg)
        return -ENOMEM;
    char *path = page_kva(pg);
    long err = copyinstr(path, upath, EXEC_PATH_MAX);
    if (err >= 0) {
        struct exec_args args = { .from_user = true, .uargv = uargv, .uenvp = uenvp };
        const char *why;
        err = exec_program(myproc(), path, &args, &why);
    }
    page_put(pg);
    btrace_end(BT_EXEC, t);
    return err;
}
