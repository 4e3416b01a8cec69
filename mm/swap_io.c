/* swap_io.c -- INTERIM: swap=ram:SIZE backed by pages taken from the
 * allocator, until the block layer (dev/block.h) lands. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "mm/swap_io.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

static struct page **ram_pages;
static size_t ram_n;

size_t swap_io_init(void)
{
    const char *v = cmdline_get("swap");
    if (!v || strncmp(v, "ram", 3) != 0)
        return 0;
    size_t n = 1024;
    if (v[3] == ':') {
        n = 0;
        for (const char *c = v + 4; *c >= '0' && *c <= '9'; c++)
            n = n * 10 + (size_t)(*c - '0');
        n = n * 256;             /* MiB */
    }
    n = MIN(n, PAGE_SIZE / sizeof(void *) * 8);
    struct page *dir[8] = { 0 };
    ram_pages = 0;
    for (int i = 0; i < 8 && (size_t)i * 512 < n; i++) {
        dir[i] = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, PAGE_ZERO);
        if (!dir[i])
            return 0;
    }
    static struct page **dirs[8];
    for (int i = 0; i < 8; i++)
        dirs[i] = dir[i] ? page_kva(dir[i]) : 0;
    for (size_t i = 0; i < n; i++) {
        struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
        if (!pg)
            break;
        dirs[i / 512][i % 512] = pg;
        ram_n = i + 1;
    }
    ram_pages = (struct page **)dirs;
    return ram_n;
}

const char *swap_io_name(void) { return "ram (interim)"; }

static struct page *ram_page(uint32_t s)
{
    struct page ***dirs = (struct page ***)ram_pages;
    size_t i = s - 1;
    return i < ram_n ? dirs[i / 512][i % 512] : 0;
}

int swap_io_read(uint32_t s, struct page *pg)
{
    struct page *b = ram_page(s);
    if (!b)
        return -EIO;
    memcpy(page_kva(pg), page_kva(b), PAGE_SIZE);
    return 0;
}

int swap_io_write(uint32_t s, struct page *pg)
{
    struct page *b = ram_page(s);
    if (!b)
        return -EIO;
    memcpy(page_kva(b), page_kva(pg), PAGE_SIZE);
    return 0;
}
