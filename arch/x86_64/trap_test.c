/* trap_test.c -- self-tests for the exception path: provoke a page fault,
 * an invalid opcode and a general protection fault in the kernel, let the
 * full report print, and check each was caught with the right vector and
 * address. The harness also reads the reports (tests/boot.cmake). */
#include "kernel/ktest.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/trapframe.h"

/* Nothing is mapped here: it lies in the direct map far above any RAM. */
#define TRAP_TEST_PF_ADDR 0xffffa000dead0000UL

__attribute__((noinline)) static void trap_test_read(uintptr_t addr)
{
    (void)*(volatile uint64_t *)addr;
}

extern const char trap_test_ud_insn[];

__attribute__((noinline)) void trap_test_ud(void)
{
    __asm__ volatile(".globl trap_test_ud_insn\ntrap_test_ud_insn: ud2");
}

KTEST(trap_page_fault)
{
    struct trap_catch c;
    if (trap_catch(&c) == 0) {
        trap_test_read(TRAP_TEST_PF_ADDR);
        trap_catch_end();
        KT_CHECK(!"the read did not fault");
    }
    trap_catch_end();
    KT_CHECK_EQ(c.vector, T_PF);
    KT_CHECK_EQ(c.addr, TRAP_TEST_PF_ADDR);
    kprintf("trap_test: caught page fault at %#lx\n", c.addr);
}

KTEST(trap_invalid_opcode)
{
    struct trap_catch c;
    if (trap_catch(&c) == 0) {
        trap_test_ud();
        trap_catch_end();
        KT_CHECK(!"ud2 did not fault");
    }
    trap_catch_end();
    KT_CHECK_EQ(c.vector, T_UD);
    KT_CHECK_EQ(c.addr, (uintptr_t)trap_test_ud_insn);
    kprintf("trap_test: caught invalid opcode at %#lx\n", c.addr);
}

KTEST(trap_general_protection)
{
    struct trap_catch c;
    if (trap_catch(&c) == 0) {
        trap_test_read(0x8000000000000000UL);   /* non-canonical: #GP, not #PF */
        trap_catch_end();
        KT_CHECK(!"the non-canonical read did not fault");
    }
    trap_catch_end();
    KT_CHECK_EQ(c.vector, T_GP);
    KT_CHECK_EQ(c.error, 0);
    kprintf("trap_test: caught general protection fault at rip %#lx\n", c.addr);
}
