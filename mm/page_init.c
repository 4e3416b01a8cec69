/* page_init.c -- the page records at boot, and the rest of them later.
 *
 * One 32-byte record per page of RAM: at 16 GiB that is 128 MiB of
 * records, and writing them all at boot made boot time grow with memory
 * (about 200 ms at 16 GiB against 5 ms at 256 MiB, under -icount). So
 * boot writes only the records of the memory it has to account for now
 * (the first MiB, the kernel image, what the loader left: page_boot_top),
 * and the allocator writes the rest a run at a time, in address order,
 * when its free list runs short (page_grow in page.c), as Linux's deferred
 * page initialisation does. Until then a page past the frontier is
 * counted as free (or not) from the memory map alone, and the readers that
 * show every page (the viewer, the memory dump) ask page_peek, which says
 * what its record will be.
 *
 * What each record starts as comes from one ordered list of marks
 * (page_marks_visit), used both to write a run of records and to answer
 * for a single page, so the two can never disagree. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "mm/page.h"
#include "mm/page_internal.h"
#include "mm/bootmem.h"
#include "mm/mm_check.h"
#include "arch/x86_64/multiboot.h"

extern char __kernel_phys_start[], __kernel_end[];

static paddr_t records_pa;        /* where the records lie, and their size */
static size_t records_bytes;

/* The memory the kernel may use: RAM below the mem= cap, if any. */
static paddr_t page_ram_top(void)
{
    paddr_t top = 0;
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type == BOOT_MEM_USABLE)
            top = MAX(top, m->base + m->len);
    }
    uint64_t cap = cmdline_get_size("mem");
    if (cap && cap < top)
        top = cap;
    return ALIGN_DOWN(top, PAGE_SIZE);
}

/* Where the records go: the first usable range above the kernel image
 * (and below 4 GiB, which the boot page tables reach) with room for them. */
static paddr_t page_place_records(size_t bytes, paddr_t top)
{
    paddr_t kend = kva_to_pa(__kernel_end);
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type != BOOT_MEM_USABLE)
            continue;
        paddr_t start = ALIGN_UP(MAX(m->base, kend), PAGE_SIZE);
        paddr_t end = MIN(m->base + m->len, MIN(top, 0x100000000UL));
        /* Step over anything GRUB placed here (modules, the MBI, symbols). */
        for (paddr_t s = start; s + bytes <= end; s += PAGE_SIZE) {
            if (!bootmem_overlaps(s, s + bytes))
                return s;
        }
    }
    panic("page_init: no room below 4 GiB for %lu bytes of page records", bytes);
}

typedef void page_mark_fn(paddr_t start, paddr_t end, enum page_kind kind, void *arg);

/* Every page starts reserved; usable RAM is opened up, then the known
 * users are closed again. Later marks win. */
static void page_marks_visit(page_mark_fn *fn, void *arg)
{
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type == BOOT_MEM_USABLE)
            fn(ALIGN_UP(m->base, PAGE_SIZE), ALIGN_DOWN(m->base + m->len, PAGE_SIZE), PAGE_FREE, arg);
    }
    fn(0, 0x100000, PAGE_RESERVED, arg);                     /* first MiB */
    fn(0xa0000, 0xc0000, PAGE_CONSOLE, arg);                 /* VGA memory */
    fn((paddr_t)__kernel_phys_start, kva_to_pa(__kernel_end), PAGE_KERNEL, arg);
    fn(records_pa, records_pa + records_bytes, PAGE_KERNEL, arg);
    for (int i = 0; i < bootmem_count(); i++)
        fn(bootmem_range(i)->start, bootmem_range(i)->end,
           bootmem_range(i)->kernel ? PAGE_KERNEL : PAGE_BOOT, arg);
    if (boot_info.has_fb && boot_info.fb.type == 1)
        fn(boot_info.fb.addr, boot_info.fb.addr + (uint64_t)boot_info.fb.pitch * boot_info.fb.height,
           PAGE_CONSOLE, arg);
}

/* A record as a mark of `kind` leaves it. */
static struct page page_record_for(enum page_kind kind)
{
    return (struct page){
        .kind = kind,
        .owner = kind == PAGE_KERNEL ? PAGE_OWNER_KERNEL : PAGE_OWNER_NONE,
        .refcount = kind == PAGE_KERNEL || kind == PAGE_BOOT ? 1 : 0,
        .link = NO_PFN,
    };
}

struct page_span { size_t lo, hi; };      /* pfns [lo, hi) */

static void page_mark_span(paddr_t start, paddr_t end, enum page_kind kind, void *arg)
{
    const struct page_span *sp = arg;
    size_t first = MAX(start >> PAGE_SHIFT, sp->lo);
    size_t last = MIN(ALIGN_UP(end, PAGE_SIZE) >> PAGE_SHIFT, sp->hi);
    struct page rec = page_record_for(kind);
    for (size_t pfn = first; pfn < last; pfn++)
        page_records[pfn] = rec;
}

void page_records_init(size_t lo, size_t hi)
{
    struct page_span sp = { lo, hi };
    page_mark_span(lo << PAGE_SHIFT, hi << PAGE_SHIFT, PAGE_RESERVED, &sp);
    page_marks_visit(page_mark_span, &sp);
}

struct page_one { size_t pfn; enum page_kind kind; };

static void page_mark_one(paddr_t start, paddr_t end, enum page_kind kind, void *arg)
{
    struct page_one *o = arg;
    if (o->pfn >= start >> PAGE_SHIFT && o->pfn < ALIGN_UP(end, PAGE_SIZE) >> PAGE_SHIFT)
        o->kind = kind;
}

const struct page *page_peek(size_t pfn, struct page *tmp)
{
    if (pfn < __atomic_load_n(&page_records_n, __ATOMIC_ACQUIRE))
        return &page_records[pfn];
    if (pfn >= page_records_cap)
        return 0;
    struct page_one o = { pfn, PAGE_RESERVED };
    page_marks_visit(page_mark_one, &o);
    *tmp = page_record_for(o.kind);
    return tmp;
}

/* page_boot_top: the first pfn boot need not write: past the first MiB,
 * the kernel image (pages of it join the allocator: page_adopt) and what
 * the loader left (freed once read). The records themselves are marked
 * whenever the frontier reaches them: they are never freed. */
static size_t page_boot_top(void)
{
    paddr_t end = MAX((paddr_t)0x100000, kva_to_pa(__kernel_end));
    for (int i = 0; i < bootmem_count(); i++)
        end = MAX(end, bootmem_range(i)->end);
    return MIN(ALIGN_UP(end, PAGE_SIZE) >> PAGE_SHIFT, page_records_cap);
}

static size_t page_overlap(paddr_t a0, paddr_t a1, paddr_t b0, paddr_t b1)
{
    paddr_t lo = MAX(a0, b0), hi = MIN(a1, b1);
    return hi > lo ? (hi - lo) >> PAGE_SHIFT : 0;
}

/* The pages past pfn `from` that will be free once their records are
 * written: usable RAM there, less the records (which lie in usable RAM).
 * A framebuffer in usable RAM would also count; page_init keeps it below
 * the frontier instead. */
static size_t page_deferred_free_from(size_t from)
{
    paddr_t lo = (paddr_t)from << PAGE_SHIFT, hi = (paddr_t)page_records_cap << PAGE_SHIFT;
    size_t n = 0;
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type == BOOT_MEM_USABLE)
            n += page_overlap(ALIGN_UP(m->base, PAGE_SIZE), ALIGN_DOWN(m->base + m->len, PAGE_SIZE), lo, hi);
    }
    return n - page_overlap(records_pa, records_pa + records_bytes, lo, hi);
}

/* A framebuffer that overlaps usable RAM (no firmware does that, but the
 * map is the firmware's word): its records are written at boot. */
static size_t page_boot_top_fb(size_t top)
{
    if (!boot_info.has_fb || boot_info.fb.type != 1)
        return top;
    paddr_t a = boot_info.fb.addr, b = a + (uint64_t)boot_info.fb.pitch * boot_info.fb.height;
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type == BOOT_MEM_USABLE && page_overlap(m->base, m->base + m->len, a, b))
            return MIN(MAX(top, ALIGN_UP(b, PAGE_SIZE) >> PAGE_SHIFT), page_records_cap);
    }
    return top;
}

void page_init(void)
{
#ifdef WEENSY_DEBUG
    page_junk = true;
#else
    page_junk = mm_check_always();
#endif
    paddr_t top = page_ram_top();
    page_records_cap = top >> PAGE_SHIFT;
    records_bytes = ALIGN_UP(page_records_cap * sizeof(struct page), PAGE_SIZE);
    records_pa = page_place_records(records_bytes, top);
    page_records = pa_to_kva(records_pa);
    size_t ready = page_boot_top_fb(page_boot_top());
    page_records_init(0, ready);
    page_free_list_start(ready, page_deferred_free_from(ready));
}
