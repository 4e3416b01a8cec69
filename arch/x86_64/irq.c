/* irq.c -- route device interrupts to their handlers and acknowledge
 * them, on the I/O APIC or on the legacy PICs (see irq.h). The handler
 * tables are written at boot, before the interrupt is unmasked, and only
 * read after. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/madt.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/pit.h"

static irq_handler_t irq_handlers[16];
static irq_handler_t local_handlers[256 - T_IPI_RESCHED];
static irq_handler_t msi_handlers[T_MSI_LAST - T_MSI_FIRST + 1];
static int msi_used;             /* vectors handed out, from T_MSI_FIRST */
static bool apic_mode;

void irq_init(void)
{
    pic_init();                      /* remapped, so a stray one is no exception */
    apic_mode = madt.found && !cmdline_has("noapic");
    if (madt.found && !apic_mode && !pit_present()) {
        kprintf("irq: noapic ignored: with no PIT only the local APIC can make the tick\n");
        apic_mode = true;
    }
    if (!apic_mode)
        return;
    pic_mask_all();
    lapic_init_bsp(madt.lapic_pa);
    mycpu()->apic_id = lapic_id();
    ioapic_init();
    kprintf("irq: local APIC %u (%s), %d I/O APIC%s\n", lapic_id(),
            lapic_x2apic() ? "x2APIC" : "xAPIC", madt.nioapics, madt.nioapics == 1 ? "" : "s");
}

bool irq_apic(void) { return apic_mode; }

void irq_set_handler(int irq, irq_handler_t fn)
{
    assert(irq >= 0 && irq < 16);
    irq_handlers[irq] = fn;
}

void irq_register(int irq, irq_handler_t fn)
{
    irq_set_handler(irq, fn);
    if (!apic_mode)
        pic_unmask(irq);
    else if (!ioapic_route_isa(irq, IRQ_BASE + irq, cpus[0].apic_id))
        kprintf("irq: no I/O APIC input for IRQ %d\n", irq);
}

void irq_set_local(uint8_t vector, irq_handler_t fn)
{
    assert(vector >= T_IPI_RESCHED && vector < T_SPURIOUS);
    local_handlers[vector - T_IPI_RESCHED] = fn;
}

/* The handler is stored before the vector is handed out; a device is told
 * the vector only after, so the dispatch never sees a half-made entry. */
int irq_alloc_vector(irq_handler_t fn)
{
    int used = __atomic_load_n(&msi_used, __ATOMIC_RELAXED);
    do {
        if (used > T_MSI_LAST - T_MSI_FIRST)
            return -1;
    } while (!__atomic_compare_exchange_n(&msi_used, &used, used + 1, false, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED));
    __atomic_store_n(&msi_handlers[used], fn, __ATOMIC_RELEASE);
    return T_MSI_FIRST + used;
}

/* Intel SDM vol. 3, 11.11: the address names the destination APIC ID in
 * bits 19:12 (an 8-bit ID: QEMU's CPUs here have small ones), the data
 * the vector, with fixed delivery and edge trigger as zero bits. */
uint64_t irq_msi_address(int cpu)
{
    assert(cpus[cpu].apic_id < 256);
    return 0xfee00000UL | (uint64_t)cpus[cpu].apic_id << 12;
}

uint32_t irq_msi_data(uint8_t vector) { return vector; }

void irq_send_ipi(int cpu, uint8_t vector)
{
    lapic_send(cpus[cpu].apic_id, vector);
}

void irq_send_nmi(int cpu)
{
    lapic_send_nmi(cpus[cpu].apic_id);
}

void irq_dispatch(struct trapframe *tf)
{
    uint64_t v = tf->vector;
    if (v >= T_MSI_FIRST && v <= T_MSI_LAST) {
        irq_handler_t fn = __atomic_load_n(&msi_handlers[v - T_MSI_FIRST], __ATOMIC_ACQUIRE);
        if (fn)
            fn(tf);
        lapic_eoi();
        return;
    }
    if (v >= T_IPI_RESCHED) {
        irq_handler_t fn = local_handlers[v - T_IPI_RESCHED];
        lapic_eoi();                 /* first: the handler may switch away */
        if (fn)
            fn(tf);
        return;
    }
    int irq = (int)(v - IRQ_BASE);
    if (!apic_mode && pic_is_spurious(irq))
        return;
    if (irq_handlers[irq])
        irq_handlers[irq](tf);
    if (apic_mode)
        lapic_eoi();
    else
        pic_eoi(irq);
}
