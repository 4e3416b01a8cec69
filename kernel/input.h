/* input.h -- the console input queue: characters from the PS/2 keyboard and
 * from the serial port, in arrival order. Guarded by input_lock. */
#ifndef KERNEL_INPUT_H
#define KERNEL_INPUT_H
#include <stdbool.h>
void input_push(char c);             /* from IRQ handlers */
int input_getc(void);                /* next character, or -1 if none */
void input_set_hook(bool (*hook)(char c));  /* sees each key first; true = consumed */
void input_set_waiter(void (*wake)(void));  /* called after a character is queued */
#endif
