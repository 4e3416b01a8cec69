/* fpu.h -- the x87, SSE and AVX registers of user threads (Intel SDM vol. 1
 * ch. 13, "Managing state using the XSAVE feature set"; docs/linux-abi.md).
 *
 * Each user thread has a save area of fpu_area_size() bytes (64-byte
 * aligned): the XSAVE layout where the CPU has XSAVE (the standard, not
 * compacted, form, for the components fpu_init_bsp enabled in XCR0), else
 * FXSAVE's 512 bytes. The kernel never uses these registers (it is built
 * with -mgeneral-regs-only), so they hold the user thread's values from
 * its entry to the kernel until the switch away, which saves them.
 */
#ifndef ARCH_X86_64_FPU_H
#define ARCH_X86_64_FPU_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* fpu_init_bsp: find what the CPU has and enable it (CR0, CR4, XCR0) on
 * the boot CPU; fpu_init_ap: the same settings on another CPU. */
void fpu_init_bsp(void);
void fpu_init_ap(void);
size_t fpu_area_size(void);
/* fpu_area_init: the state a program starts with (x87 control word 0x37f,
 * MXCSR 0x1f80, every register zero): what exec and the first process
 * get. */
void fpu_area_init(void *area);
/* fpu_save: this CPU's registers into area. fpu_restore: area into the
 * registers. fpu_restore_init: the starting state into the registers. */
void fpu_save(void *area);
/* fpu_save_fresh: the same into an area that may hold anything (a new
 * thread's). */
void fpu_save_fresh(void *area);
void fpu_restore(const void *area);
void fpu_restore_init(void);
/* fpu_xfeatures: the XSAVE components in the area (0 without XSAVE: the
 * FXSAVE format). fpu_area_check: area is one the restore takes without a
 * fault (a signal frame's, which user code may have written). */
uint64_t fpu_xfeatures(void);
bool fpu_area_check(const void *area);
/* fpu_describe: "xsave x87 sse avx, 832 bytes" (the boot line). */
const char *fpu_describe(void);
#endif
