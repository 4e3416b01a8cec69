/* page.c -- the physical page allocator: records for every page below the
 * top of (capped) RAM, a LIFO free list threaded through the records, O(1)
 * allocation and free. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "kernel/cmdline.h"
#include "mm/page.h"
#include "mm/bootmem.h"
#include "mm/mm_check.h"
#include "mm/failalloc.h"
#include "arch/x86_64/multiboot.h"

#define NO_PFN 0xffffffffu

extern char __kernel_phys_start[], __kernel_end[];

static struct spinlock page_lock = SPINLOCK_INIT("page");
struct page *page_records;        /* records, indexed by pfn */
size_t page_records_n;            /* records */
static size_t nmanaged;           /* pages handed to the free list at boot */
static size_t nfree;              /* [page_lock] */
static uint32_t free_head = NO_PFN;   /* [page_lock] */
bool page_junk;

static const char *const kind_names[PAGE_KIND_COUNT] = {
    "free", "reserved", "kernel", "boot", "console", "pagetable", "user", "shared",
};

const char *page_kind_name(enum page_kind k) { return k < PAGE_KIND_COUNT ? kind_names[k] : "?"; }
size_t page_nfree(void) { return __atomic_load_n(&nfree, __ATOMIC_RELAXED); }
size_t page_nmanaged(void) { return nmanaged; }
size_t page_nrecords(void) { return page_records_n; }

void page_count_kinds(size_t counts[PAGE_KIND_COUNT])
{
    for (int k = 0; k < PAGE_KIND_COUNT; k++)
        counts[k] = 0;
    for (const struct page *pg = page_records, *end = pg + page_records_n; pg < end; pg++) {
        uint8_t kind = __atomic_load_n(&pg->kind, __ATOMIC_RELAXED);
        if (kind < PAGE_KIND_COUNT)
            counts[kind]++;
    }
}
paddr_t page_top(void) { return (paddr_t)page_records_n << PAGE_SHIFT; }


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

static void page_mark(paddr_t start, paddr_t end, enum page_kind kind)
{
    size_t first = start >> PAGE_SHIFT;
    size_t last = MIN(ALIGN_UP(end, PAGE_SIZE) >> PAGE_SHIFT, page_records_n);
    int32_t owner = kind == PAGE_KERNEL ? PAGE_OWNER_KERNEL : PAGE_OWNER_NONE;
    uint32_t refcount = kind == PAGE_KERNEL || kind == PAGE_BOOT ? 1 : 0;
    for (size_t pfn = first; pfn < last; pfn++) {   /* first may lie past the records */
        struct page *pg = &page_records[pfn];
        pg->kind = kind;
        pg->owner = owner;
        pg->refcount = refcount;
    }
}

/* Mark every page the allocator must never hand out. Everything starts
 * reserved; usable RAM is opened up, then the known users are closed again. */
static void page_mark_all(paddr_t records_pa, size_t records_bytes)
{
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type == BOOT_MEM_USABLE)
            page_mark(ALIGN_UP(m->base, PAGE_SIZE), ALIGN_DOWN(m->base + m->len, PAGE_SIZE), PAGE_FREE);
    }
    page_mark(0, 0x100000, PAGE_RESERVED);                  /* first MiB */
    page_mark(0xa0000, 0xc0000, PAGE_CONSOLE);              /* VGA memory */
    page_mark((paddr_t)__kernel_phys_start, kva_to_pa(__kernel_end), PAGE_KERNEL);
    page_mark(records_pa, records_pa + records_bytes, PAGE_KERNEL);
    for (int i = 0; i < bootmem_count(); i++)
        page_mark(bootmem_range(i)->start, bootmem_range(i)->end, PAGE_BOOT);
    if (boot_info.has_fb && boot_info.fb.type == 1)
        page_mark(boot_info.fb.addr, boot_info.fb.addr + (uint64_t)boot_info.fb.pitch * boot_info.fb.height,
                  PAGE_CONSOLE);
}

void page_init(void)
{
#ifdef WEENSY_DEBUG
    page_junk = true;
#else
    page_junk = mm_check_always();
#endif
    paddr_t top = page_ram_top();
    page_records_n = top >> PAGE_SHIFT;
    size_t bytes = ALIGN_UP(page_records_n * sizeof(struct page), PAGE_SIZE);
    paddr_t records_pa = page_place_records(bytes, top);
    page_records = pa_to_kva(records_pa);
    for (size_t i = 0; i < page_records_n; i++)
        page_records[i] = (struct page){ .kind = PAGE_RESERVED, .owner = PAGE_OWNER_NONE, .link = NO_PFN };
    page_mark_all(records_pa, bytes);

    /* Thread the free list so that low addresses come out first, which
     * makes the memory viewer fill up from the left as in WeensyOS. */
    for (size_t pfn = page_records_n; pfn-- > 0;) {
        if (page_records[pfn].kind != PAGE_FREE)
            continue;
        page_records[pfn].link = free_head;
        free_head = pfn;
        nfree++;
    }
    nmanaged = nfree;
}

/* page_alloc: take a free page for `kind` held by `owner`; refcount 1.
 * Returns NULL when memory is exhausted, or when fault injection says so
 * (mm/failalloc.h). */
struct page *page_alloc(enum page_kind kind, int owner, int flags)
{
    return failalloc_now() ? 0 : page_alloc_raw(kind, owner, flags);
}

struct page *page_alloc_raw(enum page_kind kind, int owner, int flags)
{
    spin_lock(&page_lock);
    if (free_head == NO_PFN) {
        spin_unlock(&page_lock);
        return 0;
    }
    struct page *pg = &page_records[free_head];
    assert(pg->kind == PAGE_FREE && pg->refcount == 0);
    free_head = pg->link;
    bool zeroed = pg->flags & PG_ZEROED;
    pg->link = NO_PFN;
    pg->kind = kind;
    pg->owner = owner;
    pg->flags = 0;
    pg->refcount = 1;
    nfree--;
    spin_unlock(&page_lock);
    if ((flags & PAGE_ZERO) && !zeroed)
        mem_zero_page(page_kva(pg));
    return pg;
}

void page_ref_bad(struct page *pg, uint32_t old)
{
    panic("page_ref: %s page %#lx has refcount %u", page_kind_name(pg->kind), page_to_pa(pg), old);
}

void page_put_bad(struct page *pg)
{
    panic("page_put: %s page %#lx", page_kind_name(pg->kind), page_to_pa(pg));
}

/* page_free: put pg on the free list; zeroed: it holds only zeros. */
static void page_free(struct page *pg, bool zeroed)
{
    if (page_junk) {
        if (zeroed && !mem_page_is_zero(page_kva(pg)))
            panic("page_put_zeroed: page %#lx (%s, owner %d) is not all zeros", page_to_pa(pg),
                  page_kind_name(pg->kind), pg->owner);
        mem_fill_page(page_kva(pg), 0x0101010101010101UL * PAGE_JUNK_FREE);
        zeroed = false;
    }
    spin_lock(&page_lock);
    pg->kind = PAGE_FREE;
    pg->owner = PAGE_OWNER_NONE;
    pg->flags = zeroed ? PG_ZEROED : 0;
    pg->rmap = 0;
    pg->link = free_head;
    free_head = pg - page_records;
    nfree++;
    spin_unlock(&page_lock);
}

/* page_drop: drop a reference that may be the last one; zeroed: the
 * holder left the page all zeros. Interrupts stay off from the count's
 * drop until the page is on the free list: a kernel page is freed outside
 * any lock mm_check takes (kfree, kernel stacks, exec's path page), and
 * mm_check -- which any process may run, at any tick -- must never find a
 * page that nobody holds but that is not free yet (one CPU; more will need
 * a lock here). The junk fill makes that window long. */
static void page_drop(struct page *pg, bool zeroed)
{
    push_off();
    uint32_t old = __atomic_fetch_sub(&pg->refcount, 1, __ATOMIC_ACQ_REL);
    if (old == 0)
        panic("page_put: page %#lx (%s, owner %d) has no references", page_to_pa(pg),
              page_kind_name(pg->kind), pg->owner);
    if (old == 1)
        page_free(pg, zeroed);
    pop_off();
}

void page_put_last(struct page *pg)
{
    page_drop(pg, false);
}

void page_put_zeroed(struct page *pg)
{
    if (pg->kind == PAGE_FREE || pg->kind == PAGE_RESERVED || pg->kind == PAGE_CONSOLE)
        page_put_bad(pg);
    page_drop(pg, true);
}

void page_set_owner(struct page *pg, enum page_kind kind, int owner)
{
    spin_lock(&page_lock);
    pg->kind = kind;
    pg->owner = owner;
    spin_unlock(&page_lock);
}
