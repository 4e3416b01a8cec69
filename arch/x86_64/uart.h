#ifndef ARCH_X86_64_UART_H
#define ARCH_X86_64_UART_H
void uart_init(void);                /* polled output; before anything else */
void uart_enable_input(void);        /* receive interrupts into the input queue */
void uart_putc(char c);
#endif
