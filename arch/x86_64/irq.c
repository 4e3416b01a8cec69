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

static irq_handler_t irq_handlers[16];
static irq_handler_t local_handlers[256 - T_IPI_RESCHED];
static bool apic_mode;

void irq_init(void)
{
    pic_init();                      /* remapped, so a stray one is no exception */
    apic_mode = madt.found && !cmdline_has("noapic");
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
