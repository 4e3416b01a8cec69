/* exec.c -- loading a program into a fresh address space: its segments
 * (read-only ones shared through the program cache, writable ones copied),
 * then the stack with argc, argv, an empty environment and the auxiliary
 * vector, laid out as the System V ABI says a process starts:
 *
 *   USER_STACK_TOP ->  argument strings
 *                      (padding to 16)
 *                      auxv: AT_PAGESZ 4096, AT_NULL
 *                      NULL (end of envp)
 *                      NULL (end of argv)
 *                      argv[argc-1] ... argv[0]
 *   rsp (16-aligned) -> argc
 */
#include "kernel/kernel.h"
#include "proc/proc.h"
#include "proc/exec.h"
#include "proc/program.h"
#include "mm/page.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"
#include "arch/x86_64/gdt.h"
#include "include/weensy/errno.h"

#define AT_NULL   0
#define AT_PAGESZ 6
#define RFLAGS_USER 0x202        /* IF, and the always-one bit 1 */

static int exec_prot(const struct elf_segment *seg)
{
    return (seg->flags & PF_R ? VM_READ : 0) | (seg->flags & PF_W ? VM_WRITE : 0) |
           (seg->flags & PF_X ? VM_EXEC : 0);
}

/* exec_map_segment: seg's area, and every page of it mapped now (caller
 * holds vm->lock): read-only pages from the program cache, writable ones
 * fresh copies. */
static int exec_map_segment(struct vmspace *vm, const struct program *prog, const struct elf_segment *seg)
{
    struct vm_area a = {
        .start = PAGE_ALIGN_DOWN(seg->vaddr), .end = PAGE_ALIGN_UP(seg->vaddr + seg->memsz),
        .prot = exec_prot(seg), .kind = VMA_IMAGE,
    };
    if (vm_area_add(vm, &a) < 0)
        return -ENOMEM;
    if (a.end > vm->brk_start)
        vm->brk_start = vm->brk = a.end;
    for (uintptr_t va = a.start; va < a.end; va += PAGE_SIZE) {
        struct page *pg;
        if (seg->flags & PF_W) {
            pg = page_alloc(PAGE_USER, vm->id, 0);
            if (!pg)
                return -ENOMEM;
            program_fill_page(prog, seg, va, page_kva(pg));
        } else {
            pg = program_ro_page(prog, seg, va);
            page_ref(pg);
        }
        if (pt_map(vm->pml4, va, page_to_pa(pg), vm_area_pte(&a, pg), vm->id) < 0) {
            page_put(pg);
            return -ENOMEM;
        }
    }
    return 0;
}

/* exec_build_args: write the start-up stack into top (the kernel address
 * of the stack's highest page, mapped at USER_STACK_TOP - PAGE_SIZE);
 * return the initial rsp, or 0 if the arguments do not fit in the page. */
static uintptr_t exec_build_args(uint8_t *top, int argc, const char *const argv[])
{
    uintptr_t base = USER_STACK_TOP - PAGE_SIZE;
    size_t strings = 0;
    for (int i = 0; i < argc; i++)
        strings += strlen(argv[i]) + 1;
    size_t words = 1 + argc + 1 + 1 + 4;
    if (strings + 16 + words * 8 > PAGE_SIZE / 2)
        return 0;
    uintptr_t sp = USER_STACK_TOP - strings;
    uintptr_t rsp = (sp - words * 8) & ~0xfUL;
    uint64_t *w = (uint64_t *)(top + (rsp - base));
    *w++ = argc;
    for (int i = 0; i < argc; i++) {
        size_t len = strlen(argv[i]) + 1;
        memcpy(top + (sp - base), argv[i], len);
        *w++ = sp;
        sp += len;
    }
    *w++ = 0;                    /* argv terminator */
    *w++ = 0;                    /* empty environment */
    *w++ = AT_PAGESZ;
    *w++ = PAGE_SIZE;
    *w++ = AT_NULL;
    *w++ = 0;
    return rsp;
}

/* exec_map_stack: the stack area (it fills in on demand), with its top
 * page, holding the arguments, mapped now. Returns the initial rsp. */
static int exec_map_stack(struct vmspace *vm, int argc, const char *const argv[], uintptr_t *rsp)
{
    struct vm_area a = {
        .start = USER_STACK_LIMIT, .end = USER_STACK_TOP, .prot = VM_READ | VM_WRITE, .kind = VMA_STACK,
    };
    if (vm_area_add(vm, &a) < 0)
        return -ENOMEM;
    for (int i = 1; i <= USER_STACK_PAGES; i++) {
        struct page *pg = page_alloc(PAGE_USER, vm->id, PAGE_ZERO);
        if (!pg)
            return -ENOMEM;
        uintptr_t va = USER_STACK_TOP - i * PAGE_SIZE;
        if (i == 1 && !(*rsp = exec_build_args(page_kva(pg), argc, argv))) {
            page_put(pg);
            return -E2BIG;
        }
        if (pt_map(vm->pml4, va, page_to_pa(pg), vm_area_pte(&a, pg), vm->id) < 0) {
            page_put(pg);
            return -ENOMEM;
        }
    }
    return 0;
}

int exec_load(struct proc *p, const char *name, int argc, const char *const argv[], const char **why)
{
    const struct program *prog;
    int err = program_get(name, &prog, why);
    if (err)
        return err;
    uintptr_t rsp = 0;
    spin_lock(&p->vm->lock);
    for (int i = 0; i < prog->img.nsegs && !err; i++)
        err = exec_map_segment(p->vm, prog, &prog->img.seg[i]);
    if (!err)
        err = exec_map_stack(p->vm, argc, argv, &rsp);
    spin_unlock(&p->vm->lock);
    if (err)
        return err;
    memset(p->tf, 0, sizeof(*p->tf));
    p->tf->rip = prog->img.entry;
    p->tf->cs = SEG_UCODE;
    p->tf->ss = SEG_UDATA;
    p->tf->rflags = RFLAGS_USER;
    p->tf->rsp = rsp;
    strlcpy(p->name, name, sizeof(p->name));
    return 0;
}
