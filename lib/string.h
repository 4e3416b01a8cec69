/* string.h -- memory and string functions shared by the kernel and userland. */
#ifndef LIB_STRING_H
#define LIB_STRING_H
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
/* Page-sized helpers: 8-byte moves, several times faster than byte moves
 * under QEMU's TCG (docs/performance.md). Page-aligned pointers. */
void mem_fill_page(void *page, uint64_t v);
/* Kernel only (arch/x86_64/page_move.c): the fastest way the CPU offers,
 * picked at boot (page_move_pick). */
void mem_zero_page(void *page);
void mem_copy_page(void *dst, const void *src);
int mem_page_is_zero(const void *page);       /* 1 if all 4096 bytes are 0 */
#endif
