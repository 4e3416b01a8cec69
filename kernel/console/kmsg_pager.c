/* kmsg_pager.c -- F2: the kernel log kept in memory (kernel/kmsg.h), a
 * screenful at a time, on a machine whose serial port nobody reads.
 *
 * F2 takes the screen (as the memory viewer does: the log stops going
 * there and the console's cells are kept) and shows the newest lines;
 * PgUp/PgDn, Up/Down, Home/End (or b/space, k/j, g/G) move; q or F2 again
 * gives the screen back as it was. While it is open every key comes here
 * (keys_grab), so none reaches a program. Long lines wrap.
 *
 * Everything runs in the keyboard's interrupt handler, under pager_lock,
 * then the ring's lock (kmsg_lock_ring) and the screen's: bounded work, a
 * screenful of cells. A view is a line start (top, a log position) and
 * the wrapped row of that line at the top of the screen (sub). */
#include "kernel/kernel.h"
#include "kernel/kmsg.h"
#include "kernel/keys.h"
#include "kernel/cmdline.h"
#include "kernel/spinlock.h"
#include "kernel/console/console.h"
#include "kernel/console/screen.h"
#include "mm/kmalloc.h"

#define PAGER_TEXT SCREEN_DEFAULT_ATTR
#define PAGER_STATUS SCREEN_ATTR(COLOR_BLACK, COLOR_LIGHT_GREY)

static struct spinlock pager_lock = SPINLOCK_INIT("kmsg pager");
static bool shown;                /* [pager_lock] */
static uint64_t top;              /* [pager_lock] a line start */
static int sub;                   /* [pager_lock] its wrapped row at the top */
static int esc;                   /* [pager_lock] 0, after ESC 1, after ESC [ 2 */
static int esc_num;               /* [pager_lock] the number in ESC [ n ~ */
static uint16_t *saved;           /* the console's cells while open, or NULL */
static int cols, rows;

/* ---- walking the log (caller holds the ring) ------------------------------ */

static uint64_t pager_line_end(const struct kmsg_ring *r, uint64_t pos)
{
    while (pos < r->written && kmsg_ring_byte(r, pos) != '\n')
        pos++;
    return pos;
}

static int pager_line_rows(const struct kmsg_ring *r, uint64_t pos)
{
    uint64_t len = pager_line_end(r, pos) - pos;
    return len ? (int)((len + (uint64_t)cols - 1) / (uint64_t)cols) : 1;
}

/* The start of the line before the one at pos (pos > the first line). */
static uint64_t pager_prev_line(const struct kmsg_ring *r, uint64_t pos)
{
    uint64_t first = kmsg_ring_first_line(r);
    pos--;                            /* the previous line's newline */
    while (pos > first && kmsg_ring_byte(r, pos - 1) != '\n')
        pos--;
    return pos;
}

/* The start of the last line (the log ends with a newline, mostly). */
static uint64_t pager_last_line(const struct kmsg_ring *r)
{
    uint64_t first = kmsg_ring_first_line(r), end = r->written;
    if (end > first && kmsg_ring_byte(r, end - 1) == '\n')
        end--;
    while (end > first && kmsg_ring_byte(r, end - 1) != '\n')
        end--;
    return end;
}

static bool pager_up(const struct kmsg_ring *r)
{
    if (sub > 0) {
        sub--;
        return true;
    }
    if (top <= kmsg_ring_first_line(r))
        return false;
    top = pager_prev_line(r, top);
    sub = pager_line_rows(r, top) - 1;
    return true;
}

static bool pager_down(const struct kmsg_ring *r)
{
    if (sub + 1 < pager_line_rows(r, top)) {
        sub++;
        return true;
    }
    uint64_t next = pager_line_end(r, top) + 1;
    if (next > pager_last_line(r))
        return false;
    top = next;
    sub = 0;
    return true;
}

/* The view whose last row is the log's last row. */
static void pager_bottom(const struct kmsg_ring *r)
{
    top = pager_last_line(r);
    sub = pager_line_rows(r, top) - 1;
    for (int i = 0; i < rows - 2 && pager_up(r); i++)
        ;
}

/* ---- drawing ----------------------------------------------------------------- */

static void pager_status(const struct kmsg_ring *r, uint64_t shown_end)
{
    char line[160];
    uint64_t first = kmsg_ring_first_line(r);
    snprintf(line, sizeof line, " log: bytes %lu-%lu of %lu  PgUp PgDn Up Down Home End  q: back ",
             top - first, shown_end - first, r->written - first);
    int n = (int)strlen(line);
    for (int x = 0; x < cols; x++)
        screen_put_cell(x, rows - 1, x < n ? (uint8_t)line[x] : ' ', PAGER_STATUS);
}

static void pager_draw(void)
{
    const struct kmsg_ring *r = kmsg_lock_ring();
    if (top < kmsg_ring_first_line(r)) {      /* overwritten while shown */
        top = kmsg_ring_first_line(r);
        sub = 0;
    }
    uint64_t pos = top + (uint64_t)sub * (uint64_t)cols;
    for (int y = 0; y < rows - 1; y++) {
        int x = 0;
        for (; x < cols && pos < r->written; x++, pos++) {
            char c = kmsg_ring_byte(r, pos);
            if (c == '\n')
                break;
            screen_put_cell(x, y, c >= ' ' && c < 0x7f ? (uint8_t)c : '?', PAGER_TEXT);
        }
        if (pos < r->written && kmsg_ring_byte(r, pos) == '\n')
            pos++;
        for (; x < cols; x++)
            screen_put_cell(x, y, ' ', PAGER_TEXT);
    }
    pager_status(r, pos);
    kmsg_unlock_ring();
    if (cmdline_has("screen_snapshot"))     /* for tests: what it shows */
        screen_snapshot_log("kmsg");
}

/* ---- open, close, keys --------------------------------------------------------- */

static void pager_key(char c);

static void pager_open(void)
{
    if (!console_screen_enabled())
        return;                       /* the memory viewer has the screen */
    console_enable_screen(false);
    for (int y = 0; saved && y < rows; y++)
        screen_get_cells(0, y, saved + y * cols, cols);
    screen_show_cursor(false);
    shown = true;
    esc = 0;
    const struct kmsg_ring *r = kmsg_lock_ring();
    pager_bottom(r);
    kmsg_unlock_ring();
    keys_grab(pager_key);
    pager_draw();
}

/* Without room to keep the console's cells (a small machine), it comes
 * back blank; the next prompt redraws what matters. */
static void pager_close(void)
{
    keys_grab(NULL);
    if (saved) {
        for (int y = 0; y < rows; y++)
            screen_put_cells(0, y, saved + y * cols, cols);
    } else {
        screen_clear();
    }
    screen_show_cursor(true);
    console_enable_screen(true);
    shown = false;
    klog_printf("kmsg: pager closed\n");   /* the log ports only (tests wait for it) */
}

/* One move: 'u'/'d' a row, 'U'/'D' a screen, 'g'/'G' the ends. */
static void pager_move(char how)
{
    const struct kmsg_ring *r = kmsg_lock_ring();
    int n = how == 'U' || how == 'D' ? rows - 2 : 1;
    for (int i = 0; i < n; i++) {
        if (how == 'u' || how == 'U')
            pager_up(r);
        else if (how == 'd' || how == 'D')
            pager_down(r);
    }
    if (how == 'g') {
        top = kmsg_ring_first_line(r);
        sub = 0;
    } else if (how == 'G') {
        pager_bottom(r);
    }
    kmsg_unlock_ring();
    pager_draw();
}

/* ESC [ A/B (arrows), ESC [ H/F (Home/End), ESC [ 5~/6~ (PgUp/PgDn). */
static char pager_escape(char c)
{
    if (esc == 1) {
        esc = c == '[' ? 2 : 0;
        esc_num = 0;
        return 0;
    }
    if (c >= '0' && c <= '9') {
        esc_num = esc_num * 10 + (c - '0');
        return 0;
    }
    esc = 0;
    switch (c) {
    case 'A': return 'u';
    case 'B': return 'd';
    case 'H': return 'g';
    case 'F': return 'G';
    case '~': return esc_num == 5 ? 'U' : esc_num == 6 ? 'D' : 0;
    default: return 0;
    }
}

static void pager_key(char c)
{
    spin_lock(&pager_lock);
    if (shown) {
        char how = 0;
        if (esc)
            how = pager_escape(c);
        else if (c == 0x1b)
            esc = 1;
        else if (c == 'q' || c == 'Q')
            how = 'q';
        else if (c == 'k' || c == 'j' || c == 'b' || c == ' ' || c == 'g' || c == 'G')
            how = c == 'k' ? 'u' : c == 'j' ? 'd' : c == 'b' ? 'U' : c == ' ' ? 'D' : c;
        if (how == 'q')
            pager_close();
        else if (how)
            pager_move(how);
    }
    spin_unlock(&pager_lock);
}

static void pager_fkey(char n)
{
    (void)n;
    spin_lock(&pager_lock);
    if (shown)
        pager_close();
    else
        pager_open();
    spin_unlock(&pager_lock);
}

/* Called by kmsg_init once the log has its big ring. Without room for
 * the console's cells the pager still works (pager_close). */
void kmsg_pager_init(void)
{
    if (screen_kind() == SCREEN_NONE)
        return;
    cols = screen_cols();
    rows = screen_rows();
    if (rows < 3)
        return;
    saved = kmalloc((size_t)cols * rows * sizeof(uint16_t));
    keys_register_function(2, pager_fkey);
}
