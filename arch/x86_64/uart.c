/* uart.c -- COM1, a 16550 at 115200 8N1. Output is polled (it must work
 * from a panic with interrupts off); input arrives by IRQ 4 and goes to the
 * console input (kernel/input.h), held back while that has no room. */
#include "kernel/kernel.h"
#include "kernel/input.h"
#include "arch/x86_64/uart.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/x86.h"

#define COM1 0x3f8
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

static bool uart_present;

void uart_init(void)
{
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, 0x80);      /* DLAB: divisor follows */
    outb(COM1 + UART_DATA, 1);        /* 115200 baud */
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, 0x03);      /* 8N1 */
    outb(COM1 + UART_FCR, 0xc7);      /* FIFOs on, cleared, 14-byte trigger */
    outb(COM1 + UART_MCR, 0x0b);      /* DTR, RTS, OUT2 (routes the IRQ) */
    /* A missing port reads back all ones. */
    uart_present = inb(COM1 + UART_LSR) != 0xff;
}

void uart_putc(char c)
{
    if (!uart_present)
        return;
    for (int i = 0; i < 100000 && !(inb(COM1 + UART_LSR) & LSR_THR_EMPTY); i++)
        cpu_relax();
    outb(COM1 + UART_DATA, c);
}

/* Input is taken only while the console has room for it; otherwise the
 * received-data interrupt goes off and the bytes wait in the FIFO (and,
 * under QEMU, in the host's chardev) until the reader makes room
 * (input_stall calls uart_resume then). Nothing typed or pasted is lost. */
static void uart_resume(void)
{
    outb(COM1 + UART_IER, 0x01);      /* received-data interrupt; fires if data waits */
}

static void uart_irq(struct trapframe *tf)
{
    (void)tf;
    while (inb(COM1 + UART_LSR) & LSR_DATA_READY) {
        if (!input_room()) {
            outb(COM1 + UART_IER, 0);
            input_stall(uart_resume);
            return;
        }
        input_push(inb(COM1 + UART_DATA));
    }
}

void uart_enable_input(void)
{
    if (!uart_present)
        return;
    irq_register(IRQ_COM1, uart_irq);
    uart_resume();
    uart_irq(0);                      /* take what arrived before */
}
