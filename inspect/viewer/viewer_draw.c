/* viewer_draw.c -- one frame of the memory viewer.
 *
 *   row 0            PHYSICAL MEMORY 0x00000000-0x001fffff of 0x00200000
 *   rows 1..P        0x000000 RRRR...   one cell per 4 KiB page, 64 a row
 *   row P+1          the keys
 *   row P+2          VIRTUAL ADDRESS SPACE FOR PID 2 (viewertest) [pinned]
 *   rows P+3..R-2    0x000000400000 SSSS22...   only rows with a mapping
 *   row R-1          free pages, processes, the window, the last fault
 *
 * P is the physical window: all of memory when it fits (mem=2M: 8 rows,
 * WeensyOS's picture), otherwise as many rows as leave
 * VIEWER_VIRT_MIN_ROWS for the virtual map; j and k move it.
 *
 * Every row is built whole in a row buffer and handed to the screen, which
 * keeps only the cells that changed: drawing an unchanged frame costs
 * compares, not screen writes (slow MMIO under QEMU).
 */
#include "kernel/kernel.h"
#include "kernel/keys.h"
#include "inspect/viewer/viewer_internal.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/swap.h"

#define HEADER_ATTR SCREEN_ATTR(COLOR_WHITE, COLOR_BLACK)
#define LABEL_ATTR SCREEN_ATTR(COLOR_LIGHT_GREY, COLOR_BLACK)
#define KEYS_ATTR SCREEN_ATTR(COLOR_DARK_GREY, COLOR_BLACK)
#define STATUS_ATTR SCREEN_ATTR(COLOR_BLACK, COLOR_LIGHT_GREY)

/* Static, not on the stack: the tick runs on whatever kernel stack it
 * interrupted, and viewer_lock gives these one user at a time. The
 * virtual map's rows are as many as the screen has, taken at boot
 * (viewer_draw_init): one small object each, no larger block needed. */
static uint16_t row[VIEWER_MAX_COLS];
static int row_cols;
static struct viewer_procs procs;
static struct viewer_vrow **vrows;
static int vrows_n;

static void row_clear(uint8_t attr)
{
    for (int i = 0; i < row_cols; i++)
        row[i] = SCREEN_CELL(' ', attr);
}

/* row_text: formatted text at column x, cut at the screen's edge; returns
 * the column after it. */
static int row_text(int x, uint8_t attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int row_text(int x, uint8_t attr, const char *fmt, ...)
{
    char buf[VIEWER_MAX_COLS + 1];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    for (const char *s = buf; *s && x < row_cols; s++, x++)
        row[x] = SCREEN_CELL(*s, attr);
    return x;
}

static void row_show(int y)
{
    screen_put_cells(0, y, row, row_cols);
}

static int hex_digits(uint64_t x)
{
    int n = 1;
    while (x >>= 4)
        n++;
    return n;
}

void viewer_draw_init(void)
{
    int want = screen_rows();
    vrows = want > 0 ? kmalloc((size_t)want * sizeof(vrows[0])) : NULL;
    for (vrows_n = 0; vrows && vrows_n < want; vrows_n++)
        if (!(vrows[vrows_n] = kmalloc(sizeof(struct viewer_vrow))))
            break;
}

void viewer_layout(struct viewer_layout *lay)
{
    lay->cols = MIN(screen_cols(), VIEWER_MAX_COLS);
    lay->rows = screen_rows();
    lay->phys_total = ((page_top() >> PAGE_SHIFT) + VIEWER_ROW_PAGES - 1) / VIEWER_ROW_PAGES;
    int avail = MAX(lay->rows - 4, 0);   /* two headers, keys, status */
    int virt_min = MIN(VIEWER_VIRT_MIN_ROWS, avail / 2);
    lay->phys_rows = (int)MIN(lay->phys_total, (size_t)(avail - virt_min));
    lay->virt_y = lay->phys_rows + 3;
    lay->virt_rows = avail - lay->phys_rows;
}

static size_t viewer_phys_clamp(size_t top, const struct viewer_layout *lay)
{
    size_t last = lay->phys_total - (size_t)lay->phys_rows;
    return MIN(top, last);
}

void viewer_phys_step(struct viewer_view *v, int dir)
{
    struct viewer_layout lay;
    viewer_layout(&lay);
    size_t step = (size_t)lay.phys_rows;
    if (dir < 0)
        v->phys_top = v->phys_top > step ? v->phys_top - step : 0;
    else
        v->phys_top = viewer_phys_clamp(v->phys_top + step, &lay);
}

/* The header names the window; all addresses on it have one width, wide
 * enough for the top of memory (8 digits up to 4 GiB). */
static void viewer_draw_phys_header(const struct viewer_view *v, const struct viewer_layout *lay)
{
    uint64_t top = page_top();
    uint64_t lo = v->phys_top * VIEWER_ROW_BYTES;
    uint64_t hi = MIN((v->phys_top + lay->phys_rows) * VIEWER_ROW_BYTES, top);
    int w = MAX(8, hex_digits(top));
    row_clear(HEADER_ATTR);
    row_text(0, HEADER_ATTR, "PHYSICAL MEMORY 0x%0*lx-0x%0*lx of 0x%0*lx", w, lo, w,
             hi ? hi - 1 : 0, w, top);
    row_show(0);
}

/* Row labels are as wide as the last page's address needs (6 digits at
 * least, as WeensyOS), the same on every row of a screen. */
static void viewer_draw_phys_row(size_t r, int y)
{
    size_t npages = page_top() >> PAGE_SHIFT, pfn0 = r * VIEWER_ROW_PAGES;
    row_clear(LABEL_ATTR);
    if (pfn0 < npages) {
        int w = MAX(6, hex_digits(page_top() - 1));
        int x = row_text(0, LABEL_ATTR, "0x%0*lx ", w, (uint64_t)pfn0 * PAGE_SIZE);
        for (int i = 0; i < VIEWER_ROW_PAGES && x + i < row_cols; i++) {
            struct page tmp;     /* past the frontier: what its record will say */
            const struct page *pg = page_peek(pfn0 + i, &tmp);
            if (!pg)
                break;
            row[x + i] = viewer_page_cell(pg, viewer_page_is_user(pg));
        }
    }
    row_show(y);
}

static void viewer_draw_keys(int y)
{
    row_clear(KEYS_ATTR);
    row_text(0, KEYS_ATTR, "keys: %s", keys_help());
    row_show(y);
}

static void viewer_draw_virt(const struct viewer_view *v, const struct viewer_layout *lay,
                             int nrows, bool more)
{
    row_clear(HEADER_ATTR);
    const struct viewer_proc *p = viewer_procs_find(&procs, v->pid);
    char threads[24] = "";
    if (p && p->nthreads > 1)
        snprintf(threads, sizeof(threads), " %d threads", p->nthreads);
    if (p)
        row_text(0, HEADER_ATTR, "VIRTUAL ADDRESS SPACE FOR PID %d (%s)%s%s%s", p->pid, p->name,
                 v->pinned ? " [pinned]" : "", threads, more ? " (more rows than fit)" : "");
    else
        row_text(0, HEADER_ATTR, "VIRTUAL ADDRESS SPACE: no process");
    row_show(lay->virt_y - 1);
    for (int i = 0; i < lay->virt_rows; i++) {
        row_clear(LABEL_ATTR);
        if (i < nrows) {
            int x = row_text(0, LABEL_ATTR, "0x%012lx ", vrows[i]->base);
            for (int j = 0; j < VIEWER_ROW_PAGES && x + j < row_cols; j++)
                row[x + j] = vrows[i]->cell[j];
        }
        row_show(lay->virt_y + i);
    }
}

static void viewer_draw_status(const struct viewer_view *v, const struct viewer_layout *lay)
{
    size_t last = MIN(v->phys_top + (size_t)lay->phys_rows, lay->phys_total);
    row_clear(STATUS_ATTR);
    char swap[40] = "";
    if (swap_on())               /* pages out on the device, '~' in the virtual map */
        snprintf(swap, sizeof swap, " | swap %zu/%zu", swap_nused(), swap_nslots());
    row_text(0, STATUS_ATTR, "free %zu/%zu pages%s | %d procs | rows %zu-%zu of %zu | %s",
             page_nfree(), page_nmanaged(), swap, procs.n, v->phys_top, last ? last - 1 : 0,
             lay->phys_total, v->note[0] ? v->note : "no faults");
    row_show(lay->rows - 1);
}

/* Cycle through the processes unless one is pinned; a pinned process that
 * is gone is let go. */
static void viewer_choose_pid(struct viewer_view *v, uint64_t now)
{
    bool alive = v->pid && viewer_procs_find(&procs, v->pid);
    if (alive && !v->advance && (v->pinned || now - v->pid_since < VIEWER_CYCLE_TICKS))
        return;
    if (!alive && v->pinned) {
        kprintf("viewer: pid %d is gone; unpinned\n", v->pid);
        v->pinned = false;
    }
    const struct viewer_proc *next = viewer_procs_next(&procs, v->pid);
    v->pid = next ? next->pid : 0;
    v->pid_since = now;
    if (v->advance)
        kprintf("viewer: showing pid %d%s\n", v->pid, v->pinned ? " [pinned]" : "");
    v->advance = false;
}

bool viewer_draw(struct viewer_view *v, uint64_t now)
{
    struct viewer_layout lay;
    viewer_layout(&lay);
    row_cols = lay.cols;
    if (lay.rows < 5 || !viewer_procs_collect(&procs))
        return false;
    viewer_choose_pid(v, now);
    bool more = false;
    int nv = v->pid ? viewer_virt_collect(v->pid, vrows, MIN(lay.virt_rows, vrows_n), &more) : 0;
    if (nv < 0)
        return false;
    v->phys_top = viewer_phys_clamp(v->phys_top, &lay);
    viewer_draw_phys_header(v, &lay);
    for (int i = 0; i < lay.phys_rows; i++)
        viewer_draw_phys_row(v->phys_top + i, 1 + i);
    viewer_draw_keys(lay.phys_rows + 1);
    viewer_draw_virt(v, &lay, nv, more);
    viewer_draw_status(v, &lay);
    return true;
}
