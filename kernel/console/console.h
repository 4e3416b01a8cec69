/* console.h -- where the kernel's text goes: COM1 always, the QEMU debug
 * port 0xE9 under QEMU, and the screen (VGA text or framebuffer) unless
 * the memory viewer has taken it over. */
#ifndef KERNEL_CONSOLE_CONSOLE_H
#define KERNEL_CONSOLE_CONSOLE_H
#include <stddef.h>
#include <stdbool.h>
void console_write(const char *s, size_t n);
void console_write_log(const char *s, size_t n);   /* serial + debugcon only */
void console_enable_debugcon(void);
void console_enable_screen(bool on);
void console_panic(void);   /* the screen back for a panic's message */
#endif
