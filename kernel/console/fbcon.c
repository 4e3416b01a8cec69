/* fbcon.c -- the framebuffer backend (UEFI boots: multiboot2 framebuffer
 * type 1, direct RGB): text drawn with the built-in 8x16 font, attributes
 * mapped to the standard 16-colour VGA palette.
 *
 * Any mode the firmware's GOP gives works; the grid is sized from it. On
 * a large mode 8x16 pixels are too small to read (on a 2560x1600 laptop
 * panel an 8x16 cell is about 1.6 mm wide), so the font is scaled by a
 * whole number: the smallest scale that keeps the grid at most
 * SCREEN_MAX_COLS (160) columns wide (fbcon_pick_scale). 1280x800 stays
 * at 1x (160x50 cells), 1920x1080 and 2560x1600 draw at 2x (120x33 and
 * 160x50 cells), 3840x2160 at 3x. Pixels left over at the right and
 * bottom stay black.
 *
 * Speed matters more than generality here, because under QEMU's TCG every
 * guest store is emulated: a glyph row is assembled in registers and
 * written with 64-bit stores (2 pixels each at 32 bpp, a whole row in 2-3
 * stores at 16 and 24 bpp), never pixel by pixel through memory. screen.c
 * skips cells that are unchanged, and decides per scroll whether moving
 * pixel rows (fbcon_scroll_up) beats redrawing. */
#include "kernel/kernel.h"
#include "kernel/console/screen_internal.h"
#include "arch/x86_64/multiboot.h"
#include "arch/x86_64/memlayout.h"

#define CELL_W 8
#define CELL_H 16
#define CURSOR_FIRST_ROW 14           /* the cursor underlines rows 14-15 */
#define FBCON_MAX_SCALE 8             /* 8x: 10240 pixels wide for 160 columns */

extern const uint8_t font8x16[128][16];

/* Framebuffer stores need not be 8-byte aligned (odd pitches exist);
 * x86 does not mind, this tells the compiler so. */
typedef uint64_t __attribute__((aligned(1), may_alias)) fb_u64;
typedef uint32_t __attribute__((may_alias)) fb_u32;

/* The 16 VGA colours as 0xRRGGBB; index 6 is brown, not dark yellow. */
static const uint32_t vga_palette[16] = {
    0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500,
    0xAAAAAA, 0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF,
    0xFFFF55, 0xFFFFFF,
};

typedef void draw_fn(uint8_t *dst, const uint8_t *glyph, bool underline,
                     uint32_t fg, uint32_t bg);

static struct {
    uint8_t *base;                    /* pixel (0, 0) through the direct map */
    uint32_t pitch;                   /* bytes per pixel row */
    int bytes_pp;
    int scale;                        /* glass pixels per font pixel, each way */
    int rows;                         /* cell rows in use (for scrolling) */
    uint32_t pixel[16];               /* palette in the framebuffer's format */
    draw_fn *draw;                    /* the row writer for this depth */
} fb;

/* fbcon_channel: an 8-bit colour channel scaled to the reported width and
 * shifted to the reported position. */
static uint32_t fbcon_channel(uint8_t v, uint8_t pos, uint8_t size)
{
    if (size == 0 || pos >= 32)
        return 0;
    uint32_t c = size >= 8 ? (uint32_t)v << (size - 8) : v >> (8 - size);
    return c << pos;
}

static void fbcon_make_palette(const struct boot_fb *bfb)
{
    uint8_t rp = bfb->red_pos, rs = bfb->red_size;
    uint8_t gp = bfb->green_pos, gs = bfb->green_size;
    uint8_t bp = bfb->blue_pos, bs = bfb->blue_size;
    if (rs == 0 && gs == 0 && bs == 0) {
        /* No colour info in the tag: assume the usual layouts. */
        if (fb.bytes_pp == 2)
            rp = 11, rs = 5, gp = 5, gs = 6, bp = 0, bs = 5;
        else
            rp = 16, rs = 8, gp = 8, gs = 8, bp = 0, bs = 8;
    }
    for (int i = 0; i < 16; i++) {
        uint32_t rgb = vga_palette[i];
        fb.pixel[i] = fbcon_channel(rgb >> 16, rp, rs) |
                      fbcon_channel(rgb >> 8, gp, gs) |
                      fbcon_channel(rgb, bp, bs);
    }
}

static unsigned glyph_row(const uint8_t *glyph, int r, bool underline)
{
    return glyph[r] | (underline && r >= CURSOR_FIRST_ROW ? 0xFF : 0);
}

/* pick: the colour of pixel i (0 = leftmost, bit 7) in a glyph row. */
static inline uint64_t pick(unsigned bits, int i, uint32_t fg, uint32_t bg)
{
    return bits & (0x80u >> i) ? fg : bg;
}

/* 32 bpp: a table of the four 2-pixel patterns, then 4 stores per row.
 * The left pixel is at the lower address, so in the low half. */
static void fbcon_draw32(uint8_t *dst, const uint8_t *glyph, bool underline,
                         uint32_t fg, uint32_t bg)
{
    const uint64_t pair[4] = {
        bg | (uint64_t)bg << 32, bg | (uint64_t)fg << 32,
        fg | (uint64_t)bg << 32, fg | (uint64_t)fg << 32,
    };
    for (int r = 0; r < CELL_H; r++, dst += fb.pitch) {
        unsigned bits = glyph_row(glyph, r, underline);
        fb_u64 *p = (fb_u64 *)dst;
        p[0] = pair[bits >> 6 & 3];
        p[1] = pair[bits >> 4 & 3];
        p[2] = pair[bits >> 2 & 3];
        p[3] = pair[bits & 3];
    }
}

/* 24 bpp: 8 pixels are 24 bytes, packed into 3 words. */
static void fbcon_draw24(uint8_t *dst, const uint8_t *glyph, bool underline,
                         uint32_t fg, uint32_t bg)
{
    for (int r = 0; r < CELL_H; r++, dst += fb.pitch) {
        unsigned bits = glyph_row(glyph, r, underline);
        uint64_t c[8];
        for (int i = 0; i < 8; i++)
            c[i] = pick(bits, i, fg, bg) & 0xFFFFFF;
        fb_u64 *p = (fb_u64 *)dst;
        p[0] = c[0] | c[1] << 24 | c[2] << 48;
        p[1] = c[2] >> 16 | c[3] << 8 | c[4] << 32 | c[5] << 56;
        p[2] = c[5] >> 8 | c[6] << 16 | c[7] << 40;
    }
}

/* 16 bpp (5:6:5 or 5:5:5): 8 pixels are 16 bytes, 2 words. */
static void fbcon_draw16(uint8_t *dst, const uint8_t *glyph, bool underline,
                         uint32_t fg, uint32_t bg)
{
    for (int r = 0; r < CELL_H; r++, dst += fb.pitch) {
        unsigned bits = glyph_row(glyph, r, underline);
        uint64_t w[2] = { 0, 0 };
        for (int i = 0; i < 8; i++)
            w[i / 4] |= (pick(bits, i, fg, bg) & 0xFFFF) << (i % 4 * 16);
        fb_u64 *p = (fb_u64 *)dst;
        p[0] = w[0];
        p[1] = w[1];
    }
}

/* A glyph row scaled: each font pixel becomes `scale` pixels, in the
 * framebuffer's own format, left pixel at the lowest address. */
static void fbcon_scaled_line(uint8_t *line, unsigned bits, uint32_t fg, uint32_t bg)
{
    int s = fb.scale, bpp = fb.bytes_pp;
    for (int i = 0; i < CELL_W; i++) {
        uint32_t c = (uint32_t)pick(bits, i, fg, bg);
        if (bpp == 4) {
            for (int k = 0; k < s; k++, line += 4)
                *(fb_u32 *)line = c;
        } else {
            for (int k = 0; k < s; k++, line += bpp)
                memcpy(line, &c, bpp);   /* little-endian: the low bytes */
        }
    }
}

/* Any depth at scale 2 and up: each glyph row is built once and copied
 * into `scale` pixel rows. */
static void fbcon_draw_scaled(uint8_t *dst, const uint8_t *glyph, bool underline,
                              uint32_t fg, uint32_t bg)
{
    uint64_t buf[CELL_W * FBCON_MAX_SCALE * 4 / 8];
    uint8_t *line = (uint8_t *)buf;
    size_t width = (size_t)CELL_W * fb.scale * fb.bytes_pp;
    for (int r = 0; r < CELL_H; r++) {
        fbcon_scaled_line(line, glyph_row(glyph, r, underline), fg, bg);
        for (int k = 0; k < fb.scale; k++, dst += fb.pitch)
            memcpy(dst, line, width);
    }
}

static void fbcon_draw(int x, int y, uint16_t cell, bool underline)
{
    uint8_t ch = SCREEN_CELL_CH(cell), attr = SCREEN_CELL_ATTR(cell);
    const uint8_t *glyph = font8x16[ch < 128 ? ch : '?'];
    uint8_t *dst = fb.base + (size_t)y * CELL_H * fb.scale * fb.pitch +
                   (size_t)x * CELL_W * fb.scale * fb.bytes_pp;
    fb.draw(dst, glyph, underline, fb.pixel[attr & 15], fb.pixel[attr >> 4]);
}

static void fbcon_draw_cell(int x, int y, uint16_t cell)
{
    fbcon_draw(x, y, cell, false);
}

/* The cursor is an underline in the cell's foreground colour; hiding it
 * is drawing the cell again without one. */
static void fbcon_cursor(int x, int y, uint16_t cell, bool on)
{
    fbcon_draw(x, y, cell, on);
}

/* Whole pixel rows move with one memmove: both addresses and the length
 * are multiples of 16 pixel rows, so it runs as rep movsq. Cheap under
 * QEMU, where the framebuffer is plain RAM; on real hardware reading back
 * a write-combined framebuffer is slow and redrawing would win. */
static void fbcon_scroll_up(int n)
{
    size_t band = (size_t)CELL_H * fb.scale * fb.pitch;
    memmove(fb.base, fb.base + n * band, (size_t)(fb.rows - n) * band);
}

static draw_fn *fbcon_pick_draw(uint8_t bpp)
{
    switch (bpp) {
    case 32: return fbcon_draw32;
    case 24: return fbcon_draw24;
    case 16: case 15: return fbcon_draw16;
    default: return NULL;
    }
}

/* The rule in the header: the smallest whole scale that keeps the grid
 * within SCREEN_MAX_COLS columns (and the screen at least a cell tall). */
static int fbcon_pick_scale(uint32_t width, uint32_t height)
{
    int s = 1;
    while (s < FBCON_MAX_SCALE && width / (CELL_W * s) > SCREEN_MAX_COLS &&
           height / (CELL_H * (s + 1)) > 0)
        s++;
    return s;
}

bool fbcon_init(const struct boot_fb *bfb, struct screen_ops *ops)
{
    fb.draw = fbcon_pick_draw(bfb->bpp);
    if (!fb.draw || bfb->width < CELL_W || bfb->height < CELL_H)
        return false;
    fb.base = pa_to_kva(bfb->addr);
    fb.pitch = bfb->pitch;
    fb.bytes_pp = (bfb->bpp + 7) / 8;
    if (fb.pitch < bfb->width * fb.bytes_pp)
        return false;
    fb.scale = fbcon_pick_scale(bfb->width, bfb->height);
    if (fb.scale > 1)
        fb.draw = fbcon_draw_scaled;
    fb.rows = (int)(bfb->height / (CELL_H * fb.scale));
    fbcon_make_palette(bfb);
    /* Black everywhere, margins included: blank default cells are black. */
    memset(fb.base, 0, (size_t)bfb->height * fb.pitch);

    ops->kind = SCREEN_FRAMEBUFFER;
    ops->name = "framebuffer";
    ops->cols = MIN((int)(bfb->width / (CELL_W * fb.scale)), SCREEN_MAX_COLS);
    ops->rows = fb.rows;
    ops->scale = fb.scale;
    ops->soft_cursor = true;
    ops->draw_cell = fbcon_draw_cell;
    ops->cursor = fbcon_cursor;
    ops->scroll_up = fbcon_scroll_up;
    return true;
}
