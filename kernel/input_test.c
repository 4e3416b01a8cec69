/* input_test.c -- the console input queue end to end: the harness types a
 * line (over the serial port, or as PS/2 key presses through the QEMU
 * monitor) once it sees the prompt; the test reads it back from the queue. */
#include "kernel/ktest.h"
#include "kernel/input.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/x86.h"

/* Read one line (without its newline) from the queue, waiting up to
 * `seconds`; returns its length, or -1 on timeout. */
static int input_read_line(char *buf, int size, int seconds)
{
    uint64_t deadline = timer_ticks() + (uint64_t)seconds * TIMER_HZ;
    int n = 0;
    while (timer_ticks() < deadline) {
        int c = input_getc();
        if (c < 0) {
            hlt();                  /* the next IRQ (key, byte or tick) wakes us */
            continue;
        }
        if (c == '\n') {
            buf[n] = 0;
            return n;
        }
        if (n < size - 1)
            buf[n++] = c;
    }
    return -1;
}

KTEST(input_echo)
{
    char line[80];
    kprintf("input: type a line and press Enter\n");
    int n = input_read_line(line, sizeof(line), 30);
    KT_CHECK(n >= 0);
    kprintf("input: got '%s' (%d characters)\n", line, n);
    KT_CHECK(n > 0);
}

/* input_show: the bytes of a line in caret notation (ESC is ^[), so a
 * person reading the log sees the escape sequences too. */
static void input_show(const char *buf, int n)
{
    kprintf("input: as text '");
    for (int i = 0; i < n; i++) {
        uint8_t c = (uint8_t)buf[i];
        if (c < 0x20 || c == 0x7f)
            kprintf("^%c", c ^ 0x40);
        else
            kprintf("%c", c);
    }
    kprintf("'\n");
}

/* The keys that are not characters (arrows, Home, Delete...) arrive as
 * the escape sequences a terminal sends. The harness presses them and
 * ends with the keypad's Enter; the bytes are printed in hex, which the
 * test's regular expression checks exactly. */
KTEST(input_keys)
{
    char line[128];
    kprintf("input: press the keys, then Enter\n");
    int n = input_read_line(line, sizeof(line), 30);
    KT_CHECK(n >= 0);
    kprintf("input: got %d bytes:", n);
    for (int i = 0; i < n; i++)
        kprintf(" %02x", (uint8_t)line[i]);
    kprintf("\n");
    input_show(line, n);
    KT_CHECK(n > 0);
}
