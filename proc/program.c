/* program.c -- the program cache (see program.h). */
#include "kernel/kernel.h"
#include "mm/swap.h"
#include "kernel/spinlock.h"
#include "proc/program.h"
#include "fs/vfs.h"
#include "mm/page.h"
#include "mm/mm_check.h"
#include "include/weensy/errno.h"

/* Records in use: the initrd's programs (about 30) and the passing
 * records of execs of writable files under way. */
#define PROGRAM_MAX 64
/* A program's record and its ro[] share one kernel page (prog->table):
 * nothing in the kernel image for programs never run, which matters with
 * mem=2M. A bigger program (busybox: 475 read-only pages) has its ro[] in
 * a page of its own (prog->ro_table), up to PROGRAM_RO_MAX pages: 2 MiB of
 * text and constants. */
#define PROGRAM_RO_IN_RECORD ((PAGE_SIZE - sizeof(struct program)) / sizeof(struct page *))
#define PROGRAM_RO_MAX (PAGE_SIZE / sizeof(struct page *))

static struct spinlock program_lock = SPINLOCK_INIT("program");
static struct program *programs[PROGRAM_MAX];  /* [program_lock] */
static int nprograms;                          /* [program_lock] */

static bool seg_is_ro(const struct elf_segment *seg) { return !(seg->flags & PF_W); }

static size_t seg_pages(const struct elf_segment *seg)
{
    return (PAGE_ALIGN_UP(seg->vaddr + seg->memsz) - PAGE_ALIGN_DOWN(seg->vaddr)) / PAGE_SIZE;
}

/* The file page that holds the bytes of seg's page at va: a segment's
 * address and offset agree modulo PAGE_SIZE (elf.c), so each page of it
 * comes from one page of the file, at the same place in the page. */
static uint64_t program_file_index(const struct elf_segment *seg, uintptr_t va)
{
    return (PAGE_ALIGN_DOWN(seg->offset) + (va - PAGE_ALIGN_DOWN(seg->vaddr))) / PAGE_SIZE;
}

/* Is page index still inside the file? A writable file may have shrunk
 * since it was parsed: its pages past the end are zeros, and asking the
 * cache for them would leave a page cached past the end of the file. */
static bool program_in_file(const struct program *prog, uint64_t index)
{
    return index < PAGE_ALIGN_UP(vnode_size(prog->vnode)) / PAGE_SIZE;
}

int program_fill_page(const struct program *prog, const struct elf_segment *seg,
                      uintptr_t va, void *kva, uint32_t *slot)
{
    mem_zero_page(kva);
    uintptr_t lo = va > seg->vaddr ? va : seg->vaddr;
    uintptr_t hi = va + PAGE_SIZE;
    if (hi > seg->vaddr + seg->filesz)
        hi = seg->vaddr + seg->filesz;
    uint64_t index = program_file_index(seg, va);
    if (lo >= hi || !program_in_file(prog, index))
        return 0;
    struct page *fp = vnode_getpage(prog->vnode, index, false, slot);
    if (!fp)
        return *slot ? -EAGAIN : -ENOMEM;
    memcpy((uint8_t *)kva + (lo - va), (const uint8_t *)page_kva(fp) + (lo - va), hi - lo);
    page_put(fp);
    return 0;
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
 * the file see (the bytes of the page around the segment are the file's,
 * as on Linux). Otherwise a copy of its own, zeros around the bytes. */
static struct page *program_page(struct program *prog, const struct elf_segment *seg, uintptr_t va,
                                 uint32_t *slot)
{
    uint64_t index = program_file_index(seg, va);
    *slot = 0;
    if (seg->memsz == seg->filesz && program_in_file(prog, index))
        return vnode_getpage(prog->vnode, index, false, slot);
    struct page *pg = page_alloc(PAGE_SHARED, PAGE_OWNER_KERNEL, 0);
    if (pg && program_fill_page(prog, seg, va, page_kva(pg), slot) < 0) {
        page_put(pg);
        pg = 0;
    }
    if (pg)
        prog->nowned++;
    return pg;
}

/* program_load: the read-only pages of a validated program, all or none.
 * -EAGAIN: a page of the file is out on swap slot *slot (a tmpfs file's),
 * to be read before the caller tries again. Caller holds program_lock. */
static int program_load(struct program *prog, uint32_t *slot)
{
    size_t n = 0;
    for (int i = 0; i < prog->img.nsegs; i++)
        if (seg_is_ro(&prog->img.seg[i]))
            n += seg_pages(&prog->img.seg[i]);
    if (n > PROGRAM_RO_MAX)
        return -E2BIG;
    prog->ro = (struct page **)(prog + 1);
    if (n > PROGRAM_RO_IN_RECORD) {
        if (!prog->ro_table && !(prog->ro_table = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO)))
            return -ENOMEM;
        prog->ro = page_kva(prog->ro_table);
    }
    for (int i = 0; i < prog->img.nsegs; i++) {
        const struct elf_segment *seg = &prog->img.seg[i];
        if (!seg_is_ro(seg))
            continue;
        for (uintptr_t va = PAGE_ALIGN_DOWN(seg->vaddr); va < seg->vaddr + seg->memsz; va += PAGE_SIZE) {
            struct page *pg = program_page(prog, seg, va, slot);
            if (!pg) {
                program_unload(prog);
                return *slot ? -EAGAIN : -ENOMEM;
            }
            prog->ro[prog->nro++] = pg;
        }
    }
    return 0;
}

/* A kept record of v. Caller holds program_lock. */
static struct program *program_lookup(struct vnode *v)
{
    assert(spin_holding(&program_lock));
    for (int i = 0; i < nprograms; i++)
        if (programs[i]->kept && programs[i]->vnode == v)
            return programs[i];
    return 0;
}

/* program_parse: the ELF header and program headers of v, from its first
 * page (every sane ELF has them there; elf_parse_head refuses others), read
 * through the page cache into a page of our own: the file's own page may
 * change under us if the file is writable. */
static int program_parse(struct vnode *v, struct elf_image *img, const char **why)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    if (!pg)
        return -ENOMEM;
    long n = vnode_read(v, 0, page_kva(pg), PAGE_SIZE);
    uint64_t size = vnode_size(v);
    int err = n < 0 ? (int)n : elf_parse_head(page_kva(pg), (size_t)n, size > (uint64_t)n ? size : (size_t)n,
                                              img, why);
    page_put(pg);
    return err;
}

static void program_free(struct program *prog)
{
    program_unload(prog);
    vnode_put(prog->vnode);
    if (prog->ro_table)
        page_put(prog->ro_table);
    page_put(prog->table);
}

/* program_new: a record of v, parsed but not loaded, not in the table. */
static int program_new(struct vnode *v, struct program **out, const char **why)
{
    struct page *table = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
    if (!table)
        return -ENOMEM;
    struct program *prog = page_kva(table);
    prog->table = table;
    int err = program_parse(v, &prog->img, why);
    if (err) {
        page_put(table);
        return err;
    }
    vnode_ref(v);
    prog->vnode = v;
    prog->kept = v->fs->readonly;
    *out = prog;
    return 0;
}

int program_get(struct vnode *v, const struct program **out, const char **why)
{
    *why = "";
    assert(v->type == VN_REG);
    struct program *prog = 0, *old = 0;
    if (v->fs->readonly) {
        spin_lock(&program_lock);
        old = program_lookup(v);
        spin_unlock(&program_lock);
    }
    int err = old ? 0 : program_new(v, &prog, why);
    if (old || err)
        goto out;
    for (err = -EAGAIN; err == -EAGAIN;) {
        uint32_t slot = 0;
        spin_lock(&program_lock);
        old = prog->kept ? program_lookup(v) : 0;   /* loaded meanwhile */
        err = old ? 0 : nprograms == PROGRAM_MAX ? -ENOMEM : program_load(prog, &slot);
        if (!old && !err)
            programs[nprograms++] = prog;
        spin_unlock(&program_lock);
        if (err == -EAGAIN)
            err = swap_read_slot(NULL, slot);   /* -EAGAIN when read: load again */
    }
    if (old || err)
        program_free(prog);
out:
    if (!err)
        *out = old ? old : prog;
    return err;
}

void program_put(const struct program *cprog)
{
    if (cprog->kept)
        return;
    struct program *prog = (struct program *)cprog;
    spin_lock(&program_lock);
    int i = 0;
    while (i < nprograms && programs[i] != prog)
        i++;
    assert(i < nprograms);
    programs[i] = programs[--nprograms];
    /* Its pages go while the lock is held: out of the table they are no
     * longer counted by mm_check, which pauses the other CPUs at any point
     * where they hold no spin lock (found at -smp 2: "refcount 3, counted
     * 2" on a /tmp program's text page, an exec ending on the other CPU). */
    program_unload(prog);
    spin_unlock(&program_lock);
    program_free(prog);          /* the pages are gone: the vnode and the table */
}

size_t program_cache_pages(void)
{
    size_t n = 0;
    spin_lock(&program_lock);
    for (int i = 0; i < nprograms; i++)
        n += programs[i]->nowned + 1 + (programs[i]->ro_table != 0);   /* the rest: the page cache's */
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
