/* page_move.c -- clearing and copying whole 4 KiB pages (mem_zero_page,
 * mem_copy_page: lib/string.h), most of the work of a page fault.
 *
 * Three ways: 8-byte moves through general registers, 16-byte SSE moves
 * (every x86-64 CPU has SSE2) and 32-byte AVX moves (where CPUID offers
 * AVX and fpu.c enabled its state in XCR0). page_move_pick times each one
 * the CPU offers on two scratch pages at boot, after fpu_init_bsp, and
 * keeps the fastest for clearing and for copying, which it names in one
 * boot line. Timing rather than a fixed order because the answer depends
 * on the machine: under QEMU's TCG a vector load costs more than a
 * general-register one, so the 8-byte loop copies fastest in wall-clock
 * time while AVX clears fastest; under -icount, where time is instructions,
 * AVX wins both (docs/performance.md has the figures). Not `rep stosq` /
 * `rep movsq`: TCG runs a rep-prefixed instruction one iteration per trip
 * through its main loop, slower than every way here (the same page).
 *
 * The vector ways borrow XMM/YMM registers that hold the user thread's
 * values while the kernel runs (switching is eager: proc/fpu_switch.h).
 * Each saves the registers it uses on its own stack and puts them back,
 * with interrupts off in between: no interrupt handler and no switch away
 * (which would save the kernel's values as the thread's, or skip the
 * restore of the next thread's) can see the borrowed registers. Nested in
 * an NMI, the same save and restore keep the interrupted copy's values.
 */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/page_move.h"
#include "mm/page.h"

#define XFEATURE_AVX (1UL << 2)

/* Interrupts off around a borrowing of vector registers (above); the
 * flags to give back to pm_irq_restore. */
static inline uint64_t pm_irq_save(void)
{
    uint64_t f;
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
    return f;
}

static inline void pm_irq_restore(uint64_t f)
{
    if (f & RFLAGS_IF)
        __asm__ volatile("sti" : : : "memory");
}

static void zero_gpr(void *page)
{
    mem_fill_page(page, 0);
}

static void copy_gpr(void *dst, const void *src)
{
    size_t turns = PAGE_SIZE / 32;
    uint64_t a, b, c, d;
    __asm__ volatile("1: movq 0(%1), %2; movq 8(%1), %3; movq 16(%1), %4; movq 24(%1), %5\n"
                     "   movq %2, 0(%0); movq %3, 8(%0); movq %4, 16(%0); movq %5, 24(%0)\n"
                     "   addq $32, %1; addq $32, %0; decq %6; jnz 1b"
                     : "+r"(dst), "+r"(src), "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d), "+r"(turns)
                     : : "memory");
}

/* SSE: xmm0 (zero) or xmm0-3 (copy), 16-byte aligned stores. */
static void zero_sse(void *page)
{
    uint8_t save[16];
    size_t turns = PAGE_SIZE / 256;
    uint64_t f = pm_irq_save();
    __asm__ volatile("movdqu %%xmm0, (%2); pxor %%xmm0, %%xmm0\n"
                     "1: movdqa %%xmm0, 0(%0); movdqa %%xmm0, 16(%0); movdqa %%xmm0, 32(%0)\n"
                     "   movdqa %%xmm0, 48(%0); movdqa %%xmm0, 64(%0); movdqa %%xmm0, 80(%0)\n"
                     "   movdqa %%xmm0, 96(%0); movdqa %%xmm0, 112(%0); movdqa %%xmm0, 128(%0)\n"
                     "   movdqa %%xmm0, 144(%0); movdqa %%xmm0, 160(%0); movdqa %%xmm0, 176(%0)\n"
                     "   movdqa %%xmm0, 192(%0); movdqa %%xmm0, 208(%0); movdqa %%xmm0, 224(%0)\n"
                     "   movdqa %%xmm0, 240(%0)\n"
                     "   addq $256, %0; decq %1; jnz 1b\n"
                     "movdqu (%2), %%xmm0"
                     : "+r"(page), "+r"(turns) : "r"(save) : "memory");
    pm_irq_restore(f);
}

static void copy_sse(void *dst, const void *src)
{
    uint8_t save[64];
    size_t turns = PAGE_SIZE / 128;
    uint64_t f = pm_irq_save();
    __asm__ volatile("movdqu %%xmm0, 0(%3); movdqu %%xmm1, 16(%3); movdqu %%xmm2, 32(%3)\n"
                     "movdqu %%xmm3, 48(%3)\n"
                     "1: movdqa 0(%1), %%xmm0; movdqa 16(%1), %%xmm1; movdqa 32(%1), %%xmm2\n"
                     "   movdqa 48(%1), %%xmm3; movdqa %%xmm0, 0(%0); movdqa %%xmm1, 16(%0)\n"
                     "   movdqa %%xmm2, 32(%0); movdqa %%xmm3, 48(%0)\n"
                     "   movdqa 64(%1), %%xmm0; movdqa 80(%1), %%xmm1; movdqa 96(%1), %%xmm2\n"
                     "   movdqa 112(%1), %%xmm3; movdqa %%xmm0, 64(%0); movdqa %%xmm1, 80(%0)\n"
                     "   movdqa %%xmm2, 96(%0); movdqa %%xmm3, 112(%0)\n"
                     "   addq $128, %1; addq $128, %0; decq %2; jnz 1b\n"
                     "movdqu 0(%3), %%xmm0; movdqu 16(%3), %%xmm1; movdqu 32(%3), %%xmm2\n"
                     "movdqu 48(%3), %%xmm3"
                     : "+r"(dst), "+r"(src), "+r"(turns) : "r"(save) : "memory");
    pm_irq_restore(f);
}

/* AVX: ymm0 (zero) or ymm0-3 (copy), 32-byte aligned stores. The VEX
 * vpxor of xmm0 clears all of ymm0. */
static void zero_avx(void *page)
{
    uint8_t save[32];
    size_t turns = PAGE_SIZE / 512;
    uint64_t f = pm_irq_save();
    __asm__ volatile("vmovdqu %%ymm0, (%2); vpxor %%xmm0, %%xmm0, %%xmm0\n"
                     "1: vmovdqa %%ymm0, 0(%0); vmovdqa %%ymm0, 32(%0); vmovdqa %%ymm0, 64(%0)\n"
                     "   vmovdqa %%ymm0, 96(%0); vmovdqa %%ymm0, 128(%0); vmovdqa %%ymm0, 160(%0)\n"
                     "   vmovdqa %%ymm0, 192(%0); vmovdqa %%ymm0, 224(%0); vmovdqa %%ymm0, 256(%0)\n"
                     "   vmovdqa %%ymm0, 288(%0); vmovdqa %%ymm0, 320(%0); vmovdqa %%ymm0, 352(%0)\n"
                     "   vmovdqa %%ymm0, 384(%0); vmovdqa %%ymm0, 416(%0); vmovdqa %%ymm0, 448(%0)\n"
                     "   vmovdqa %%ymm0, 480(%0)\n"
                     "   addq $512, %0; decq %1; jnz 1b\n"
                     "vmovdqu (%2), %%ymm0"
                     : "+r"(page), "+r"(turns) : "r"(save) : "memory");
    pm_irq_restore(f);
}

static void copy_avx(void *dst, const void *src)
{
    uint8_t save[128];
    size_t turns = PAGE_SIZE / 256;
    uint64_t f = pm_irq_save();
    __asm__ volatile("vmovdqu %%ymm0, 0(%3); vmovdqu %%ymm1, 32(%3); vmovdqu %%ymm2, 64(%3)\n"
                     "vmovdqu %%ymm3, 96(%3)\n"
                     "1: vmovdqa 0(%1), %%ymm0; vmovdqa 32(%1), %%ymm1; vmovdqa 64(%1), %%ymm2\n"
                     "   vmovdqa 96(%1), %%ymm3; vmovdqa %%ymm0, 0(%0); vmovdqa %%ymm1, 32(%0)\n"
                     "   vmovdqa %%ymm2, 64(%0); vmovdqa %%ymm3, 96(%0)\n"
                     "   vmovdqa 128(%1), %%ymm0; vmovdqa 160(%1), %%ymm1; vmovdqa 192(%1), %%ymm2\n"
                     "   vmovdqa 224(%1), %%ymm3; vmovdqa %%ymm0, 128(%0); vmovdqa %%ymm1, 160(%0)\n"
                     "   vmovdqa %%ymm2, 192(%0); vmovdqa %%ymm3, 224(%0)\n"
                     "   addq $256, %1; addq $256, %0; decq %2; jnz 1b\n"
                     "vmovdqu 0(%3), %%ymm0; vmovdqu 32(%3), %%ymm1; vmovdqu 64(%3), %%ymm2\n"
                     "vmovdqu 96(%3), %%ymm3"
                     : "+r"(dst), "+r"(src), "+r"(turns) : "r"(save) : "memory");
    pm_irq_restore(f);
}

enum { PM_GPR, PM_SSE, PM_AVX };   /* the ways, as pm_zero and pm_copy name them */

struct pm_way {
    const char *name;
    void (*zero)(void *);
    void (*copy)(void *, const void *);
};

static const struct pm_way pm_ways[] = {   /* in PM_GPR, PM_SSE, PM_AVX's order */
    [PM_GPR] = { "8-byte", zero_gpr, copy_gpr },
    [PM_SSE] = { "sse", zero_sse, copy_sse },
    [PM_AVX] = { "avx", zero_avx, copy_avx },
};
#define PM_NWAYS (sizeof pm_ways / sizeof pm_ways[0])

/* Until page_move_pick: general registers only (the vector state is not
 * enabled before fpu_init_bsp). Indexes into pm_ways, not function
 * pointers: the calls below are direct, and under TCG an indirect call
 * is a lookup in QEMU's table (docs/performance.md, "Link-time
 * optimisation"). [const after page_move_pick] */
static int pm_zero = PM_GPR, pm_copy = PM_GPR;

void mem_zero_page(void *page)
{
    if (pm_zero == PM_AVX)
        zero_avx(page);
    else if (pm_zero == PM_SSE)
        zero_sse(page);
    else
        zero_gpr(page);
}

void mem_copy_page(void *dst, const void *src)
{
    if (pm_copy == PM_AVX)
        copy_avx(dst, src);
    else if (pm_copy == PM_SSE)
        copy_sse(dst, src);
    else
        copy_gpr(dst, src);
}

/* pm_time: the cheapest of 8 tries after one untimed (which may have
 * translated code under QEMU, or missed the caches). Interrupts off, as
 * the vector ways have them: a timer interrupt inside one try (the boot's
 * calibration ticks) must not count against the way it landed in. */
static uint64_t pm_time(const struct pm_way *w, bool copy, void *a, void *b)
{
    uint64_t best = ~0UL;
    for (int i = 0; i < 9; i++) {
        uint64_t f = pm_irq_save();
        uint64_t t0 = rdtsc();
        if (copy)
            w->copy(a, b);
        else
            w->zero(a);
        uint64_t t = rdtsc() - t0;
        pm_irq_restore(f);
        if (i > 0 && t < best)
            best = t;
    }
    return best;
}

/* pm_force: page_move=NAME on the command line (tests, measurements):
 * that way for both, if the CPU offers it. */
static bool pm_force(size_t nways)
{
    const char *name = cmdline_get("page_move");
    if (!name)
        return false;
    for (size_t i = 0; i < nways; i++)
        if (strcmp(name, pm_ways[i].name) == 0) {
            pm_zero = pm_copy = (int)i;
            kprintf("page_move: clear with %s, copy with %s (page_move=)\n", name, name);
            return true;
        }
    kprintf("page_move: page_move=%s is not a way this CPU offers: timing them\n", name);
    return false;
}

void page_move_pick(void)
{
    bool avx = fpu_xfeatures() & XFEATURE_AVX;
    size_t nways = avx ? PM_NWAYS : PM_NWAYS - 1;
    if (pm_force(nways))
        return;
    struct page *a = page_alloc_raw(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    struct page *b = page_alloc_raw(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);
    if (!a || !b)
        panic("page_move: no two pages at boot");
    uint64_t tz[PM_NWAYS], tc[PM_NWAYS];
    size_t bz = 0, bc = 0;
    for (size_t i = 0; i < nways; i++) {
        tz[i] = pm_time(&pm_ways[i], false, page_kva(a), 0);
        tc[i] = pm_time(&pm_ways[i], true, page_kva(a), page_kva(b));
        bz = tz[i] < tz[bz] ? i : bz;
        bc = tc[i] < tc[bc] ? i : bc;
    }
    page_put(a);
    page_put(b);
    pm_zero = (int)bz;
    pm_copy = (int)bc;
    /* One line: the choice, and what each way cost (TSC cycles a page). */
    if (avx)
        kprintf("page_move: clear with %s, copy with %s (cycles clear/copy: 8-byte %lu/%lu, sse %lu/%lu, "
                "avx %lu/%lu)\n", pm_ways[bz].name, pm_ways[bc].name, tz[0], tc[0], tz[1], tc[1], tz[2], tc[2]);
    else
        kprintf("page_move: clear with %s, copy with %s (cycles clear/copy: 8-byte %lu/%lu, sse %lu/%lu, "
                "no avx)\n", pm_ways[bz].name, pm_ways[bc].name, tz[0], tc[0], tz[1], tc[1]);
}
