/* console.c -- fan the kernel's text out to every output. */
#include "kernel/kernel.h"
#include "kernel/console/console.h"
#include "kernel/console/screen.h"
#include "arch/x86_64/uart.h"
#include "arch/x86_64/x86.h"

#define DEBUGCON_PORT 0xe9

static bool debugcon_on;
static bool screen_on;
static char last_char = '\n';     /* [printk_lock] last byte sent to the log */

void console_enable_debugcon(void) { debugcon_on = true; }
void console_enable_screen(bool on) { screen_on = on; }

void console_write_log(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            uart_putc('\r');
        uart_putc(s[i]);
        if (debugcon_on)
            outb(DEBUGCON_PORT, s[i]);
    }
    if (n)
        last_char = s[n - 1];
}

bool console_at_line_start(void) { return last_char == '\n'; }

void console_write(const char *s, size_t n)
{
    console_write_log(s, n);
    if (screen_on)
        screen_write(s, n);
}
