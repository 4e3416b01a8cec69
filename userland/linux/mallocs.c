/* mallocs -- malloc, realloc and free in a pattern that grows, shrinks
 * and interleaves sizes from 1 byte to 1 MiB (brk and mmap both), every
 * block checked before it is freed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512

static uint32_t rng = 12345;

static uint32_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 17, rng ^= rng << 5;
    return rng;
}

int main(void)
{
    static unsigned char *p[SLOTS];
    static size_t len[SLOTS];
    unsigned long bytes = 0, ops = 0, bad = 0;
    for (int round = 0; round < 20000; round++) {
        int i = (int)(next() % SLOTS);
        if (p[i]) {
            for (size_t k = 0; k < len[i]; k += 97)
                bad += p[i][k] != (unsigned char)(i + k);
            if (next() % 4 == 0) {
                size_t n = len[i] * 2 + 1;
                unsigned char *q = realloc(p[i], n);
                if (!q)
                    return 2;
                for (size_t k = 0; k < len[i]; k += 97)
                    bad += q[k] != (unsigned char)(i + k);
                for (size_t k = 0; k < n; k++)
                    q[k] = (unsigned char)(i + k);
                p[i] = q, len[i] = n;
            } else {
                free(p[i]);
                p[i] = NULL;
            }
        } else {
            size_t n = (next() % 64 == 0) ? (next() % (1u << 20)) + 1 : (next() % 2000) + 1;
            p[i] = malloc(n);
            if (!p[i])
                return 2;
            for (size_t k = 0; k < n; k++)
                p[i][k] = (unsigned char)(i + k);
            len[i] = n;
            bytes += n;
        }
        ops++;
    }
    for (int i = 0; i < SLOTS; i++)
        free(p[i]);
    printf("mallocs: %lu operations, %lu bytes allocated, %lu bad bytes\n", ops, bytes, bad);
    return bad ? 1 : 0;
}
