/* program.h -- the program cache: each program of the initrd, validated
 * once, with one shared physical copy of its read-only pages (text and
 * constants), as WeensyOS shares code between processes. Those pages are
 * the file's own page-cache pages (fs/pcache.h) wherever the segment's
 * bytes all come from the file, so exec, read() and mmap of /bin/NAME
 * share them. Every process running the program maps them read-only and
 * holds a reference; the cache holds one more, so they stay loaded
 * between runs.
 *
 * Locks: program_lock guards the table and the loading of pages. Order:
 * vmspace_list_lock (mm_check) -> program_lock -> pcache -> page_lock;
 * a file is looked up (sleep locks) before program_lock is taken.
 */
#ifndef PROC_PROGRAM_H
#define PROC_PROGRAM_H
#include <stddef.h>
#include "proc/elf.h"

struct page;

#define PROGRAM_NAME_MAX 64

struct program {
    char name[PROGRAM_NAME_MAX];
    const uint8_t *data;         /* the ELF file, in the initrd */
    size_t size;
    struct elf_image img;
    struct page *table;          /* the page that holds this record and ro[] */
    struct page **ro;            /* read-only pages, segment by segment */
    size_t nro;
    size_t nowned;               /* of them, copies of its own (the rest are
                                  * the file's page-cache pages) */
};

/* program_get: the program called name, loading its read-only pages on
 * first use. 0, -ENOENT (no such program), -ENOEXEC (*why says what is
 * wrong with it), -E2BIG (too many read-only pages) or -ENOMEM. */
int program_get(const char *name, const struct program **out, const char **why);
/* program_fill_page: the bytes of the page at va (inside seg) as the
 * program starts: file contents where the segment has them, zeros else. */
void program_fill_page(const struct program *prog, const struct elf_segment *seg,
                       uintptr_t va, void *kva);
/* program_ro_page: the cached read-only page at va of read-only seg. */
struct page *program_ro_page(const struct program *prog, const struct elf_segment *seg, uintptr_t va);
/* program_cache_pages: pages the cache alone holds (its tables and
 * copies; pages it shares with the page cache count there). */
size_t program_cache_pages(void);
void program_init(void);
#endif
