/* ps2kbd.c -- the PS/2 keyboard on IRQ 1. The i8042 translates to scan
 * code set 1 (BIOS and UEFI both leave translation on): one byte per key
 * press, the same | 0x80 on release, 0xe0 before extended keys. */
#include "kernel/kernel.h"
#include "kernel/input.h"
#include "arch/x86_64/ps2kbd.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"

#define KBD_DATA 0x60
#define KBD_STATUS 0x64

/* Set-1 make codes 0x00-0x39 to ASCII, unshifted and shifted. */
static const char keymap[2][0x3a] = {
    { 0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b',
      '\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n',
      0, 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
      0, '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0,
      '*', 0, ' ' },
    { 0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b',
      '\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n',
      0, 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
      0, '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0,
      '*', 0, ' ' },
};

#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CTRL   0x1d
#define SC_CAPS   0x3a

static bool shift, ctrl, caps, extended;

/* Turn one scan code into a character (or 0), tracking modifier state. */
static char ps2kbd_translate(uint8_t sc)
{
    bool release = sc & 0x80;
    uint8_t code = sc & 0x7f;
    if (sc == 0xe0) {
        extended = true;
        return 0;
    }
    bool ext = extended;
    extended = false;
    if (code == SC_LSHIFT || code == SC_RSHIFT) {
        shift = !release;
        return 0;
    }
    if (code == SC_CTRL) {
        ctrl = !release;
        return 0;
    }
    if (release || ext)
        return 0;
    if (code == SC_CAPS) {
        caps = !caps;
        return 0;
    }
    if (code >= sizeof(keymap[0]))
        return 0;
    char c = keymap[shift][code];
    if (caps && c >= 'a' && c <= 'z')
        c -= 32;
    else if (caps && c >= 'A' && c <= 'Z')
        c += 32;
    if (ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        c &= 0x1f;
    return c;
}

static void ps2kbd_irq(struct trapframe *tf)
{
    (void)tf;
    while (inb(KBD_STATUS) & 0x01) {
        uint8_t status_aux = inb(KBD_STATUS) & 0x20;
        uint8_t sc = inb(KBD_DATA);
        if (status_aux)
            continue;                 /* mouse byte */
        char c = ps2kbd_translate(sc);
        if (c)
            input_push(c);
    }
}

void ps2kbd_init(void)
{
    for (int i = 0; i < 64 && (inb(KBD_STATUS) & 0x01); i++)
        (void)inb(KBD_DATA);          /* drop whatever the firmware left */
    irq_register(IRQ_KBD, ps2kbd_irq);
}
