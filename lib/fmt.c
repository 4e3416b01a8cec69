/* fmt.c -- a small printf engine with no dependencies. */
#include <stdint.h>
#include <stdbool.h>
#include "lib/fmt.h"
#include "lib/string.h"

struct fmt_spec {
    bool left, zero, alt;
    char sign;             /* '+' or ' ' for non-negative signed numbers, or 0 */
    int width, prec;       /* prec < 0: none given */
    int length;            /* 0 int, 1 long, 2 long long, -1 short */
};

struct fmt_out {
    fmt_put_fn put;
    void *ctx;
    int count;
};

static void out_char(struct fmt_out *o, char c)
{
    o->put(o->ctx, c);
    o->count++;
}

static void out_pad(struct fmt_out *o, char c, int n)
{
    while (n-- > 0)
        out_char(o, c);
}

/* Write digits of v in base (10, 16, 8), honouring width/flags/sign;
 * sign is '-', '+', ' ' or 0 (none). */
static void out_number(struct fmt_out *o, const struct fmt_spec *s, uint64_t v,
                       char sign, unsigned base, bool upper, const char *prefix)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    int n = 0;
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    int prec_zeros = s->prec > n ? s->prec - n : 0;
    int plen = (int)strlen(prefix) + (sign ? 1 : 0);
    int pad = s->width - n - prec_zeros - plen;
    if (!s->left && !(s->zero && s->prec < 0))
        out_pad(o, ' ', pad);
    if (sign)
        out_char(o, sign);
    for (const char *p = prefix; *p; p++)
        out_char(o, *p);
    if (!s->left && s->zero && s->prec < 0)
        out_pad(o, '0', pad);
    out_pad(o, '0', prec_zeros);
    while (n > 0)
        out_char(o, buf[--n]);
    if (s->left)
        out_pad(o, ' ', pad);
}

static void out_string(struct fmt_out *o, const struct fmt_spec *s, const char *str)
{
    if (!str)
        str = "(null)";
    int len = (int)(s->prec >= 0 ? strnlen(str, (size_t)s->prec) : strlen(str));
    if (!s->left)
        out_pad(o, ' ', s->width - len);
    for (int i = 0; i < len; i++)
        out_char(o, str[i]);
    if (s->left)
        out_pad(o, ' ', s->width - len);
}

/* Parse flags, width, precision and length; returns the conversion char. */
static const char *parse_spec(const char *f, struct fmt_spec *s, va_list *ap)
{
    *s = (struct fmt_spec){ .prec = -1 };
    for (;; f++) {
        if (*f == '-') s->left = true;
        else if (*f == '0') s->zero = true;
        else if (*f == '#') s->alt = true;
        else if (*f == '+') s->sign = '+';
        else if (*f == ' ' && s->sign != '+') s->sign = ' ';
        else break;
    }
    if (*f == '*') {
        s->width = va_arg(*ap, int);
        if (s->width < 0) { s->left = true; s->width = -s->width; }
        f++;
    }
    while (*f >= '0' && *f <= '9')
        s->width = s->width * 10 + (*f++ - '0');
    if (*f == '.') {
        f++;
        s->prec = 0;
        if (*f == '*') { s->prec = va_arg(*ap, int); f++; }
        while (*f >= '0' && *f <= '9')
            s->prec = s->prec * 10 + (*f++ - '0');
    }
    for (;; f++) {
        if (*f == 'l') s->length++;
        else if (*f == 'z' || *f == 'j' || *f == 't') s->length = 1;
        else if (*f == 'h') s->length = -1;
        else break;
    }
    return f;
}

static uint64_t arg_unsigned(const struct fmt_spec *s, va_list *ap)
{
    if (s->length >= 1)
        return va_arg(*ap, unsigned long);
    return va_arg(*ap, unsigned int);
}

static int64_t arg_signed(const struct fmt_spec *s, va_list *ap)
{
    if (s->length >= 1)
        return va_arg(*ap, long);
    return va_arg(*ap, int);
}

int fmt_format(fmt_put_fn put, void *ctx, const char *fmt, va_list ap_in)
{
    struct fmt_out o = { put, ctx, 0 };
    struct fmt_spec s;
    va_list ap;
    va_copy(ap, ap_in);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            out_char(&o, *f);
            continue;
        }
        f = parse_spec(f + 1, &s, &ap);
        switch (*f) {
        case 'd': case 'i': {
            int64_t v = arg_signed(&s, &ap);
            out_number(&o, &s, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0 ? '-' : s.sign, 10, false, "");
            break;
        }
        case 'u': out_number(&o, &s, arg_unsigned(&s, &ap), 0, 10, false, ""); break;
        case 'x': out_number(&o, &s, arg_unsigned(&s, &ap), 0, 16, false, s.alt ? "0x" : ""); break;
        case 'X': out_number(&o, &s, arg_unsigned(&s, &ap), 0, 16, true, s.alt ? "0X" : ""); break;
        case 'o': out_number(&o, &s, arg_unsigned(&s, &ap), 0, 8, false, s.alt ? "0" : ""); break;
        case 'p': out_number(&o, &s, (uintptr_t)va_arg(ap, void *), 0, 16, false, "0x"); break;
        case 's': out_string(&o, &s, va_arg(ap, const char *)); break;
        case 'c': out_char(&o, (char)va_arg(ap, int)); break;
        case '%': out_char(&o, '%'); break;
        case 0: f--; break;
        default: out_char(&o, '%'); out_char(&o, *f); break;
        }
    }
    va_end(ap);
    return o.count;
}

struct snbuf {
    char *buf;
    size_t size, len;
};

static void snbuf_put(void *ctx, char c)
{
    struct snbuf *b = ctx;
    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct snbuf b = { buf, size, 0 };
    int n = fmt_format(snbuf_put, &b, fmt, ap);
    if (size > 0)
        buf[b.len < size ? b.len : size - 1] = 0;
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
