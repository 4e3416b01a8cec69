/* vga_text.c -- the VGA text backend (BIOS boots: multiboot2 framebuffer
 * type 2, normally 80x25 cells at physical 0xB8000).
 *
 * Text memory already holds cells in our format (character, attribute),
 * so drawing a cell is one 16-bit store. Under QEMU every access to it is
 * an emulated MMIO access, which is why screen.c never reads it back and
 * redraws only changed cells instead of moving memory to scroll. */
#include "kernel/kernel.h"
#include "kernel/console/screen_internal.h"
#include "arch/x86_64/multiboot.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/x86.h"

#define VGA_TEXT_PHYS 0xB8000UL

/* CRT controller (colour address range): an index port and a data port. */
#define CRTC_INDEX 0x3D4
#define CRTC_DATA 0x3D5
#define CRTC_CURSOR_START 0x0A        /* bit 5 off, bits 0-4 first line */
#define CRTC_CURSOR_END 0x0B
#define CRTC_CURSOR_HIGH 0x0E         /* cursor position, in cells */
#define CRTC_CURSOR_LOW 0x0F
#define CURSOR_OFF 0x20
#define CURSOR_FIRST_LINE 14          /* an underline in a 16-line cell */
#define CURSOR_LAST_LINE 15

/* Attribute controller: one port for index and data (a flip-flop, reset by
 * reading the input status register), another to read data back. */
#define ATTR_INDEX_DATA 0x3C0
#define ATTR_READ 0x3C1
#define INPUT_STATUS_1 0x3DA
#define ATTR_MODE_CONTROL 0x10
#define ATTR_PALETTE_ON 0x20          /* keep the screen on while indexing */
#define ATTR_BLINK 0x08

static volatile uint16_t *vga_mem;
static int vga_stride;                /* cells per row in memory */
static bool vga_cursor_enabled;

static void crtc_write(uint8_t index, uint8_t value)
{
    outb(CRTC_INDEX, index);
    outb(CRTC_DATA, value);
}

static uint8_t crtc_read(uint8_t index)
{
    outb(CRTC_INDEX, index);
    return inb(CRTC_DATA);
}

static void vga_draw_cell(int x, int y, uint16_t cell)
{
    vga_mem[y * vga_stride + x] = cell;
}

static void vga_cursor_enable(bool on)
{
    if (on == vga_cursor_enabled)
        return;
    vga_cursor_enabled = on;
    if (!on) {
        crtc_write(CRTC_CURSOR_START, CURSOR_OFF);
        return;
    }
    /* Keep the reserved high bits of both registers as the BIOS left them. */
    crtc_write(CRTC_CURSOR_START,
               (crtc_read(CRTC_CURSOR_START) & 0xC0) | CURSOR_FIRST_LINE);
    crtc_write(CRTC_CURSOR_END,
               (crtc_read(CRTC_CURSOR_END) & 0xE0) | CURSOR_LAST_LINE);
}

/* The hardware cursor blinks on its own over whatever the cell holds. */
static void vga_cursor(int x, int y, uint16_t cell, bool on)
{
    (void)cell;
    vga_cursor_enable(on);
    if (!on)
        return;
    uint16_t pos = (uint16_t)(y * vga_stride + x);
    crtc_write(CRTC_CURSOR_HIGH, pos >> 8);
    crtc_write(CRTC_CURSOR_LOW, pos & 0xFF);
}

/* Turn blinking off: attribute bit 7 then means a bright background, so
 * all 16 colours work as backgrounds, as on the framebuffer. The memory
 * viewer's reverse video relies on it (light colour backgrounds). */
static void vga_blink_off(void)
{
    inb(INPUT_STATUS_1);
    outb(ATTR_INDEX_DATA, ATTR_MODE_CONTROL | ATTR_PALETTE_ON);
    uint8_t mode = inb(ATTR_READ);
    outb(ATTR_INDEX_DATA, mode & ~ATTR_BLINK);
}

bool vga_text_init(const struct boot_fb *fb, struct screen_ops *ops)
{
    paddr_t pa = fb->addr ? fb->addr : VGA_TEXT_PHYS;
    int cols = fb->width ? (int)fb->width : 80;
    int rows = fb->height ? (int)fb->height : 25;
    vga_mem = pa_to_kva(pa);
    vga_stride = fb->pitch ? (int)(fb->pitch / 2) : cols;
    if (vga_stride < cols)
        return false;
    for (int i = 0; i < rows * vga_stride; i++)
        vga_mem[i] = SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR);
    /* Unknown state from the BIOS: force the first enable to program it. */
    vga_cursor_enabled = true;
    vga_cursor_enable(false);
    vga_blink_off();

    ops->kind = SCREEN_VGA_TEXT;
    ops->name = "vga-text";
    ops->cols = cols;
    ops->rows = rows;
    ops->soft_cursor = false;
    ops->draw_cell = vga_draw_cell;
    ops->cursor = vga_cursor;
    ops->scroll_up = NULL;
    return true;
}
