/* console.h -- where the kernel's text goes: COM1 always, the QEMU debug
 * port 0xE9 under QEMU, and the screen (VGA text or framebuffer) unless
 * the memory viewer has taken it over. */
#ifndef KERNEL_CONSOLE_CONSOLE_H
#define KERNEL_CONSOLE_CONSOLE_H
#include <stddef.h>
#include <stdbool.h>
void console_write(const char *s, size_t n);
/* console_write_log: the serial and debug ports only, never the screen:
 * for machine-readable output (memory dumps) that would only scroll the
 * screen away. */
void console_write_log(const char *s, size_t n);
/* console_at_line_start: whether the last character written to the log
 * outputs ended a line, so machine-readable lines can start on their own. */
bool console_at_line_start(void);
void console_enable_debugcon(void);
void console_enable_screen(bool on);
/* console_screen_enabled: is the log on the screen (no one else owns it)? */
bool console_screen_enabled(void);
void console_panic(void);   /* the screen back for a panic's message */
#endif
