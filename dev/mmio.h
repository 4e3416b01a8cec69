/* mmio.h -- device registers, as the AHCI and NVMe drivers use them:
 * 32- and 64-bit accesses at a byte offset from a mapped BAR, and a wait
 * with a time limit for a register to reach a value (a controller that
 * never gets there is reported, not waited for forever). */
#ifndef DEV_MMIO_H
#define DEV_MMIO_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/timer.h"
#include "arch/x86_64/x86.h"

static inline uint32_t mmio_rd32(volatile uint8_t *base, uint32_t off)
{
    return *(volatile uint32_t *)(base + off);
}

static inline void mmio_wr32(volatile uint8_t *base, uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(base + off) = v;
}

/* 64-bit registers as two halves, low first: what both specifications
 * allow, and what a 32-bit-only bus needs. */
static inline uint64_t mmio_rd64(volatile uint8_t *base, uint32_t off)
{
    return mmio_rd32(base, off) | (uint64_t)mmio_rd32(base, off + 4) << 32;
}

static inline void mmio_wr64(volatile uint8_t *base, uint32_t off, uint64_t v)
{
    mmio_wr32(base, off, (uint32_t)v);
    mmio_wr32(base, off + 4, (uint32_t)(v >> 32));
}

/* mmio_wait32: until (reg & mask) == want, at most ms milliseconds;
 * true if it got there. Busy: for boot and for error recovery only. */
static inline bool mmio_wait32(volatile uint8_t *base, uint32_t off, uint32_t mask, uint32_t want,
                               uint64_t ms)
{
    uint64_t end = timer_ns() + ms * 1000000;
    while ((mmio_rd32(base, off) & mask) != want) {
        if (timer_ns() > end)
            return (mmio_rd32(base, off) & mask) == want;
        cpu_relax();
    }
    return true;
}
#endif
