/* ansi.c -- the escape sequences of a VT100-ish terminal, read one byte at
 * a time from what is written to the screen (docs/console.md lists them).
 *
 * The same bytes reach the serial port, where the host's terminal reads
 * them, so the screen follows what xterm and the Linux console do for the
 * subset it knows: cursor moves (CUU CUD CUF CUB CUP HVP), erasing (ED EL),
 * colours (SGR), saving the cursor (DECSC DECRC, CSI s/u), showing it
 * (DECTCEM) and reset (RIS).
 *
 * The parser is a small state machine after the DEC/ECMA-48 grammar:
 *
 *   ESC [ [marker] [params ;...] [intermediates] final     (CSI)
 *   ESC [intermediates] final                              (ESC)
 *   ESC ] P X ^ _ ... BEL or ESC \                         (strings)
 *
 * Anything it does not know or cannot parse is swallowed up to the end of
 * the sequence: a program meant for a bigger terminal loses an effect, not
 * the screen. Parameters are bounded (count and value), so no input can
 * overflow anything. Control characters inside a sequence are still carried
 * out, as terminals do; CAN and SUB cancel the sequence, ESC restarts it.
 * All of this runs under screen_lock (screen.c). */
#include "kernel/kernel.h"
#include "kernel/console/screen_internal.h"

#define ANSI_MAX_PARAMS 16            /* more are read and dropped */
#define ANSI_PARAM_MAX 9999           /* larger values saturate */
/* A string (an xterm title, say) longer than this is dropped and the
 * parser gives up on it, so a stray ESC ] cannot hide all later output. */
#define ANSI_STRING_MAX 256

#define ESC 0x1b
#define BEL 0x07
#define CAN 0x18
#define SUB 0x1a
#define DEL 0x7f

enum ansi_state {
    ANSI_GROUND,                      /* not in a sequence */
    ANSI_ESCAPE,                      /* after ESC */
    ANSI_ESCAPE_INTER,                /* ESC, intermediates: wait for final */
    ANSI_CSI,                         /* after ESC [ */
    ANSI_CSI_IGNORE,                  /* malformed CSI: wait for final */
    ANSI_STRING,                      /* OSC, DCS...: wait for BEL or ESC */
};

/* The graphic rendition, kept apart from the attribute it makes, because
 * bold and reverse combine with colours set before or after them. */
struct ansi_sgr {
    uint8_t fg, bg;                   /* VGA colour numbers, 0-15 */
    bool bold, reverse;
};

static struct {
    enum ansi_state state;
    char marker;                      /* CSI private marker: ? < = > or 0 */
    bool started;                     /* CSI bytes seen after ESC [ */
    bool inter;                       /* CSI intermediate bytes seen */
    int nparams;                      /* parameters kept, 1..MAX */
    int index;                        /* parameter being read, up to MAX */
    int params[ANSI_MAX_PARAMS];      /* a missing parameter reads as 0 */
    int string_len;
    struct ansi_sgr sgr;
    struct { int x, y; struct ansi_sgr sgr; } saved;  /* ESC 7, ESC [ s */
} ansi;

static const struct ansi_sgr sgr_default = { COLOR_LIGHT_GREY, COLOR_BLACK,
                                             false, false };

/* ANSI numbers colours black red green yellow blue magenta cyan white;
 * VGA has blue and red swapped, and calls yellow brown. */
static const uint8_t ansi_to_vga[8] = {
    COLOR_BLACK, COLOR_RED, COLOR_GREEN, COLOR_BROWN,
    COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN, COLOR_LIGHT_GREY,
};

/* ---- colours (SGR) ----------------------------------------------------- */

/* Bold is a bright foreground (as on the Linux console); reverse swaps the
 * result. Erased cells get only the background, not reverse or bold (as
 * xterm does), and the default foreground, which fbcon's cursor uses. */
static void ansi_apply_sgr(void)
{
    uint8_t fg = ansi.sgr.fg | (ansi.sgr.bold ? 8 : 0), bg = ansi.sgr.bg;
    scr.attr = ansi.sgr.reverse ? SCREEN_ATTR(bg, fg) : SCREEN_ATTR(fg, bg);
    scr.erase_attr = SCREEN_ATTR(COLOR_LIGHT_GREY, ansi.sgr.bg);
}

/* sgr_extended: 38 and 48 (256-colour and RGB colours) are not shown,
 * but their arguments must not be read as attributes of their own.
 * Returns how many parameters after p[0] belong to it. */
static int sgr_extended(const int *p, int n)
{
    if (n >= 2 && p[1] == 5)
        return 2;                     /* 38;5;INDEX */
    if (n >= 2 && p[1] == 2)
        return 4;                     /* 38;2;R;G;B */
    return n - 1;                     /* unknown form: drop the rest */
}

static void sgr_one(int p)
{
    struct ansi_sgr *s = &ansi.sgr;
    if (p == 0)
        *s = sgr_default;
    else if (p == 1)
        s->bold = true;
    else if (p == 22)
        s->bold = false;
    else if (p == 7)
        s->reverse = true;
    else if (p == 27)
        s->reverse = false;
    else if (p >= 30 && p <= 37)
        s->fg = ansi_to_vga[p - 30];
    else if (p == 39)
        s->fg = sgr_default.fg;
    else if (p >= 40 && p <= 47)
        s->bg = ansi_to_vga[p - 40];
    else if (p == 49)
        s->bg = sgr_default.bg;
    else if (p >= 90 && p <= 97)
        s->fg = ansi_to_vga[p - 90] | 8;
    else if (p >= 100 && p <= 107)
        s->bg = ansi_to_vga[p - 100] | 8;
    /* anything else (underline, blink, italic...) has no look here */
}

static void ansi_sgr(void)
{
    for (int i = 0; i < ansi.nparams; i++) {
        int p = ansi.params[i];
        if (p == 38 || p == 48)
            i += sgr_extended(ansi.params + i, ansi.nparams - i);
        else
            sgr_one(p);
    }
    ansi_apply_sgr();
}

void ansi_set_attr(uint8_t attr)
{
    ansi.sgr = (struct ansi_sgr){ attr & 15, attr >> 4, false, false };
    ansi_apply_sgr();
}

/* ---- cursor and erasing ------------------------------------------------ */

/* A count of 0 means 1, as on a VT100. */
static int count_param(int i)
{
    return ansi.params[i] ? ansi.params[i] : 1;
}

static void ansi_move(int dx, int dy)
{
    int x, y;
    screen_term_where(&x, &y);
    screen_term_goto(x + dx, y + dy);
}

/* ED (which 0: cursor to end, 1: start to cursor, 2: all) and EL (the
 * same within the cursor's row); the cursor does not move. */
static void ansi_erase(bool line, int which)
{
    int x, y, cols = scr.ops.cols;
    screen_term_where(&x, &y);
    int at = y * cols + x;
    int first = line ? y * cols : 0;
    int end = line ? (y + 1) * cols : cols * scr.ops.rows;
    if (which == 0)
        screen_term_erase(at, end);
    else if (which == 1)
        screen_term_erase(first, at + 1);
    else if (which == 2)
        screen_term_erase(first, end);
}

static void ansi_save(void)
{
    screen_term_where(&ansi.saved.x, &ansi.saved.y);
    ansi.saved.sgr = ansi.sgr;
}

static void ansi_restore(void)
{
    screen_term_goto(ansi.saved.x, ansi.saved.y);
    ansi.sgr = ansi.saved.sgr;
    ansi_apply_sgr();
}

/* RIS: everything back to how screen_init left it. */
static void ansi_full_reset(void)
{
    ansi.sgr = sgr_default;
    ansi_apply_sgr();
    ansi.saved.x = ansi.saved.y = 0;
    ansi.saved.sgr = sgr_default;
    screen_term_erase(0, scr.ops.cols * scr.ops.rows);
    scr.pending_scroll = 0;           /* nothing left worth moving */
    screen_term_goto(0, 0);
    scr.cursor_term_on = true;
}

/* ---- dispatch ---------------------------------------------------------- */

/* DECTCEM (ESC [ ? 25 h / l); other private modes are not kept. */
static void ansi_private_mode(bool set)
{
    for (int i = 0; i < ansi.nparams; i++) {
        if (ansi.params[i] == 25)
            scr.cursor_term_on = set;
    }
}

static void ansi_csi_dispatch(uint8_t final)
{
    if (ansi.inter || (ansi.marker && ansi.marker != '?'))
        return;                       /* none of these is supported */
    if (ansi.marker == '?') {
        if (final == 'h' || final == 'l')
            ansi_private_mode(final == 'h');
        return;
    }
    switch (final) {
    case 'A': ansi_move(0, -count_param(0)); break;
    case 'B': ansi_move(0, count_param(0)); break;
    case 'C': ansi_move(count_param(0), 0); break;
    case 'D': ansi_move(-count_param(0), 0); break;
    case 'H':
    case 'f': screen_term_goto(count_param(1) - 1, count_param(0) - 1); break;
    case 'J': ansi_erase(false, ansi.params[0]); break;
    case 'K': ansi_erase(true, ansi.params[0]); break;
    case 'm': ansi_sgr(); break;
    case 's': ansi_save(); break;
    case 'u': ansi_restore(); break;
    default: break;                   /* unknown: swallowed */
    }
}

static void ansi_escape_dispatch(uint8_t final)
{
    switch (final) {
    case 'c': ansi_full_reset(); break;
    case '7': ansi_save(); break;
    case '8': ansi_restore(); break;
    default: break;                   /* unknown (or ST, ESC \): swallowed */
    }
}

/* ---- the parser -------------------------------------------------------- */

static void csi_begin(void)
{
    ansi.state = ANSI_CSI;
    ansi.marker = 0;
    ansi.started = false;
    ansi.inter = false;
    ansi.nparams = 1;
    ansi.index = 0;
    memset(ansi.params, 0, sizeof(ansi.params));
}

static void csi_digit(uint8_t ch)
{
    if (ansi.index >= ANSI_MAX_PARAMS)
        return;
    int *p = &ansi.params[ansi.index];
    *p = MIN(*p * 10 + (ch - '0'), ANSI_PARAM_MAX);
}

static void csi_separator(void)
{
    if (ansi.index < ANSI_MAX_PARAMS)
        ansi.index++;
    ansi.nparams = MIN(ansi.index + 1, ANSI_MAX_PARAMS);
}

/* One byte of ESC [ ...: parameters, then intermediates, then the final.
 * Anything out of that order makes the rest of the sequence ignored. */
static void csi_byte(uint8_t ch)
{
    bool first = !ansi.started;
    ansi.started = true;
    if (ch >= 0x40 && ch <= 0x7e) {
        ansi.state = ANSI_GROUND;
        ansi_csi_dispatch(ch);
    } else if (ch >= '0' && ch <= '9' && !ansi.inter) {
        csi_digit(ch);
    } else if (ch == ';' && !ansi.inter) {
        csi_separator();
    } else if (ch >= 0x3c && ch <= 0x3f && first) {
        ansi.marker = (char)ch;
    } else if (ch >= 0x20 && ch <= 0x2f) {
        ansi.inter = true;
    } else {
        ansi.state = ANSI_CSI_IGNORE; /* ':' sub-parameters, bytes >= 0x80 */
    }
}

static void escape_byte(uint8_t ch)
{
    ansi.state = ANSI_GROUND;
    if (ch == '[')
        csi_begin();
    else if (ch == ']' || ch == 'P' || ch == 'X' || ch == '^' || ch == '_')
        ansi.state = ANSI_STRING, ansi.string_len = 0;
    else if (ch >= 0x20 && ch <= 0x2f)
        ansi.state = ANSI_ESCAPE_INTER;   /* e.g. ESC ( B: a character set */
    else if (ch >= 0x30 && ch <= 0x7e)
        ansi_escape_dispatch(ch);
    /* bytes >= 0x80: not a sequence we know; both bytes are dropped */
}

/* Inside a string every byte is swallowed until BEL, or ESC (which is
 * also the start of ST, ESC \). */
static void string_byte(uint8_t ch)
{
    if (ch == BEL || ++ansi.string_len > ANSI_STRING_MAX)
        ansi.state = ANSI_GROUND;
}

static void sequence_byte(uint8_t ch)
{
    switch (ansi.state) {
    case ANSI_ESCAPE: escape_byte(ch); break;
    case ANSI_ESCAPE_INTER:
        if (ch < 0x20 || ch > 0x2f)
            ansi.state = ANSI_GROUND;     /* the final (or garbage) */
        break;
    case ANSI_CSI: csi_byte(ch); break;
    case ANSI_CSI_IGNORE:
        if (ch >= 0x40 && ch <= 0x7e)
            ansi.state = ANSI_GROUND;
        break;
    case ANSI_STRING: string_byte(ch); break;
    case ANSI_GROUND: break;
    }
}

bool ansi_take(uint8_t ch)
{
    if (ch == ESC) {
        ansi.state = ANSI_ESCAPE;     /* also ends a string, or restarts */
        return true;
    }
    if (ansi.state == ANSI_GROUND)
        return false;
    if (ch == CAN || ch == SUB) {
        ansi.state = ANSI_GROUND;     /* cancelled, nothing done */
        return true;
    }
    if (ch < 0x20 && ansi.state != ANSI_STRING)
        return false;                 /* carried out, the sequence goes on */
    if (ch != DEL)
        sequence_byte(ch);
    return true;
}

void ansi_reset(void)
{
    ansi.state = ANSI_GROUND;
    ansi.sgr = ansi.saved.sgr = sgr_default;
    ansi.saved.x = ansi.saved.y = 0;
    ansi_apply_sgr();
}
