/* input.h -- where console input goes: characters from the PS/2 keyboard
 * and the serial port, in arrival order, offered first to the key hook
 * (the kernel's single-key commands, kernel/keys.h), then to the sink: the
 * terminal (tty/tty.c) once processes exist. Until a sink is set (the
 * in-kernel tests, the noinit echo loop) they wait in a small ring that
 * input_getc reads, with a carriage return turned into a newline.
 *
 * Flow control: a producer that can hold characters back (the serial
 * port: its FIFO and, under QEMU, the host side behind it) asks
 * input_room() before taking one, and when there is none calls
 * input_stall(resume); the consumer calls input_room_made() when it has
 * taken some, which calls resume once. The keyboard cannot wait: what does
 * not fit is dropped, as a terminal would beep. */
#ifndef KERNEL_INPUT_H
#define KERNEL_INPUT_H
#include <stdbool.h>
/* input_push: from IRQ handlers; false if the character was dropped. */
bool input_push(char c);
int input_getc(void);                /* the ring: next character, or -1 */
void input_set_hook(bool (*hook)(char c));  /* sees each key first; true = consumed */
/* input_set_sink: from now on characters go to sink (true: taken, false:
 * no room, dropped), which has room while room() says so. */
void input_set_sink(bool (*sink)(char c), bool (*room)(void));
bool input_room(void);
void input_stall(void (*resume)(void));
void input_room_made(void);
#endif
