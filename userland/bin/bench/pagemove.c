/* pagemove.c -- `bench pages`: what clearing and copying a 4 KiB page
 * costs with each way of doing it, on this CPU model and under this QEMU
 * mode (TCG or -icount). Not a kernel figure: the same instructions in user
 * mode, on pages already mapped, so that the kernel's choice (kernel
 * mm/page_move.c) can be made on measurements. docs/performance.md has
 * the results.
 *
 * Run on weensy's build only: the routines use XMM/YMM registers without
 * telling the compiler (weensy's user code is built with general registers
 * only, so nothing of the compiler's lives there), which musl's build
 * could not promise.
 */
#include "bench.h"

#define PM_PAGES 16              /* 64 KiB: the pages cycled through */

#ifndef BENCH_MUSL
static char *pm_dst, *pm_src;
static int pm_avx;

static void clear_loop8(char *p)
{
    long n = PAGE / 64;
    __asm__ volatile("1: movq %2, 0(%0); movq %2, 8(%0); movq %2, 16(%0); movq %2, 24(%0)\n"
                     "   movq %2, 32(%0); movq %2, 40(%0); movq %2, 48(%0); movq %2, 56(%0)\n"
                     "   addq $64, %0; decq %1; jnz 1b" : "+r"(p), "+r"(n) : "r"(0L) : "memory");
}
static void clear_stosq(char *p)
{
    long n = PAGE / 8;
    __asm__ volatile("rep stosq" : "+D"(p), "+c"(n) : "a"(0L) : "memory");
}
static void clear_stosb(char *p)
{
    long n = PAGE;
    __asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(0L) : "memory");
}
static void clear_movnti(char *p)
{
    long n = PAGE / 64;
    __asm__ volatile("1: movnti %2, 0(%0); movnti %2, 8(%0); movnti %2, 16(%0); movnti %2, 24(%0)\n"
                     "   movnti %2, 32(%0); movnti %2, 40(%0); movnti %2, 48(%0); movnti %2, 56(%0)\n"
                     "   addq $64, %0; decq %1; jnz 1b; sfence" : "+r"(p), "+r"(n) : "r"(0L) : "memory");
}
static void clear_sse(char *p)
{
    long n = PAGE / 128;
    __asm__ volatile("pxor %%xmm0, %%xmm0\n"
                     "1: movdqa %%xmm0, 0(%0); movdqa %%xmm0, 16(%0); movdqa %%xmm0, 32(%0)\n"
                     "   movdqa %%xmm0, 48(%0); movdqa %%xmm0, 64(%0); movdqa %%xmm0, 80(%0)\n"
                     "   movdqa %%xmm0, 96(%0); movdqa %%xmm0, 112(%0)\n"
                     "   addq $128, %0; decq %1; jnz 1b" : "+r"(p), "+r"(n) : : "memory");
}
static void clear_avx(char *p)
{
    long n = PAGE / 256;
    __asm__ volatile("vpxor %%ymm0, %%ymm0, %%ymm0\n"
                     "1: vmovdqa %%ymm0, 0(%0); vmovdqa %%ymm0, 32(%0); vmovdqa %%ymm0, 64(%0)\n"
                     "   vmovdqa %%ymm0, 96(%0); vmovdqa %%ymm0, 128(%0); vmovdqa %%ymm0, 160(%0)\n"
                     "   vmovdqa %%ymm0, 192(%0); vmovdqa %%ymm0, 224(%0)\n"
                     "   addq $256, %0; decq %1; jnz 1b" : "+r"(p), "+r"(n) : : "memory");
}
static void clear_avx_nt(char *p)
{
    long n = PAGE / 256;
    __asm__ volatile("vpxor %%ymm0, %%ymm0, %%ymm0\n"
                     "1: vmovntdq %%ymm0, 0(%0); vmovntdq %%ymm0, 32(%0); vmovntdq %%ymm0, 64(%0)\n"
                     "   vmovntdq %%ymm0, 96(%0); vmovntdq %%ymm0, 128(%0); vmovntdq %%ymm0, 160(%0)\n"
                     "   vmovntdq %%ymm0, 192(%0); vmovntdq %%ymm0, 224(%0)\n"
                     "   addq $256, %0; decq %1; jnz 1b; sfence" : "+r"(p), "+r"(n) : : "memory");
}

static void copy_loop8(char *d, const char *s)
{
    long n = PAGE / 32;
    uint64_t a, b, c, e;
    __asm__ volatile("1: movq 0(%1), %2; movq 8(%1), %3; movq 16(%1), %4; movq 24(%1), %5\n"
                     "   movq %2, 0(%0); movq %3, 8(%0); movq %4, 16(%0); movq %5, 24(%0)\n"
                     "   addq $32, %1; addq $32, %0; decq %6; jnz 1b"
                     : "+r"(d), "+r"(s), "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(e), "+r"(n) : : "memory");
}
static void copy_movsq(char *d, const char *s)
{
    long n = PAGE / 8;
    __asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}
static void copy_movsb(char *d, const char *s)
{
    long n = PAGE;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}
static void copy_sse(char *d, const char *s)
{
    long n = PAGE / 128;
    __asm__ volatile("1: movdqa 0(%1), %%xmm0; movdqa 16(%1), %%xmm1; movdqa 32(%1), %%xmm2\n"
                     "   movdqa 48(%1), %%xmm3; movdqa 64(%1), %%xmm4; movdqa 80(%1), %%xmm5\n"
                     "   movdqa 96(%1), %%xmm6; movdqa 112(%1), %%xmm7\n"
                     "   movdqa %%xmm0, 0(%0); movdqa %%xmm1, 16(%0); movdqa %%xmm2, 32(%0)\n"
                     "   movdqa %%xmm3, 48(%0); movdqa %%xmm4, 64(%0); movdqa %%xmm5, 80(%0)\n"
                     "   movdqa %%xmm6, 96(%0); movdqa %%xmm7, 112(%0)\n"
                     "   addq $128, %1; addq $128, %0; decq %2; jnz 1b"
                     : "+r"(d), "+r"(s), "+r"(n) : : "memory");
}
static void copy_avx(char *d, const char *s)
{
    long n = PAGE / 256;
    __asm__ volatile("1: vmovdqa 0(%1), %%ymm0; vmovdqa 32(%1), %%ymm1; vmovdqa 64(%1), %%ymm2\n"
                     "   vmovdqa 96(%1), %%ymm3; vmovdqa 128(%1), %%ymm4; vmovdqa 160(%1), %%ymm5\n"
                     "   vmovdqa 192(%1), %%ymm6; vmovdqa 224(%1), %%ymm7\n"
                     "   vmovdqa %%ymm0, 0(%0); vmovdqa %%ymm1, 32(%0); vmovdqa %%ymm2, 64(%0)\n"
                     "   vmovdqa %%ymm3, 96(%0); vmovdqa %%ymm4, 128(%0); vmovdqa %%ymm5, 160(%0)\n"
                     "   vmovdqa %%ymm6, 192(%0); vmovdqa %%ymm7, 224(%0)\n"
                     "   addq $256, %1; addq $256, %0; decq %2; jnz 1b"
                     : "+r"(d), "+r"(s), "+r"(n) : : "memory");
}
static void copy_avx_nt(char *d, const char *s)
{
    long n = PAGE / 256;
    __asm__ volatile("1: vmovdqa 0(%1), %%ymm0; vmovdqa 32(%1), %%ymm1; vmovdqa 64(%1), %%ymm2\n"
                     "   vmovdqa 96(%1), %%ymm3; vmovdqa 128(%1), %%ymm4; vmovdqa 160(%1), %%ymm5\n"
                     "   vmovdqa 192(%1), %%ymm6; vmovdqa 224(%1), %%ymm7\n"
                     "   vmovntdq %%ymm0, 0(%0); vmovntdq %%ymm1, 32(%0); vmovntdq %%ymm2, 64(%0)\n"
                     "   vmovntdq %%ymm3, 96(%0); vmovntdq %%ymm4, 128(%0); vmovntdq %%ymm5, 160(%0)\n"
                     "   vmovntdq %%ymm6, 192(%0); vmovntdq %%ymm7, 224(%0)\n"
                     "   addq $256, %1; addq $256, %0; decq %2; jnz 1b; sfence"
                     : "+r"(d), "+r"(s), "+r"(n) : : "memory");
}

static void (*pm_clear)(char *);
static void (*pm_copy)(char *, const char *);

static uint64_t pm_clear_run(long n)
{
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        pm_clear(pm_dst + (i % PM_PAGES) * PAGE);
    return rdtsc() - t0;
}
static uint64_t pm_copy_run(long n)
{
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        pm_copy(pm_dst + (i % PM_PAGES) * PAGE, pm_src + (i % PM_PAGES) * PAGE);
    return rdtsc() - t0;
}

/* AVX usable: the CPU has it and the kernel enabled its state (OSXSAVE,
 * and XCR0's SSE and AVX bits). */
static int pm_has_avx(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!((c >> 28) & 1) || !((c >> 27) & 1))
        return 0;
    __asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
    return (a & 6) == 6;
}

void bench_pages(void)
{
    static const struct { const char *name; void (*fn)(char *); int avx; } clears[] = {
        { "page_clear_loop8", clear_loop8, 0 }, { "page_clear_rep_stosq", clear_stosq, 0 },
        { "page_clear_rep_stosb", clear_stosb, 0 }, { "page_clear_movnti", clear_movnti, 0 },
        { "page_clear_sse", clear_sse, 0 }, { "page_clear_avx", clear_avx, 1 },
        { "page_clear_avx_nt", clear_avx_nt, 1 },
    };
    static const struct { const char *name; void (*fn)(char *, const char *); int avx; } copies[] = {
        { "page_copy_loop8", copy_loop8, 0 }, { "page_copy_rep_movsq", copy_movsq, 0 },
        { "page_copy_rep_movsb", copy_movsb, 0 }, { "page_copy_sse", copy_sse, 0 },
        { "page_copy_avx", copy_avx, 1 }, { "page_copy_avx_nt", copy_avx_nt, 1 },
    };
    pm_avx = pm_has_avx();
    pm_dst = map(PM_PAGES * PAGE, MAP_PRIVATE);
    pm_src = map(PM_PAGES * PAGE, MAP_PRIVATE);
    for (long i = 0; i < PM_PAGES * PAGE; i += 64)
        pm_dst[i] = pm_src[i] = (char)i;
    for (unsigned i = 0; i < sizeof clears / sizeof clears[0]; i++) {
        if (clears[i].avx && !pm_avx) {
            printf("bench: %s skipped: no AVX\n", clears[i].name);
            continue;
        }
        pm_clear = clears[i].fn;
        run(clears[i].name, pm_clear_run, 256);
    }
    for (unsigned i = 0; i < sizeof copies / sizeof copies[0]; i++) {
        if (copies[i].avx && !pm_avx) {
            printf("bench: %s skipped: no AVX\n", copies[i].name);
            continue;
        }
        pm_copy = copies[i].fn;
        run(copies[i].name, pm_copy_run, 256);
    }
}
#else
void bench_pages(void) { printf("bench: pages skipped: weensy's build only\n"); }
#endif
