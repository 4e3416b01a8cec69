/* program.h -- the program cache: each program file, validated once, with
 * one shared physical copy of its read-only pages (text and constants), as
 * WeensyOS shares code between processes. Those pages are the file's own
 * page-cache pages (fs/pcache.h) wherever the segment's bytes all come
 * from the file, so exec, read() and mmap of the file share them. Every
 * process running the program maps them read-only and holds a reference;
 * the cache holds one more, so they stay loaded between runs.
 *
 * Records are keyed by vnode. Only a file on a read-only file system (the
 * initrd) keeps its record between execs: a file on a writable one (tmpfs)
 * may change at any time, so each exec of it parses it afresh into a
 * record of its own, which program_put drops once the image is mapped
 * (its pages stay in the file's page cache, and with the processes that
 * map them). A kept record holds its vnode for good, as the initrd's never
 * go; a passing one holds it until program_put.
 *
 * Locks: program_lock guards the table and the loading of pages. Order:
 * vmspace_list_lock (mm_check) -> program_lock -> pcache -> page_lock;
 * a file's first page is read (sleep locks) before program_lock is taken.
 */
#ifndef PROC_PROGRAM_H
#define PROC_PROGRAM_H
#include <stddef.h>
#include <stdbool.h>
#include "proc/elf.h"

struct page;
struct vnode;

struct program {
    struct vnode *vnode;         /* [const] the file, referenced */
    bool kept;                   /* [const] stays in the cache (read-only file system) */
    struct elf_image img;
    struct page *table;          /* the page that holds this record (and ro[]) */
    struct page *ro_table;       /* ro[]'s own page, for a big program (or NULL) */
    struct page **ro;            /* read-only pages, segment by segment */
    size_t nro;
    size_t nowned;               /* of them, copies of its own (the rest are
                                  * the file's page-cache pages) */
};

/* program_get: the program in file v (a regular file), loading its
 * read-only pages; drop it with program_put once its image is mapped. 0,
 * -ENOEXEC (*why says what is wrong with it), -E2BIG (too many read-only
 * pages) or -ENOMEM. */
int program_get(struct vnode *v, const struct program **out, const char **why);
void program_put(const struct program *prog);
/* program_fill_page: the bytes of the page at va (inside seg) as the
 * program starts, into kva: the file's bytes where the segment has them
 * (through its page cache), zeros else. 0, -ENOMEM, or -EAGAIN when the
 * file's page is out on swap slot *slot (read it, swap_read_slot, and try
 * again). Never sleeps. */
int program_fill_page(const struct program *prog, const struct elf_segment *seg, uintptr_t va, void *kva,
                      uint32_t *slot);
/* program_ro_page: the cached read-only page at va of read-only seg. */
struct page *program_ro_page(const struct program *prog, const struct elf_segment *seg, uintptr_t va);
/* program_cache_pages: pages the cache alone holds (its tables and
 * copies; pages it shares with the page cache count there). */
size_t program_cache_pages(void);
void program_init(void);
#endif
