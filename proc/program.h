/* program.h -- the program cache: each program of the initrd, validated
 * once, with one shared physical copy of its read-only pages (text and
 * constants), as WeensyOS shares code between processes. Every process
 * running the program maps those pages read-only and holds a reference;
 * the cache holds one more, so they stay loaded between runs.
 *
 * Locks: program_lock guards the table and the loading of pages. Order:
 * vmspace_list_lock (mm_check) -> program_lock -> page_lock.
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
size_t program_cache_pages(void);   /* pages the cache holds (tables too) */
void program_init(void);
#endif
