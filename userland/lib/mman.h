/* mman.h -- memory mappings, libc style (Linux's <sys/mman.h> names and
 * values, which the kernel's mm/mmap.c uses too): anonymous memory (fd -1
 * with MAP_ANONYMOUS) or a file's pages (docs/files.md).
 */
#ifndef USER_MMAN_H
#define USER_MMAN_H
#include <stddef.h>
#include <stdint.h>
#include "include/weensy/fs.h"   /* MS_* */

#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON      MAP_ANONYMOUS

#define MAP_FAILED ((void *)-1)

/* mremap's flags (Linux's) */
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED   2

/* mmap: the mapping's address, or MAP_FAILED and errno. Pages appear on
 * first touch. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
/* mremap: the mapping at addr (old_len bytes, inside one mapping) made
 * new_len bytes long, in place or, with MREMAP_MAYMOVE, moved with its
 * pages; with MREMAP_FIXED too, moved to new_addr. Its address, or
 * MAP_FAILED and errno. */
void *mremap(void *addr, size_t old_len, size_t new_len, int flags, void *new_addr);
/* msync: flags MS_ASYNC or MS_SYNC, optionally | MS_INVALIDATE
 * (include/weensy/fs.h); addr page-aligned. */
int msync(void *addr, size_t len, int flags);
/* rss_limit: keep at most `pages` pages of this process in memory
 * (RLIMIT_RSS, soft and hard, through prlimit64; the rest goes to swap,
 * docs/swap.md); the limit now in force, in pages, or -1 and errno. */
long rss_limit(unsigned long pages);
#endif
