/* harness_test.c -- misbehaving "tests" that prove the harness notices:
 * a triple fault (QEMU exits 0 under -no-reboot) and a hang (timeout).
 * ctest runs them with WILL_FAIL: they pass only if the harness fails them. */
#include "kernel/ktest.h"
#include "arch/x86_64/x86.h"

KTEST(harness_triple_fault)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) empty = { 0, 0 };
    __asm__ volatile("lidt %0; int3" ::"m"(empty));
}

KTEST(harness_hang)
{
    for (;;) {
        cli();
        hlt();
    }
}
