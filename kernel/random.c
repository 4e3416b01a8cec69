/* random.c -- random bytes (see random.h). */
#include "kernel/kernel.h"
#include "kernel/random.h"
#include "kernel/spinlock.h"
#include "arch/x86_64/x86.h"

#define CPUID1_ECX_RDRAND (1u << 30)
#define RDRAND_RETRIES 10        /* Intel's advice: retry a few times, then give up */

static struct spinlock random_lock = SPINLOCK_INIT("random");
static uint64_t random_state;    /* [random_lock] the fallback's state */

bool random_has_rdrand(void)
{
    static int has = -1;
    if (has < 0) {
        uint32_t a, b, c, d;
        cpuid(1, 0, &a, &b, &c, &d);
        has = (c & CPUID1_ECX_RDRAND) != 0;
    }
    return has;
}

static bool random_rdrand(uint64_t *v)
{
    for (int i = 0; i < RDRAND_RETRIES; i++) {
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) :: "cc");
        if (ok)
            return true;
    }
    return false;
}

/* splitmix64 over a state stirred with the TSC at each call. */
static uint64_t random_fallback(void)
{
    spin_lock(&random_lock);
    random_state += 0x9e3779b97f4a7c15ULL ^ rdtsc();
    uint64_t z = random_state;
    spin_unlock(&random_lock);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void random_bytes(void *buf, size_t n)
{
    uint8_t *out = buf;
    while (n) {
        uint64_t v;
        if (!random_has_rdrand() || !random_rdrand(&v))
            v = random_fallback();
        size_t k = MIN(n, sizeof(v));
        memcpy(out, &v, k);
        out += k;
        n -= k;
    }
}
