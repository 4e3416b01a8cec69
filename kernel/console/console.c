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
bool console_screen_enabled(void) { return screen_on; }

/* console_panic: a panic's message must reach the screen even while the
 * memory viewer owns it (the log is then off the screen): wipe the
 * viewer's picture and turn the screen back on. A program may also have
 * left half an escape sequence, hidden the cursor or set colours: cancel
 * (CAN) and reset those first, on the screen only, or the sequence could
 * swallow the message. No locks are taken here beyond the screen's own,
 * which a panicking CPU may pass through. */
void console_panic(void)
{
    static const char sane[] = "\x18" "\x1b[0m" "\x1b[?25h";
    screen_write(sane, sizeof(sane) - 1);
    if (screen_on)
        return;
    screen_clear();
    screen_show_cursor(true);
    screen_on = true;
}

/* console_write_log: the log outputs only (COM1 and the debug port), never
 * the screen: for text meant for a log reader, such as the viewer's
 * snapshot of the screen itself. */
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
