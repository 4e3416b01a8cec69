/* fpu.c -- user threads' floating-point and vector registers (fpu.h).
 *
 * Set-up (Intel SDM vol. 3, 13.1-13.3): CR0.EM clear and CR0.MP set (x87
 * and MMX instructions run, WAIT honours TS, which stays clear: the state
 * is switched eagerly, never by a #NM trap); CR0.NE set (x87 errors raise
 * #MF, not the legacy IRQ 13); CR4.OSFXSR (SSE instructions and FXSAVE
 * work) and CR4.OSXMMEXCPT (an unmasked SIMD error raises #XM, which kills
 * the thread with SIGFPE, proc/fault.c); with XSAVE, CR4.OSXSAVE and XCR0
 * naming the components weensy saves: x87, SSE, and AVX and AVX-512 where
 * the CPU has them. Every CPU gets the same XCR0, so one area size fits
 * every CPU a thread may move to. */
#include "kernel/kernel.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/x86.h"

#define XFEATURE_X87 (1UL << 0)
#define XFEATURE_SSE (1UL << 1)
#define XFEATURE_AVX (1UL << 2)
#define XFEATURE_AVX512 (7UL << 5)       /* opmask, ZMM_Hi256, Hi16_ZMM */

#define FXSAVE_SIZE 512
#define FX_OFF_FCW 0
#define FX_OFF_MXCSR 24
#define FX_OFF_MXCSR_MASK 28
#define XSAVE_OFF_HEADER 512             /* XSTATE_BV, XCOMP_BV, then 48 reserved bytes */
#define XSAVE_HEADER_SIZE 64
#define FCW_INIT 0x37f               /* every x87 exception masked, 64-bit precision */
#define MXCSR_INIT 0x1f80            /* every SIMD exception masked, round to nearest */

static bool fpu_xsave;               /* [const after fpu_init_bsp] */
static uint64_t fpu_xcr0;            /* [const after fpu_init_bsp] */
static size_t fpu_size = FXSAVE_SIZE;    /* [const after fpu_init_bsp] */
static uint32_t fpu_mxcsr_mask = 0xffbf; /* [const after fpu_init_bsp] MXCSR bits the CPU takes */
/* The starting state, in the save format (fpu_area_init copies it). */
static uint8_t fpu_init_image[4096] __attribute__((aligned(64)));

static void xsetbv(uint32_t reg, uint64_t v)
{
    __asm__ volatile("xsetbv" : : "c"(reg), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static void fpu_enable(void)
{
    write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
    uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
    if (fpu_xsave)
        cr4 |= CR4_OSXSAVE;
    write_cr4(cr4);
    if (fpu_xsave)
        xsetbv(0, fpu_xcr0);
}

/* fpu_pick: XSAVE and the components to enable, from CPUID. */
static void fpu_pick(void)
{
    uint32_t a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    bool avx = (c >> 28) & 1;
    fpu_xsave = (c >> 26) & 1;
    if (!fpu_xsave)
        return;
    cpuid(0xd, 0, &a, &b, &c, &d);
    uint64_t supported = a | ((uint64_t)d << 32);
    fpu_xcr0 = XFEATURE_X87 | XFEATURE_SSE;
    if (avx && (supported & XFEATURE_AVX))
        fpu_xcr0 |= XFEATURE_AVX;
    cpuid(7, 0, &a, &b, &c, &d);
    bool avx512f = (b >> 16) & 1;
    if ((fpu_xcr0 & XFEATURE_AVX) && avx512f && (supported & XFEATURE_AVX512) == XFEATURE_AVX512)
        fpu_xcr0 |= XFEATURE_AVX512;
}

void fpu_init_bsp(void)
{
    fpu_pick();
    fpu_enable();
    if (fpu_xsave) {
        uint32_t a, b, c, d;
        cpuid(0xd, 0, &a, &b, &c, &d);   /* EBX: the size XCR0's components take now */
        fpu_size = b;
    }
    if (fpu_size > sizeof fpu_init_image)
        panic("fpu: a save area of %zu bytes is more than the %zu weensy has room for", fpu_size,
              sizeof fpu_init_image);
    /* The XSAVE header (bytes 512-575) all zero: XSTATE_BV 0 makes XRSTOR
     * put every component in its initial state, except MXCSR, which it
     * loads from the legacy area whenever SSE or AVX is asked for. */
    /* FXSAVE stores the MXCSR bits the CPU allows (0: the old default,
     * DAZ not among them); a value with others makes FXRSTOR/XRSTOR #GP. */
    fpu_save(fpu_init_image);
    uint32_t mask = *(uint32_t *)(fpu_init_image + FX_OFF_MXCSR_MASK);
    if (mask)
        fpu_mxcsr_mask = mask;
    memset(fpu_init_image, 0, sizeof fpu_init_image);
    *(uint16_t *)(fpu_init_image + FX_OFF_FCW) = FCW_INIT;
    *(uint32_t *)(fpu_init_image + FX_OFF_MXCSR) = MXCSR_INIT;
    kprintf("fpu: %s\n", fpu_describe());
}

void fpu_init_ap(void) { fpu_enable(); }

size_t fpu_area_size(void) { return fpu_size; }

void fpu_area_init(void *area)
{
    assert(((uintptr_t)area & 63) == 0);
    memcpy(area, fpu_init_image, fpu_size);
}

void fpu_save(void *area)
{
    if (fpu_xsave)
        __asm__ volatile("xsave64 %0" : "=m"(*(uint8_t(*)[fpu_size])area) : "a"(~0U), "d"(~0U) : "memory");
    else
        __asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t(*)[FXSAVE_SIZE])area) : : "memory");
}

void fpu_save_fresh(void *area)
{
    /* XSAVE writes XSTATE_BV and no other byte of the header, and XRSTOR
     * refuses a nonzero XCOMP_BV or reserved byte (SDM vol. 1, 13.7, 13.8). */
    if (fpu_xsave)
        memset((uint8_t *)area + XSAVE_OFF_HEADER, 0, 64);
    fpu_save(area);
}

void fpu_restore(const void *area)
{
    if (fpu_xsave)
        __asm__ volatile("xrstor64 %0" : : "m"(*(const uint8_t(*)[fpu_size])area), "a"(~0U), "d"(~0U) : "memory");
    else
        __asm__ volatile("fxrstor64 %0" : : "m"(*(const uint8_t(*)[FXSAVE_SIZE])area) : "memory");
}

void fpu_restore_init(void) { fpu_restore(fpu_init_image); }

const char *fpu_describe(void)
{
    static char text[64];
    snprintf(text, sizeof text, "%s x87 sse%s%s, %zu bytes per thread", fpu_xsave ? "xsave" : "fxsave",
             fpu_xcr0 & XFEATURE_AVX ? " avx" : "", fpu_xcr0 & XFEATURE_AVX512 ? " avx512" : "", fpu_size);
    return text;
}

uint64_t fpu_xfeatures(void) { return fpu_xsave ? fpu_xcr0 : 0; }

/* What XRSTOR or FXRSTOR would refuse with #GP (SDM vol. 1, 13.8 and
 * 10.5.1): MXCSR bits the CPU does not have; with XSAVE, components not
 * enabled in XCR0, the compacted form, nonzero reserved header bytes. */
bool fpu_area_check(const void *area)
{
    const uint8_t *a = area;
    if (*(const uint32_t *)(a + FX_OFF_MXCSR) & ~fpu_mxcsr_mask)
        return false;
    if (!fpu_xsave)
        return true;
    const uint64_t *hdr = (const uint64_t *)(a + XSAVE_OFF_HEADER);
    if ((hdr[0] & ~fpu_xcr0) || hdr[1])
        return false;
    for (int i = 2; i < XSAVE_HEADER_SIZE / 8; i++)
        if (hdr[i])
            return false;
    return true;
}
