/* program.c -- the program cache (see program.h). */
#include "kernel/kernel.h"
#include "kernel/initrd.h"
#include "kernel/spinlock.h"
#include "proc/program.h"
#include "fs/vfs.h"
#include "mm/page.h"
#include "mm/mm_check.h"
#include "include/weensy/errno.h"

#define PROGRAM_MAX 32
/* A program's record and its ro[] share one kernel page (prog->table):
 * nothing in the kernel image for programs never run, which matters with
 * mem=2M. */
#define PROGRAM_RO_MAX ((PAGE_SIZE - sizeof(struct program)) / sizeof(struct page *))

static struct spinlock program_lock = SPINLOCK_INIT("program");
static struct program *programs[PROGRAM_MAX];  /* [program_lock] */
static int nprograms;                          /* [program_lock] */

static bool seg_is_ro(const struct elf_segment *seg) { return !(seg->flags & PF_W); }

static size_t seg_pages(const struct elf_segment *seg)
{
    return (PAGE_ALIGN_UP(seg->vaddr + seg->memsz) - PAGE_ALIGN_DOWN(seg->vaddr)) / PAGE_SIZE;
}

void program_fill_page(const struct program *prog, const struct elf_segment *seg,
                       uintptr_t va, void *kva)
{
    mem_zero_page(kva);
    uintptr_t lo = va > seg->vaddr ? va : seg->vaddr;
    uintptr_t hi = va + PAGE_SIZE;
    if (hi > seg->vaddr + seg->filesz)
        hi = seg->vaddr + seg->filesz;
    if (lo < hi)
        memcpy((uint8_t *)kva + (lo - va), prog->data + seg->offset + (lo - seg->vaddr), hi - lo);
}

/* The index in ro[] of read-only seg's first page. */
static size_t program_ro_base(const struct program *prog, const struct elf_segment *seg)
{
    size_t base = 0;
    for (const struct elf_segment *s = prog->img.seg; s != seg; s++)
        if (seg_is_ro(s))
            base += seg_pages(s);
    return base;
}

struct page *program_ro_page(const struct program *prog, const struct elf_segment *seg, uintptr_t va)
{
    assert(seg_is_ro(seg) && va >= PAGE_ALIGN_DOWN(seg->vaddr));
    size_t i = program_ro_base(prog, seg) + (va - PAGE_ALIGN_DOWN(seg->vaddr)) / PAGE_SIZE;
    assert(i < prog->nro);
    return prog->ro[i];
}

static void program_unload(struct program *prog)
{
    for (size_t i = 0; i < prog->nro; i++)
        if (prog->ro[i])
            page_put(prog->ro[i]);
    prog->nro = 0;
    prog->nowned = 0;
}

/* program_page: the page of read-only seg at va as the program starts.
 * A segment whose bytes all come from the file (no bss: text, constants)
 * is mapped from the file's page cache, the very page read() and mmap of
 * /bin/NAME see (the bytes of the page around the segment are the file's,
 * as on Linux). Otherwise a copy of its own, zeros around the bytes. */
static struct page *program_page(struct program *prog, struct vnode *v, const struct elf_segment *seg,
                                 uintptr_t va)
{
    if (v && seg->memsz == seg->filesz) {
        uint64_t off = PAGE_ALIGN_DOWN(seg->offset) + (va - PAGE_ALIGN_DOWN(seg->vaddr));
        return vnode_getpage(v, off / PAGE_SIZE, false);
    }
    struct page *pg = page_alloc(PAGE_SHARED, PAGE_OWNER_KERNEL, 0);
    if (pg) {
        program_fill_page(prog, seg, va, page_kva(pg));
        prog->nowned++;
    }
    return pg;
}

/* program_load: the read-only pages of a validated program, all or none;
 * v is its file (NULL: none found, every page is copied). */
static int program_load(struct program *prog, struct vnode *v)
{
    size_t n = 0;
    for (int i = 0; i < prog->img.nsegs; i++)
        if (seg_is_ro(&prog->img.seg[i]))
            n += seg_pages(&prog->img.seg[i]);
    if (n > PROGRAM_RO_MAX)
        return -E2BIG;
    prog->ro = (struct page **)(prog + 1);
    for (int i = 0; i < prog->img.nsegs; i++) {
        const struct elf_segment *seg = &prog->img.seg[i];
        if (!seg_is_ro(seg))
            continue;
        for (uintptr_t va = PAGE_ALIGN_DOWN(seg->vaddr); va < seg->vaddr + seg->memsz; va += PAGE_SIZE) {
            struct page *pg = program_page(prog, v, seg, va);
            if (!pg) {
                program_unload(prog);
                return -ENOMEM;
            }
            prog->ro[prog->nro++] = pg;
        }
    }
    return 0;
}

static struct program *program_lookup(const char *name)
{
    for (int i = 0; i < nprograms; i++)
        if (strcmp(programs[i]->name, name) == 0)
            return programs[i];
    return 0;
}

static int program_add(const char *name, struct vnode *v, struct program **out, const char **why)
{
    const void *data;
    size_t size;
    if (strlen(name) >= PROGRAM_NAME_MAX || !initrd_find(name, &data, &size))
        return -ENOENT;
    if (nprograms == PROGRAM_MAX)
        return -ENOMEM;
    struct page *table = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!table)
        return -ENOMEM;
    struct program *prog = page_kva(table);
    prog->table = table;
    int err = elf_parse(data, size, &prog->img, why);
    prog->data = data;
    prog->size = size;
    if (!err)
        err = program_load(prog, v);
    if (err) {
        page_put(table);
        return err;
    }
    strlcpy(prog->name, name, sizeof(prog->name));
    programs[nprograms++] = prog;
    *out = prog;
    return 0;
}

/* program_vnode: /bin/name, looked up before program_lock is taken (a
 * lookup takes sleep locks); NULL if there is none. */
static struct vnode *program_vnode(const char *name)
{
    char path[5 + PROGRAM_NAME_MAX] = "/bin/";
    struct vnode *v;
    if (strlen(name) >= PROGRAM_NAME_MAX)
        return 0;
    strlcpy(path + 5, name, sizeof(path) - 5);
    return vfs_lookup(0, path, &v) == 0 ? v : 0;
}

int program_get(const char *name, const struct program **out, const char **why)
{
    *why = "";
    struct vnode *v = program_vnode(name);
    spin_lock(&program_lock);
    struct program *prog = program_lookup(name);
    int err = prog ? 0 : program_add(name, v, &prog, why);
    spin_unlock(&program_lock);
    if (v)
        vnode_put(v);
    if (!err)
        *out = prog;
    return err;
}

size_t program_cache_pages(void)
{
    size_t n = 0;
    spin_lock(&program_lock);
    for (int i = 0; i < nprograms; i++)
        n += programs[i]->nowned + 1;   /* the rest are the page cache's too */
    spin_unlock(&program_lock);
    return n;
}

/* For mm_check: the cache's reference on each read-only page. (The table
 * pages are kernel pages, which mm_check does not count.) */
static void program_count_refs(void)
{
    spin_lock(&program_lock);
    for (int i = 0; i < nprograms; i++)
        for (size_t j = 0; j < programs[i]->nro; j++)
            mm_check_count(programs[i]->ro[j]);
    spin_unlock(&program_lock);
}

/* Once: the holder is registered at the first process, or earlier by an
 * in-kernel test that runs programs. */
void program_init(void)
{
    static bool done;
    if (!done)
        mm_check_add_holder("program-cache", program_count_refs);
    done = true;
}
