/* pic.c -- the two legacy 8259A interrupt controllers, remapped so that
 * IRQ 0-15 arrive on vectors 32-47 (above the CPU's exceptions). */
#include "kernel/kernel.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/trapframe.h"
#include "arch/x86_64/x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0b

static uint16_t pic_masks = 0xffff;

static void pic_write_masks(void)
{
    outb(PIC1_DATA, pic_masks & 0xff);
    outb(PIC2_DATA, pic_masks >> 8);
}

void pic_init(void)
{
    outb(PIC1_CMD, 0x11);           /* ICW1: init, expect ICW4 */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, IRQ_BASE);      /* ICW2: vector offsets */
    outb(PIC2_DATA, IRQ_BASE + 8);
    outb(PIC1_DATA, 4);             /* ICW3: slave on IRQ2 */
    outb(PIC2_DATA, 2);
    outb(PIC1_DATA, 1);             /* ICW4: 8086 mode */
    outb(PIC2_DATA, 1);
    pic_masks = 0xffff & ~(1 << 2); /* cascade line open */
    pic_write_masks();
}

void pic_unmask(int irq)
{
    pic_masks &= ~(1u << irq);
    pic_write_masks();
}

void pic_mask(int irq)
{
    pic_masks |= 1u << irq;
    pic_write_masks();
}

/* pic_mask_all: every line, the cascade too (the I/O APIC takes over). */
void pic_mask_all(void)
{
    pic_masks = 0xffff;
    pic_write_masks();
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

/* IRQ 7 and 15 fire spuriously when a request goes away before it is
 * acknowledged; the in-service register tells. A spurious IRQ 15 still
 * needs an EOI to the master. */
bool pic_is_spurious(int irq)
{
    if (irq == 7) {
        outb(PIC1_CMD, PIC_READ_ISR);
        return !(inb(PIC1_CMD) & 0x80);
    }
    if (irq == 15) {
        outb(PIC2_CMD, PIC_READ_ISR);
        if (!(inb(PIC2_CMD) & 0x80)) {
            outb(PIC1_CMD, PIC_EOI);
            return true;
        }
    }
    return false;
}
