/* ramdisk.c -- ram0 (ramdisk.h).
 *
 * Its pages need not be contiguous: a two-level directory maps the
 * device's page numbers to physical pages, 512 to a directory page, and
 * the directory pages come from the same source as the data pages (none
 * of it in the kernel image, which mem=2M machines cannot spare). With mem=CAP the
 * source is the usable RAM above CAP (and above the kernel image), less
 * what boot moved there (bootmem: the modules); the direct map covers all
 * usable RAM, so it needs no mapping. Without a cap it is the page
 * allocator, at boot, before the free-page baselines the leak checks use,
 * so those pages simply count as the kernel's.
 *
 * The directory is written once, at boot, and only read after; a request
 * is a copy through the direct map, done before blk_submit returns. Two
 * requests to one page at once are their callers' business, as on a disk.
 * No lock. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "dev/ramdisk.h"
#include "mm/bootmem.h"
#include "mm/page.h"
#include "arch/x86_64/multiboot.h"

#define RAMDISK_PER_DIR (PAGE_SIZE / sizeof(paddr_t))
#define RAMDISK_MAX_DIRS 512                 /* 1 GiB */
#define RAMDISK_MAX_PAGES (RAMDISK_MAX_DIRS * RAMDISK_PER_DIR)

extern char __kernel_end[];

static struct blkdev ram0;
static paddr_t **dirs;           /* RAMDISK_MAX_DIRS directory pages: itself the first page taken */

/* Where the next page above the cap is looked for. */
struct ramdisk_cursor {
    int entry;
    paddr_t pa;
    paddr_t floor;               /* the cap, or the kernel's end if higher */
};

static paddr_t ramdisk_next_high(struct ramdisk_cursor *c)
{
    for (; c->entry < boot_info.mmap_count; c->entry++, c->pa = 0) {
        const struct boot_mmap_entry *m = &boot_info.mmap[c->entry];
        if (m->type != BOOT_MEM_USABLE)
            continue;
        paddr_t end = ALIGN_DOWN(m->base + m->len, PAGE_SIZE);
        c->pa = MAX(c->pa, ALIGN_UP(MAX(m->base, c->floor), PAGE_SIZE));
        for (; c->pa + PAGE_SIZE <= end; c->pa += PAGE_SIZE)
            if (!bootmem_overlaps(c->pa, c->pa + PAGE_SIZE)) {
                c->pa += PAGE_SIZE;
                return c->pa - PAGE_SIZE;
            }
    }
    return 0;
}

static paddr_t ramdisk_next_free(void)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    return pg ? page_to_pa(pg) : 0;
}

static paddr_t ramdisk_pa(uint64_t page)
{
    return dirs[page / RAMDISK_PER_DIR][page % RAMDISK_PER_DIR];
}

static void ramdisk_submit(struct blkdev *d, struct blk_req *r)
{
    assert(d == &ram0 && r->page < ram0.npages && ram0.npages - r->page >= r->npages);
    for (uint32_t i = 0; i < r->npages; i++) {
        void *disk = pa_to_kva(ramdisk_pa(r->page + i));
        void *mem = pa_to_kva(blk_req_pa(r, i));
        if (r->write)
            memcpy(disk, mem, PAGE_SIZE);
        else
            memcpy(mem, disk, PAGE_SIZE);
    }
    blk_end(r, 0);
}

static const struct blkdev_ops ramdisk_ops = { .submit = ramdisk_submit };

/* Take pages from the source until want data pages are had or it runs
 * dry: the first becomes the top directory, and every 512th one after a
 * directory page, before the data pages it lists. */
static uint64_t ramdisk_fill(uint64_t want, paddr_t cap)
{
    struct ramdisk_cursor c = { .floor = MAX(cap, kva_to_pa(__kernel_end)) };
    uint64_t n = 0;
    while (n < want) {
        paddr_t pa = cap ? ramdisk_next_high(&c) : ramdisk_next_free();
        if (!pa)
            break;
        if (!dirs) {
            dirs = pa_to_kva(pa);
            memset(dirs, 0, PAGE_SIZE);
            continue;
        }
        if (n % RAMDISK_PER_DIR == 0 && !dirs[n / RAMDISK_PER_DIR]) {
            dirs[n / RAMDISK_PER_DIR] = pa_to_kva(pa);
            continue;
        }
        dirs[n / RAMDISK_PER_DIR][n % RAMDISK_PER_DIR] = pa;
        n++;
    }
    return n;
}

struct blkdev *ramdisk_create(uint64_t bytes)
{
    if (ram0.ops)
        return NULL;
    paddr_t cap = cmdline_get_size("mem");
    bool all = !bytes && cap;    /* "as much as there is": no shortfall */
    if (!bytes)
        bytes = cap ? RAMDISK_MAX_PAGES * PAGE_SIZE : RAMDISK_DEFAULT_SIZE;
    uint64_t want = MIN(bytes / PAGE_SIZE, RAMDISK_MAX_PAGES);
    uint64_t n = ramdisk_fill(want, cap);
    char less[48] = "";
    if (n < want && !all)
        snprintf(less, sizeof(less), ", fewer than the %lu asked for", want);
    kprintf("ramdisk: ram0, %lu KiB (%lu pages) %s%s\n", n * PAGE_SIZE >> 10, n,
            cap ? "of the RAM above the mem= cap" : "taken from the free pages", less);
    if (n == 0)
        return NULL;
    strlcpy(ram0.name, "ram0", sizeof(ram0.name));
    ram0.npages = n;
    ram0.max_pages = BLK_MAX_PAGES;     /* a copy per page: any count will do */
    ram0.ops = &ramdisk_ops;
    blk_register(&ram0);
    return &ram0;
}
