/* ps2kbd.c -- the PS/2 keyboard on IRQ 1. The i8042 translates to scan
 * code set 1 (BIOS and UEFI both leave translation on): one byte per key
 * press, the same | 0x80 on release, 0xe0 before extended (gray) keys.
 *
 * Keys become what a terminal would send: characters, control characters
 * with Ctrl, and escape sequences for the arrows, Home, End and the like
 * (docs/console.md has the list), byte by byte into the input queue.
 * Function keys go to the kernel's own commands (kernel/keys.h). */
#include "kernel/kernel.h"
#include "kernel/input.h"
#include "kernel/keys.h"
#include "arch/x86_64/ps2kbd.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/x86.h"

#define KBD_DATA 0x60
#define KBD_STATUS 0x64

/* Set-1 make codes 0x00-0x39 to ASCII, unshifted and shifted. Backspace
 * sends DEL (0x7f), as terminals and the Linux console do: the erase
 * character of a terminal in its default settings (tty/tty.c). */
static const char keymap[2][0x3a] = {
    { 0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 0x7f,
      '\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n',
      0, 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
      0, '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0,
      '*', 0, ' ' },
    { 0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 0x7f,
      '\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n',
      0, 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
      0, '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0,
      '*', 0, ' ' },
};

#define SC_LSHIFT  0x2a
#define SC_RSHIFT  0x36
#define SC_CTRL    0x1d               /* E0 1D: the right Ctrl */
#define SC_ALT     0x38               /* E0 38: the right Alt (AltGr) */
#define SC_CAPS    0x3a
#define SC_NUMLOCK 0x45
#define SC_KP_FIRST 0x47              /* keypad 7 ... */
#define SC_KP_5     0x4c
#define SC_KP_LAST  0x53              /* ... keypad . */
#define SC_F1       0x3b              /* F1-F10: 0x3b-0x44 */
#define SC_F10      0x44
#define SC_F11      0x57
#define SC_F12      0x58
#define SC_EXTENDED 0xe0              /* the next code is a gray key */
#define SC_PAUSE    0xe1              /* E1 1D 45 E1 9D C5: Pause */

#define MOD_LSHIFT 0x1
#define MOD_RSHIFT 0x2
#define MOD_LCTRL  0x4
#define MOD_RCTRL  0x8
#define MOD_SHIFT (MOD_LSHIFT | MOD_RSHIFT)
#define MOD_CTRL (MOD_LCTRL | MOD_RCTRL)

/* The gray keys (after E0) as a VT100-ish terminal (xterm, the Linux
 * console) sends them; programs read them as escape sequences. */
static const struct {
    uint8_t code;
    const char *seq;
} ext_keys[] = {
    { 0x48, "\x1b[A" },   /* up */
    { 0x50, "\x1b[B" },   /* down */
    { 0x4d, "\x1b[C" },   /* right */
    { 0x4b, "\x1b[D" },   /* left */
    { 0x47, "\x1b[H" },   /* Home */
    { 0x4f, "\x1b[F" },   /* End */
    { 0x52, "\x1b[2~" },  /* Insert */
    { 0x53, "\x1b[3~" },  /* Delete */
    { 0x49, "\x1b[5~" },  /* Page Up */
    { 0x51, "\x1b[6~" },  /* Page Down */
    { 0x1c, "\n" },       /* keypad Enter */
    { 0x35, "/" },        /* keypad / */
};

/* The keypad, 0x47-0x53, with Num Lock on. */
static const char keypad_chars[] = "789-456+1230.";

/* [IRQ 1 only] */
static unsigned mods;
static bool caps;
static bool numlock = true;           /* as most firmware leaves it */
static bool extended;                 /* the last code was E0 */
static int skip;                      /* codes left of a Pause sequence */

static void ps2kbd_send(const char *s)
{
    while (*s)
        input_push(*s++);
}

static const char *ps2kbd_ext_seq(uint8_t code)
{
    for (size_t i = 0; i < ARRAY_SIZE(ext_keys); i++) {
        if (ext_keys[i].code == code)
            return ext_keys[i].seq;
    }
    return NULL;
}

static void ps2kbd_set_mod(unsigned bit, bool release)
{
    mods = release ? mods & ~bit : mods | bit;
}

/* Shift, Ctrl, Alt and the locks; true if code was one of them. E0 2A
 * and E0 36 are fake shifts some keyboards wrap around gray keys: not a
 * key of their own, so they are dropped. Alt does nothing yet. */
static bool ps2kbd_modifier(uint8_t code, bool ext, bool release)
{
    switch (code) {
    case SC_LSHIFT:
        if (!ext)
            ps2kbd_set_mod(MOD_LSHIFT, release);
        return true;
    case SC_RSHIFT:
        if (!ext)
            ps2kbd_set_mod(MOD_RSHIFT, release);
        return true;
    case SC_CTRL:
        ps2kbd_set_mod(ext ? MOD_RCTRL : MOD_LCTRL, release);
        return true;
    case SC_ALT:
        return true;
    case SC_CAPS:
        if (!release && !ext)
            caps = !caps;
        return true;
    case SC_NUMLOCK:
        if (!release && !ext)
            numlock = !numlock;
        return true;
    default:
        return false;
    }
}

/* A key of the main block as one character (or 0), after Shift, Caps
 * Lock and Ctrl. */
static char ps2kbd_char(uint8_t code)
{
    if (code >= sizeof(keymap[0]))
        return 0;
    char c = keymap[(mods & MOD_SHIFT) != 0][code];
    if (caps && c >= 'a' && c <= 'z')
        c -= 32;
    else if (caps && c >= 'A' && c <= 'Z')
        c += 32;
    if ((mods & MOD_CTRL) && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        c &= 0x1f;
    return c;
}

/* The keypad: digits with Num Lock on; without it, the keys printed
 * under the digits (arrows, Home...), as their gray twins send them. */
static void ps2kbd_keypad(uint8_t code)
{
    const char *seq = numlock ? NULL : ps2kbd_ext_seq(code);
    if (seq)
        ps2kbd_send(seq);
    else if (numlock || code != SC_KP_5)
        input_push(keypad_chars[code - SC_KP_FIRST]);
}

/* One scan code: track the modifiers, queue what a key press sends. */
static void ps2kbd_scancode(uint8_t sc)
{
    if (skip > 0) {
        skip--;
        return;
    }
    if (sc == SC_PAUSE) {
        skip = 2;                     /* Pause has no release and no use */
        return;
    }
    if (sc == SC_EXTENDED) {
        extended = true;
        return;
    }
    bool ext = extended, release = sc & 0x80;
    uint8_t code = sc & 0x7f;
    extended = false;
    if (ps2kbd_modifier(code, ext, release) || release)
        return;
    if (ext) {
        const char *seq = ps2kbd_ext_seq(code);
        if (seq)
            ps2kbd_send(seq);         /* other gray keys: not yet */
    } else if (code >= SC_F1 && code <= SC_F10) {
        keys_function(code - SC_F1 + 1);      /* the kernel's, never a program's */
    } else if (code == SC_F11 || code == SC_F12) {
        keys_function(code == SC_F11 ? 11 : 12);
    } else if (code >= SC_KP_FIRST && code <= SC_KP_LAST) {
        ps2kbd_keypad(code);
    } else {
        char c = ps2kbd_char(code);
        if (c)
            input_push(c);
    }
}

static void ps2kbd_irq(struct trapframe *tf)
{
    (void)tf;
    while (inb(KBD_STATUS) & 0x01) {
        uint8_t status_aux = inb(KBD_STATUS) & 0x20;
        uint8_t sc = inb(KBD_DATA);
        if (status_aux)
            continue;                 /* mouse byte */
        ps2kbd_scancode(sc);
    }
}

void ps2kbd_init(void)
{
    for (int i = 0; i < 64 && (inb(KBD_STATUS) & 0x01); i++)
        (void)inb(KBD_DATA);          /* drop whatever the firmware left */
    irq_register(IRQ_KBD, ps2kbd_irq);
}
