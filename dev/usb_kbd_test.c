/* usb_kbd_test.c -- boot reports into bytes (usb_kbd.c), without a
 * controller: the test plays the keyboard, handing reports in directly,
 * and reads what came out of the input queue (no terminal exists yet). */
#include "kernel/ktest.h"
#include "kernel/input.h"
#include "dev/usb_kbd.h"
#include "mm/kmalloc.h"

/* Hand in one report (modifiers, then up to six keys) and collect what
 * the queue has afterwards into out (NUL-terminated); its length. */
static int usb_kbd_test_report(struct usb_kbd *k, uint8_t mods, const uint8_t *keys, int nkeys, char *out, int size)
{
    uint8_t r[8] = { mods };
    for (int i = 0; i < nkeys && i < 6; i++)
        r[2 + i] = keys[i];
    usb_kbd_report(k, r, sizeof(r));
    int n = 0, c;
    while ((c = input_getc()) >= 0)
        if (n < size - 1)
            out[n++] = (char)c;
    out[n] = 0;
    return n;
}

#define REPORT(mods, ...) \
    usb_kbd_test_report(k, mods, (const uint8_t[]){ __VA_ARGS__ }, \
                        sizeof((const uint8_t[]){ __VA_ARGS__ }), out, sizeof(out))

KTEST(usb_kbd_reports)
{
    char out[32];
    while (input_getc() >= 0) {}
    struct usb_kbd *k = usb_kbd_new();
    KT_CHECK(k != NULL);
    KT_CHECK_EQ(REPORT(0x02, 0x0b), 1);                 /* left Shift + h */
    KT_CHECK_EQ(out[0], 'H');
    KT_CHECK_EQ(REPORT(0x00, 0x0b, 0x0c), 1);           /* h still held, i new */
    KT_CHECK_EQ(out[0], 'i');
    KT_CHECK_EQ(REPORT(0x10, 0x06), 1);                 /* right Ctrl + c */
    KT_CHECK_EQ(out[0], 0x03);
    KT_CHECK_EQ(REPORT(0x00, 0x52, 0x4c), 7);           /* Up, Delete */
    KT_CHECK(strcmp(out, "\x1b[A\x1b[3~") == 0);
    KT_CHECK_EQ(REPORT(0x00, 1, 1, 1, 1, 1, 1), 0);     /* rollover: says nothing */
    KT_CHECK_EQ(REPORT(0x00, 0x53), 0);                 /* Num Lock off */
    KT_CHECK_EQ(REPORT(0x00, 0x60, 0x5d), 3);           /* keypad 8, keypad 5 */
    KT_CHECK(strcmp(out, "\x1b[A") == 0);
    KT_CHECK_EQ(REPORT(0x00, 0x53), 0);                 /* Num Lock on */
    KT_CHECK_EQ(REPORT(0x00, 0x60), 1);
    KT_CHECK_EQ(out[0], '8');
    KT_CHECK_EQ(REPORT(0x00, 0x39), 0);                 /* Caps Lock */
    KT_CHECK_EQ(REPORT(0x00, 0x04, 0x1e), 2);           /* a, 1 */
    KT_CHECK(strcmp(out, "A1") == 0);
    KT_CHECK_EQ(REPORT(0x00, 0x39), 0);
    KT_CHECK_EQ(REPORT(0x00, 0), 0);                    /* all up */
    kfree(k);
}

/* A held key repeats from the tick (called here by hand with a made-up
 * clock, 10 ms a tick: without a controller no tick hook is set) after
 * 500 ms, then 30 times a second, and stops when let go. */
KTEST(usb_kbd_repeat)
{
    char out[64];
    while (input_getc() >= 0) {}
    struct usb_kbd *k = usb_kbd_new();
    KT_CHECK(k != NULL);
    KT_CHECK_EQ(REPORT(0x00, 0x1b), 1);                 /* x */
    uint64_t t = 1000000;
    for (int i = 0; i <= 100; i++, t += 10000)          /* one second held */
        usb_kbd_tick(t);
    int n = REPORT(0x00, 0);                            /* let go */
    kprintf("usb_kbd: 'x' held 1 s: %d repeats\n", n);
    KT_CHECK_EQ(n, 16);                                 /* at 500 ms, then every 33.3 ms to 1 s */
    for (int i = 0; i < n; i++)
        KT_CHECK_EQ(out[i], 'x');
    usb_kbd_tick(t + 1000000);
    KT_CHECK_EQ(input_getc(), -1);
    kfree(k);
}
