/* usb_kbd.c -- USB boot keyboards as the console's keyboard (usb_kbd.h).
 *
 * A boot report (HID 1.11, appendix B.1) is the whole keyboard's state:
 * byte 0 the eight modifiers (bit 0 left Ctrl, 1 left Shift, 2 left Alt,
 * 3 left GUI, 4-7 the same on the right), byte 1 reserved, bytes 2-7 up
 * to six keys held, as usage IDs of the keyboard page (HID Usage Tables,
 * section 10), 1 in all six when too many are held. A key is pressed
 * when it appears in a report and was not in the one before.
 *
 * What a key sends is what the PS/2 keyboard sends for it
 * (arch/x86_64/ps2kbd.c, docs/console.md): characters, Ctrl with a
 * letter as a control character, escape sequences for the gray keys, the
 * keypad by Num Lock. A PS/2 keyboard repeats a held key itself; a USB
 * one sends one report and waits (idle rate 0), so the repeat is done
 * here, from the tick: the last key pressed, while still held, again
 * after USB_KBD_DELAY_US and then every USB_KBD_RATE_US. The time is the
 * host controller's own clock (xhci.c: its microframe index), not the
 * tick count, which is only as good as the boot's calibration: a tick
 * that ran fast once made a brief press repeat.
 *
 * usb_kbd_lock ("usb kbd") guards every keyboard's last report, the lock
 * keys and the repeat; keys go to input_push under it, so they keep
 * their order when a report and the tick race on two CPUs. */
#include "kernel/kernel.h"
#include "kernel/input.h"
#include "kernel/keys.h"
#include "kernel/spinlock.h"
#include "dev/usb_kbd.h"
#include "mm/kmalloc.h"

#define USB_KBD_MAX   4
#define USB_KBD_DELAY_US 500000         /* before a held key repeats */
#define USB_KBD_RATE_US  33333          /* then about 30 a second */

#define MOD_CTRL  0x11                  /* left or right */
#define MOD_SHIFT 0x22
#define KEY_ROLLOVER 0x01               /* too many keys: the report says nothing */
#define KEY_A        0x04
#define KEY_SLASH    0x38               /* the last of the main block's characters */
#define KEY_CAPS     0x39
#define KEY_F1       0x3a               /* F1..F12: 0x3a..0x45 */
#define KEY_F12      0x45
#define KEY_INSERT   0x49
#define KEY_UP       0x52
#define KEY_NUMLOCK  0x53
#define KEY_KP_SLASH 0x54
#define KEY_KP_1     0x59
#define KEY_KP_DOT   0x63

struct usb_kbd {
    int index;
    uint8_t keys[6];                    /* [usb_kbd_lock] held in the last report */
};

static struct spinlock usb_kbd_lock = SPINLOCK_INIT("usb kbd");
static int nkbds;                       /* boot only: one CPU probes */
static bool caps;                       /* [usb_kbd_lock] */
static bool numlock = true;             /* [usb_kbd_lock] as most firmware leaves it */
static uint8_t mods;                    /* [usb_kbd_lock] of the last report */
static struct usb_kbd *repeat_kbd;      /* [usb_kbd_lock] whose key repeats, or NULL */
static uint8_t repeat_key;              /* [usb_kbd_lock] */
static uint64_t repeat_at;              /* [usb_kbd_lock] when it next repeats; 0: the next tick sets it */

/* Usage IDs 0x04-0x38 (letters, digits, Enter, Esc, Backspace as DEL,
 * Tab, Space, punctuation), unshifted and shifted, US layout. */
static const char keymap[2][KEY_SLASH - KEY_A + 2] = {
    "abcdefghijklmnopqrstuvwxyz1234567890\n\x1b\x7f\t -=[]\\#;'`,./",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*()\n\x1b\x7f\t _+{}|~:\"~<>?",
};

/* The gray keys 0x49-0x52 as the terminal sequences PS/2 sends. */
static const char *const gray_keys[KEY_UP - KEY_INSERT + 1] = {
    "\x1b[2~", "\x1b[H", "\x1b[5~", "\x1b[3~", "\x1b[F", "\x1b[6~",   /* Ins Home PgUp Del End PgDn */
    "\x1b[C", "\x1b[D", "\x1b[B", "\x1b[A",                             /* right left down up */
};

/* The keypad 0x54-0x63: its characters with Num Lock on, and without it
 * the gray key printed under each digit (0: none). */
static const char keypad_chars[] = "/*-+\n1234567890.";
static const uint8_t keypad_gray[] = { 0, 0, 0, 0, 0, 0x4d, 0x51, 0x4e, 0x50, 0, 0x4f, 0x4a, 0x52, 0x4b, 0x49, 0x4c };

struct usb_kbd *usb_kbd_new(void)
{
    if (nkbds == USB_KBD_MAX)
        return NULL;
    struct usb_kbd *k = kmalloc(sizeof(*k));
    if (!k)
        return NULL;
    k->index = nkbds++;
    return k;
}

int usb_kbd_index(const struct usb_kbd *k) { return k->index; }

static void usb_kbd_send(const char *s)
{
    while (*s)
        input_push(*s++);
}

/* A main-block key as one character after Shift, Caps Lock and Ctrl. */
static char usb_kbd_char(uint8_t key)
{
    char c = keymap[(mods & MOD_SHIFT) != 0][key - KEY_A];
    if (caps && c >= 'a' && c <= 'z')
        c -= 32;
    else if (caps && c >= 'A' && c <= 'Z')
        c += 32;
    if ((mods & MOD_CTRL) && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        c &= 0x1f;
    return c;
}

/* What one key sends; false for keys that send nothing (and so do not
 * repeat): the locks, F-keys and the rest. Caller holds usb_kbd_lock. */
static bool usb_kbd_key(uint8_t key)
{
    assert(spin_holding(&usb_kbd_lock));
    if (key >= KEY_A && key <= KEY_SLASH) {
        input_push(usb_kbd_char(key));
    } else if (key >= KEY_INSERT && key <= KEY_UP) {
        usb_kbd_send(gray_keys[key - KEY_INSERT]);
    } else if (key >= KEY_KP_SLASH && key <= KEY_KP_DOT) {
        int i = key - KEY_KP_SLASH;
        if (key >= KEY_KP_1 && !numlock) {
            if (!keypad_gray[i])
                return false;           /* keypad 5 */
            usb_kbd_send(gray_keys[keypad_gray[i] - KEY_INSERT]);
        } else {
            input_push(keypad_chars[i]);
        }
    } else {
        return false;
    }
    return true;
}

static bool held(const uint8_t *keys, uint8_t key)
{
    for (int i = 0; i < 6; i++)
        if (keys[i] == key)
            return true;
    return false;
}

/* A key went down: the locks toggle, others send and start repeating. */
static void usb_kbd_press(struct usb_kbd *k, uint8_t key)
{
    if (key == KEY_CAPS) {
        caps = !caps;
    } else if (key == KEY_NUMLOCK) {
        numlock = !numlock;
    } else if (usb_kbd_key(key)) {
        __atomic_store_n(&repeat_kbd, k, __ATOMIC_RELAXED);
        repeat_key = key;
        repeat_at = 0;                  /* the delay starts at the next tick */
    }
}

void usb_kbd_report(struct usb_kbd *k, const uint8_t *report, size_t len)
{
    if (len < 3 || report[2] == KEY_ROLLOVER)
        return;                         /* nothing to learn from it */
    uint8_t keys[6] = { 0 };
    memcpy(keys, report + 2, MIN(len - 2, sizeof(keys)));
    int fkeys[6], nf = 0;
    spin_lock(&usb_kbd_lock);
    mods = report[0];
    for (int i = 0; i < 6; i++) {
        if (!keys[i] || held(k->keys, keys[i]))
            continue;
        if (keys[i] >= KEY_F1 && keys[i] <= KEY_F12)
            fkeys[nf++] = keys[i] - KEY_F1 + 1;
        else
            usb_kbd_press(k, keys[i]);
    }
    if (repeat_kbd == k && !held(keys, repeat_key))
        __atomic_store_n(&repeat_kbd, NULL, __ATOMIC_RELAXED);
    memcpy(k->keys, keys, sizeof(keys));
    spin_unlock(&usb_kbd_lock);
    /* The kernel's function keys (F2: the log), as PS/2's: after the
     * lock, as what they run takes the console's. */
    for (int i = 0; i < nf; i++)
        keys_function(fkeys[i]);
}

void usb_kbd_tick(uint64_t now_us)
{
    if (!__atomic_load_n(&repeat_kbd, __ATOMIC_RELAXED))
        return;                         /* the usual case: no lock taken */
    spin_lock(&usb_kbd_lock);
    if (repeat_kbd && repeat_at == 0) {
        repeat_at = now_us + USB_KBD_DELAY_US;
    } else if (repeat_kbd && now_us >= repeat_at) {
        usb_kbd_key(repeat_key);
        /* On the schedule, not from now (ticks are coarser than the
         * rate); after a stall, from now, without a burst. */
        repeat_at += USB_KBD_RATE_US;
        if (repeat_at <= now_us)
            repeat_at = now_us + USB_KBD_RATE_US;
    }
    spin_unlock(&usb_kbd_lock);
}
