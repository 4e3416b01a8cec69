/* string.c -- freestanding memory and string functions (kernel and userland).
 * The compiler emits calls to memcpy/memmove/memset/memcmp on its own, so
 * these must exist and must not call themselves through the optimizer. */
#include <stdint.h>
#include "lib/string.h"

void *memcpy(void *dst, const void *src, size_t n)
{
    void *ret = dst;
    if ((((uintptr_t)dst | (uintptr_t)src | n) & 7) == 0) {
        size_t q = n / 8;
        __asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(q) : : "memory");
    } else {
        __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
    }
    return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    /* overlapping with dst above src: copy backwards */
    unsigned char *de = d + n - 1;
    const unsigned char *se = s + n - 1;
    __asm__ volatile("std; rep movsb; cld" : "+D"(de), "+S"(se), "+c"(n) : : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *ret = dst;
    if ((((uintptr_t)dst | n) & 7) == 0) {
        uint64_t v = 0x0101010101010101ULL * (uint8_t)c;
        size_t q = n / 8;
        __asm__ volatile("rep stosq" : "+D"(dst), "+c"(q) : "a"(v) : "memory");
    } else {
        __asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
    }
    return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++) {
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    }
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++)
        if (p[i] == (unsigned char)c)
            return (void *)(p + i);
    return 0;
}

char *strrchr(const char *s, int c)
{
    const char *last = 0;
    do {
        if (*s == (char)c)
            last = s;
    } while (*s++);
    return (char *)last;
}

char *strchr(const char *s, int c)
{
    for (; *s; s++)
        if (*s == (char)c)
            return (char *)s;
    return c == 0 ? (char *)s : 0;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = 0;
    }
    return len;
}

/* mem_fill_page: a whole 4 KiB page with plain 8-byte moves, eight per
 * loop turn. Not `rep stosq`: QEMU's TCG runs a rep-prefixed instruction
 * one iteration per trip through its main loop, which made it cost several
 * times more than this loop (docs/performance.md). The kernel's
 * mem_zero_page and mem_copy_page are arch/x86_64/page_move.c. */
void mem_fill_page(void *page, uint64_t v)
{
    size_t turns = 4096 / 64;
    __asm__ volatile("1: movq %2, 0(%0); movq %2, 8(%0); movq %2, 16(%0); movq %2, 24(%0)\n"
                     "   movq %2, 32(%0); movq %2, 40(%0); movq %2, 48(%0); movq %2, 56(%0)\n"
                     "   addq $64, %0; decq %1; jnz 1b"
                     : "+r"(page), "+r"(turns) : "r"(v) : "memory");
}

int mem_page_is_zero(const void *page)
{
    const uint64_t *w = page;
    uint64_t any = 0;
    for (size_t i = 0; i < 4096 / 8; i++)
        any |= w[i];
    return any == 0;
}
