/* fmt.h -- the printf formatting engine, shared by kprintf and user printf. */
#ifndef LIB_FMT_H
#define LIB_FMT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_put_fn)(void *ctx, char c);

/* fmt_format: format like printf, handing each character to put(ctx, c).
 * Supports %d %i %u %x %X %o %p %s %c %%, the l/ll/z/h length modifiers,
 * '-' and '0' flags, a width and a precision (also as '*').
 * Returns the number of characters produced. */
int fmt_format(fmt_put_fn put, void *ctx, const char *fmt, va_list ap);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
