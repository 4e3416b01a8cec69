/* elf.h -- checking a user program's ELF64 image before exec maps any of it.
 *
 * elf_parse() reads only the bytes it is given (never past size), copies
 * every header into a local first (the image may sit at any alignment: an
 * initrd file is only 512-byte aligned, and a hostile file may put its
 * program headers anywhere), and turns the PT_LOAD headers into a short,
 * sorted list the loader can map one segment at a time without checking
 * anything again. The rules (the why strings are in elf.c):
 *
 *  - a little-endian, x86-64 file: a static ET_EXEC one (no PT_INTERP
 *    or PT_DYNAMIC), or a static PIE one, ET_DYN with no PT_INTERP (its
 *    PT_DYNAMIC holds the relocations its start code applies to itself);
 *  - every byte a segment copies from the file lies inside the file;
 *  - ET_EXEC: every segment lies in [USER_BASE, USER_STACK_LIMIT -
 *    USER_STACK_GAP): not in the page at 0, not in the stack's region or
 *    the guard gap below it (a program reaching into the gap would turn a
 *    stack overflow into a silent write), not in the kernel half;
 *  - ET_DYN: every segment lies in [0, USER_PIE_SPAN) from the base exec
 *    picks (proc/aslr.h), which keeps it in the program area wherever the
 *    base falls;
 *  - no segment is larger than ELF_SEGMENT_MAX in memory (its bss costs
 *    nothing until touched, but no program needs more);
 *  - vaddr == offset modulo PAGE_SIZE, so pages can be filled whole;
 *  - no two segments share a page, so each page has one set of permissions;
 *  - no segment is both writable and executable (W^X);
 *  - the entry point lies in an executable segment.
 */
#ifndef PROC_ELF_H
#define PROC_ELF_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "kernel/elf.h"

#define ELF_MAX_SEGMENTS 8
#define ELF_SEGMENT_MAX (1UL << 30)   /* 1 GiB */

struct elf_segment {
    uintptr_t vaddr;            /* where the segment starts in memory */
    size_t memsz;               /* its size in memory (> 0) */
    size_t offset;              /* where its bytes start in the file */
    size_t filesz;              /* how many bytes come from the file; the
                                 * rest, up to memsz, is zero (.bss) */
    uint32_t flags;             /* PF_R | PF_W | PF_X, other bits dropped */
};

struct elf_image {
    bool pie;                   /* ET_DYN: every address here is relative to
                                 * the base exec loads it at */
    bool fixed;                 /* PT_WEENSY_FIXED: no randomized layout */
    uintptr_t entry;
    uintptr_t phdr;             /* where the program headers are in memory
                                 * (AT_PHDR), or 0 if no segment loads them */
    int phnum;                  /* how many program headers (AT_PHNUM) */
    int nsegs;
    struct elf_segment seg[ELF_MAX_SEGMENTS];   /* PT_LOAD, sorted by vaddr */
};

/* elf_parse: check the ELF64 executable at [data, data + size) and describe
 * its loadable segments in *img.
 * => returns 0, or -ENOEXEC with *why (if why is not NULL) set to a static
 *    string saying what is wrong; *img is then meaningless.
 * => PT_LOAD segments with memsz 0 are dropped; other header types
 *    (PT_NOTE, PT_GNU_STACK, PT_PHDR, PT_TLS...) are ignored. */
int elf_parse(const void *data, size_t size, struct elf_image *img,
              const char **why);
/* elf_parse_head: the same for a file of size bytes of which only the
 * first headlen are at head (exec reads a file's first page through the
 * page cache): the headers must lie in those, segments in the file. */
int elf_parse_head(const void *head, size_t headlen, size_t size, struct elf_image *img,
                   const char **why);
#endif
