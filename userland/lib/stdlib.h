/* stdlib.h -- heap, number parsing, pseudo-random numbers. */
#ifndef USER_STDLIB_H
#define USER_STDLIB_H
#include <stddef.h>
#include <stdnoreturn.h>
#include "unistd.h"       /* exit */

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

/* The heap (malloc.c) starts at the first page boundary at or above _end
 * and grows upwards one page_alloc() at a time. Blocks are 16-byte aligned.
 * malloc/calloc/realloc return NULL (errno ENOMEM) when the kernel will not
 * map another page. free(NULL) does nothing; freeing anything that malloc
 * did not return (or freeing twice) prints a message and aborts. */
void *malloc(size_t n);
void free(void *p);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);

/* strtol/strtoul: skip white space, take an optional sign, then digits in
 * base 2..36; base 0 means 16 after "0x", 8 after "0", else 10; base 16
 * also accepts "0x". *end (if end is not NULL) points after the last digit,
 * or at s when there was none. Out of range: clamp and set errno ERANGE. */
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
int atoi(const char *s);
long atol(const char *s);
int abs(int x);
long labs(long x);

/* rand: deterministic 64-bit LCG, 0..RAND_MAX; the seed is 1 until
 * srand() is called, as in C. */
int rand(void);
void srand(unsigned seed);

/* abort: report and die on an invalid opcode (the kernel kills the process
 * with SIGILL). */
noreturn void abort(void);
#endif
