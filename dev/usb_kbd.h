/* usb_kbd.h -- USB keyboards in HID boot protocol (usb_kbd.c): reports
 * in, the same bytes the PS/2 keyboard sends out (kernel/input.h). The
 * host controller's driver (dev/xhci_kbd.c) finds them and delivers
 * their reports. */
#ifndef DEV_USB_KBD_H
#define DEV_USB_KBD_H
#include <stddef.h>
#include <stdint.h>
struct usb_kbd;
/* usb_kbd_new: a keyboard's record (boot); NULL when out of memory or
 * there are too many. */
struct usb_kbd *usb_kbd_new(void);
int usb_kbd_index(const struct usb_kbd *k);
/* usb_kbd_report: a boot report (HID 1.11, B.1) of len bytes arrived;
 * from the host controller's interrupt handler, any CPU. */
void usb_kbd_report(struct usb_kbd *k, const uint8_t *report, size_t len);
/* usb_kbd_tick: the key repeat; from a tick hook, now_us the time by a
 * clock that only goes forward (the host controller's). */
void usb_kbd_tick(uint64_t now_us);
#endif
