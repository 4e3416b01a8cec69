/* stdio.c -- printf and friends: format into a stack buffer, one write. */
#include "stdio.h"
#include "string.h"
#include "unistd.h"

#define OUTBUF_SIZE 256

struct outbuf {
    int fd;
    int failed;
    size_t len;
    char buf[OUTBUF_SIZE];
};

/* out_flush: write everything buffered, retrying short writes. */
static void out_flush(struct outbuf *o)
{
    size_t done = 0;
    while (done < o->len && !o->failed) {
        ssize_t n = write(o->fd, o->buf + done, o->len - done);
        if (n <= 0)
            o->failed = 1;
        else
            done += (size_t)n;
    }
    o->len = 0;
}

static void out_put(void *ctx, char c)
{
    struct outbuf *o = ctx;
    if (o->len == sizeof(o->buf))
        out_flush(o);
    o->buf[o->len++] = c;
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
    struct outbuf o;
    o.fd = fd;
    o.failed = 0;
    o.len = 0;
    int n = fmt_format(out_put, &o, fmt, ap);
    out_flush(&o);
    return o.failed ? -1 : n;
}

int dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *fmt, va_list ap)
{
    return vdprintf(STDOUT_FILENO, fmt, ap);
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(STDOUT_FILENO, fmt, ap);
    va_end(ap);
    return n;
}

int puts(const char *s)
{
    return printf("%s\n", s) < 0 ? EOF : 0;
}

int putchar(int c)
{
    unsigned char ch = (unsigned char)c;
    return write(STDOUT_FILENO, &ch, 1) == 1 ? ch : EOF;
}
