/* stdio.h -- formatted output for user programs, on lib/fmt.c (the same
 * engine as the kernel's kprintf; see lib/fmt.h for the conversions).
 *
 * There is no FILE and no buffer that outlives a call: printf formats into
 * a buffer on its stack and hands the whole text to one write() before it
 * returns (a longer text goes out in buffer-sized pieces). So a line is one
 * write, output never waits for a flush, and a fork() cannot duplicate
 * pending output.
 */
#ifndef USER_STDIO_H
#define USER_STDIO_H
#include <stdarg.h>
#include <stddef.h>
#include "lib/fmt.h"      /* snprintf, vsnprintf, fmt_format */

#define EOF (-1)

/* printf/dprintf: return the number of characters produced, or -1 if a
 * write failed (errno set). */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *fmt, va_list ap);
/* puts: s and a newline in one write; a non-negative value, or EOF. */
int puts(const char *s);
/* putchar: c, or EOF. */
int putchar(int c);
#endif
