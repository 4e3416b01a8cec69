/* screen_internal.h -- the seam between the terminal logic (screen.c) and
 * the two ways of putting a cell on the glass: vga_text.c writes it into
 * VGA text memory, fbcon.c draws it into a linear framebuffer.
 *
 * A cell (SCREEN_CELL in screen.h) is kept the way VGA text memory keeps
 * it: the character in the low byte, the attribute in the high byte.
 * screen.c owns two arrays of
 * them (what should be shown, and what the backend last drew) and only
 * calls draw_cell for cells that differ, so backends never have to check.
 * All ops are called with the screen lock held (see screen.c). */
#ifndef KERNEL_CONSOLE_SCREEN_INTERNAL_H
#define KERNEL_CONSOLE_SCREEN_INTERNAL_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/console/screen.h"

/* Larger screens are used only up to this many cells (top-left corner);
 * 240x68 cells is 1920x1088 pixels: a 1080p screen fits (the shadow
 * arrays cost 64 KiB of .bss, which matters with mem=2M). */
#define SCREEN_MAX_COLS 240
#define SCREEN_MAX_ROWS 68


struct boot_fb;

struct screen_ops {
    enum screen_kind kind;
    const char *name;                 /* what screen_kind_name() returns */
    int cols, rows;
    /* soft_cursor: the cursor is drawn into the cell's own pixels, so
     * redrawing the cell erases it and moving pixels moves it too. */
    bool soft_cursor;
    void (*draw_cell)(int x, int y, uint16_t cell);
    /* cursor: show (on) or hide the cursor at (x, y), which holds cell. */
    void (*cursor)(int x, int y, uint16_t cell, bool on);
    /* scroll_up (may be NULL): move rows [n, rows) to [0, rows - n) on the
     * glass; rows [rows - n, rows) keep what they showed. Only offered when
     * moving can beat redrawing; screen.c decides per flush. */
    void (*scroll_up)(int n);
};

/* Backend set-up: check the framebuffer tag, fill *ops, and leave the whole
 * screen showing blank cells in SCREEN_DEFAULT_ATTR (all black), with no
 * cursor. false if this backend cannot drive that framebuffer. */
bool vga_text_init(const struct boot_fb *fb, struct screen_ops *ops);
bool fbcon_init(const struct boot_fb *fb, struct screen_ops *ops);
#endif
