/* stdlib.c -- number parsing, rand, abort, assert's failure path. */
#include <limits.h>
#include <stdint.h>
#include "assert.h"
#include "stdio.h"
#include "stdlib.h"

static int is_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* digit_value: c's value as a digit in bases up to 36, or 99. */
static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* parse: the common part of strtol/strtoul. Returns the magnitude, sets
 * *neg, and *overflow when the magnitude did not fit in unsigned long. */
static unsigned long parse(const char *s, char **end, int base, int *neg,
                           int *overflow)
{
    const char *p = s;
    unsigned long v = 0;
    int any = 0;

    *neg = 0;
    *overflow = 0;
    while (is_space(*p))
        p++;
    if (*p == '+' || *p == '-')
        *neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 0x20) == 'x' &&
        digit_value(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    if (base >= 2 && base <= 36) {
        for (int d; (d = digit_value(*p)) < base; p++) {
            any = 1;
            if (__builtin_mul_overflow(v, (unsigned long)base, &v) ||
                __builtin_add_overflow(v, (unsigned long)d, &v))
                *overflow = 1;
        }
    } else {
        errno = EINVAL;
    }
    if (end)
        *end = (char *)(any ? p : s);
    return *overflow ? ULONG_MAX : v;
}

long strtol(const char *s, char **end, int base)
{
    int neg, overflow;
    unsigned long v = parse(s, end, base, &neg, &overflow);
    unsigned long limit = neg ? (unsigned long)LONG_MAX + 1 : LONG_MAX;
    if (overflow || v > limit) {
        errno = ERANGE;
        return neg ? LONG_MIN : LONG_MAX;
    }
    return neg ? (long)(0 - v) : (long)v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    int neg, overflow;
    unsigned long v = parse(s, end, base, &neg, &overflow);
    if (overflow) {
        errno = ERANGE;
        return ULONG_MAX;
    }
    return neg ? 0 - v : v;
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }

static uint64_t rand_state = 1;

/* Knuth's MMIX LCG; the high bits are the good ones. */
int rand(void)
{
    rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)(rand_state >> 33);
}

void srand(unsigned seed)
{
    rand_state = seed;
}

noreturn void abort(void)
{
    dprintf(STDERR_FILENO, "abort: pid %d\n", getpid());
    __builtin_trap();
}

noreturn void __assert_fail(const char *expr, const char *file, int line,
                            const char *func)
{
    dprintf(STDERR_FILENO, "assertion failed: %s (%s:%d, %s)\n", expr, file,
            line, func);
    abort();
}
