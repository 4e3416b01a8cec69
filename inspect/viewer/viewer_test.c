/* viewer_test.c -- in-kernel tests of the memory viewer: the symbol rule,
 * how each kind of page looks (colours and reverse video, which the text
 * snapshot cannot show), and a start/draw/stop cycle that must leave the
 * console exactly as it was. */
#include "kernel/ktest.h"
#include "inspect/viewer/viewer.h"
#include "inspect/viewer/viewer_internal.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/x86.h"
#include "mm/page.h"

/* Every pid up to 57 gets its own symbol, never one the map uses for
 * something else; larger pids share '+'. */
KTEST(viewer_pid_symbols)
{
    KT_CHECK_EQ(viewer_pid_symbol(1), '1');
    KT_CHECK_EQ(viewer_pid_symbol(9), '9');
    KT_CHECK_EQ(viewer_pid_symbol(10), 'a');
    KT_CHECK_EQ(viewer_pid_symbol(35), 'z');
    KT_CHECK_EQ(viewer_pid_symbol(36), 'A');
    KT_CHECK_EQ(viewer_pid_symbol(38), 'D');
    KT_CHECK_EQ(viewer_pid_symbol(57), 'Z');
    KT_CHECK_EQ(viewer_pid_symbol(58), '+');
    bool seen[256] = { false };
    for (int pid = 1; pid <= 57; pid++) {
        unsigned char c = (unsigned char)viewer_pid_symbol(pid);
        KT_CHECK(!seen[c]);
        KT_CHECK(c != 'C' && c != 'K' && c != 'R' && c != 'S' && c != '.' && c != '+');
        seen[c] = true;
    }
}

static bool cell_is(uint16_t cell, char ch, bool reverse)
{
    uint8_t attr = SCREEN_CELL_ATTR(cell);
    bool rev = (attr & 0x0f) == COLOR_BLACK && (attr >> 4) != COLOR_BLACK;
    return SCREEN_CELL_CH(cell) == (uint8_t)ch && rev == reverse;
}

/* A process's user page is its symbol in reverse video; the same page as
 * one of its page tables is the symbol in normal video; a second holder
 * makes it shared. */
KTEST(viewer_page_looks)
{
    struct page *pg = page_alloc(PAGE_USER, 5, 0);
    KT_CHECK(pg);
    uint16_t user = viewer_page_cell(pg, viewer_page_is_user(pg));
    KT_CHECK(cell_is(user, '5', true));
    KT_CHECK_EQ(SCREEN_CELL_ATTR(user) >> 4, viewer_pid_color(5));
    page_ref(pg);
    KT_CHECK(cell_is(viewer_page_cell(pg, viewer_page_is_user(pg)), 'S', true));
    page_put(pg);
    page_set_owner(pg, PAGE_PAGETABLE, 5);
    KT_CHECK(!viewer_page_is_user(pg));
    KT_CHECK(cell_is(viewer_page_cell(pg, false), '5', false));
    page_set_owner(pg, PAGE_PAGETABLE, PAGE_OWNER_KERNEL);
    KT_CHECK(cell_is(viewer_page_cell(pg, false), 'K', false));
    page_set_owner(pg, PAGE_USER, 5);
    page_put(pg);
    KT_CHECK(cell_is(viewer_page_cell(pg, false), '.', false));
    KT_CHECK(cell_is(viewer_page_cell(pa_to_page(0xb8000), false), 'C', false));
    KT_CHECK(cell_is(viewer_page_cell(pa_to_page(0), false), 'R', false));
}

static void wait_ticks(uint64_t n)
{
    uint64_t end = timer_ticks() + n;
    while (timer_ticks() < end)
        hlt();
}

static bool row_starts(int y, const char *text)
{
    uint16_t cells[VIEWER_MAX_COLS];
    size_t n = strlen(text);
    screen_get_cells(0, y, cells, (int)n);
    for (size_t i = 0; i < n; i++)
        if (SCREEN_CELL_CH(cells[i]) != (uint8_t)text[i])
            return false;
    return true;
}

/* The tick draws the viewer within a few ticks of viewer_start; stopping
 * puts back every cell of the console. */
KTEST(viewer_start_draw_stop)
{
    if (screen_kind() == SCREEN_NONE)
        return;
    int cols = screen_cols(), rows = screen_rows();
    uint16_t before[VIEWER_MAX_COLS], after[VIEWER_MAX_COLS];
    screen_get_cells(0, rows - 1, before, cols);
    viewer_start();
    KT_CHECK(viewer_running());
    wait_ticks(10);
    bool drawn = row_starts(0, "PHYSICAL MEMORY 0x") && row_starts(1, "0x0") &&
                 row_starts(rows - 1, "free ");
    viewer_stop();
    KT_CHECK(drawn);
    KT_CHECK(!viewer_running());
    screen_get_cells(0, rows - 1, after, cols);
    KT_CHECK(memcmp(before, after, (size_t)cols * sizeof(before[0])) == 0);
}
