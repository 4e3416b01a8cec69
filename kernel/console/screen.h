/* screen.h -- one text-console API over two kinds of screen: the VGA text
 * buffer (BIOS boots) and a linear framebuffer drawn with the built-in
 * 8x16 font (UEFI boots, where there is no VGA text mode).
 *
 * The screen is a grid of cells, each a character and a VGA-style colour
 * attribute (low nibble foreground, high nibble background, the standard
 * 16-colour palette). The terminal part (cursor, newline, scrolling) is the
 * same for both kinds; only drawing a cell differs. */
#ifndef KERNEL_CONSOLE_SCREEN_H
#define KERNEL_CONSOLE_SCREEN_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

enum screen_kind { SCREEN_NONE, SCREEN_VGA_TEXT, SCREEN_FRAMEBUFFER };

enum screen_color {
    COLOR_BLACK, COLOR_BLUE, COLOR_GREEN, COLOR_CYAN, COLOR_RED, COLOR_MAGENTA,
    COLOR_BROWN, COLOR_LIGHT_GREY, COLOR_DARK_GREY, COLOR_LIGHT_BLUE,
    COLOR_LIGHT_GREEN, COLOR_LIGHT_CYAN, COLOR_LIGHT_RED, COLOR_LIGHT_MAGENTA,
    COLOR_YELLOW, COLOR_WHITE,
};
#define SCREEN_ATTR(fg, bg) ((uint8_t)(((bg) << 4) | (fg)))

struct boot_info;

/* screen_init: choose the kind from the multiboot2 framebuffer tag (type 2
 * = EGA text, type 1 = RGB), or SCREEN_NONE when there is no screen. */
void screen_init(const struct boot_info *bi);
enum screen_kind screen_kind(void);
const char *screen_kind_name(void);       /* "vga-text", "framebuffer", "none" */
int screen_cols(void);
int screen_rows(void);

/* Terminal-style output: \n, \r, \b, \t, scrolling; uses the current attr. */
void screen_write(const char *s, size_t n);
void screen_set_attr(uint8_t attr);
void screen_clear(void);
/* screen_show_cursor: show (the default) or hide the cursor, e.g. while the
 * memory viewer owns the screen. Added alongside the original API. */
void screen_show_cursor(bool on);

/* Direct cell access (for the memory viewer); x < cols, y < rows. */
void screen_put_cell(int x, int y, uint8_t ch, uint8_t attr);
void screen_put_string(int x, int y, const char *s, uint8_t attr);
/* screen_get_cell: what the cell holds now (character, attribute); lets
 * tests read back what was drawn on either kind of screen. */
void screen_get_cell(int x, int y, uint8_t *ch, uint8_t *attr);
#endif
