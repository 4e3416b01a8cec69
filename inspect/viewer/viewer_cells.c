/* viewer_cells.c -- how a page looks in the memory viewer: a symbol for who
 * owns it, a colour for that owner, and reverse video where user mode can
 * touch it (docs/viewer.md has the table).
 *
 * Page records are read without page_lock. The tick must not wait for a
 * lock, and the records never move: kind and owner are single aligned
 * loads, so a page changing hands at that instant shows either its old
 * owner or its new one, and the next frame (50 ms later) shows the truth.
 */
#include "kernel/kernel.h"
#include "inspect/viewer/viewer_internal.h"
#include "mm/page.h"

#define FREE_COLOR COLOR_DARK_GREY
#define RESERVED_COLOR COLOR_LIGHT_GREY
#define KERNEL_COLOR COLOR_LIGHT_BLUE
#define CONSOLE_COLOR COLOR_YELLOW
#define SHARED_COLOR COLOR_WHITE
#define CACHE_COLOR COLOR_WHITE     /* shared too: every reader and mapper's */

/* Process colours, cycled by pid: none of them is used for the kernel,
 * console, shared, reserved or free pages, and neighbouring pids differ. */
static const uint8_t pid_colors[] = {
    COLOR_LIGHT_GREEN, COLOR_LIGHT_CYAN, COLOR_LIGHT_RED, COLOR_LIGHT_MAGENTA,
    COLOR_GREEN, COLOR_CYAN, COLOR_RED, COLOR_MAGENTA, COLOR_BROWN, COLOR_BLUE,
};

/* Upper-case letters for pids 36 and up: every letter but the four the
 * map uses for other owners (C console, K kernel, R reserved, S shared),
 * so a process can never be mistaken for them. 22 letters: pids 36-57. */
static const char pid_upper[] = "ABDEFGHIJLMNOPQTUVWXYZ";
#define PID_UPPER_FIRST 36

/* viewer_pid_symbol: 1-9 are digits, 10-35 are a-z, 36-57 the letters
 * above, and any larger pid is '+' (its colour still tells them apart). */
char viewer_pid_symbol(int pid)
{
    if (pid >= 1 && pid <= 9)
        return (char)('0' + pid);
    if (pid >= 10 && pid <= 35)
        return (char)('a' + pid - 10);
    if (pid >= PID_UPPER_FIRST && pid < PID_UPPER_FIRST + (int)sizeof(pid_upper) - 1)
        return pid_upper[pid - PID_UPPER_FIRST];
    return '+';
}

uint8_t viewer_pid_color(int pid)
{
    if (pid <= 0)
        return KERNEL_COLOR;
    return pid_colors[(pid - 1) % ARRAY_SIZE(pid_colors)];
}

/* Reverse video swaps the colours: black on the owner's colour. Both
 * screens take all 16 colours as backgrounds (vga_text.c turns blinking
 * off for that). */
static uint16_t viewer_cell(char sym, uint8_t color, bool reverse)
{
    uint8_t attr = reverse ? SCREEN_ATTR(COLOR_BLACK, color) : SCREEN_ATTR(color, COLOR_BLACK);
    return SCREEN_CELL(sym, attr);
}

/* A process's page: its user pages and its page-table pages. Owner 0 (or
 * none) is the kernel's, e.g. a table of the kernel's own page table. */
static uint16_t viewer_owner_cell(int owner, bool reverse)
{
    if (owner <= 0)
        return viewer_cell('K', KERNEL_COLOR, reverse);
    return viewer_cell(viewer_pid_symbol(owner), viewer_pid_color(owner), reverse);
}

bool viewer_page_is_user(const struct page *pg)
{
    uint8_t kind = __atomic_load_n(&pg->kind, __ATOMIC_RELAXED);
    return kind == PAGE_USER || kind == PAGE_SHARED || kind == PAGE_CACHE;
}

uint16_t viewer_page_cell(const struct page *pg, bool reverse)
{
    if (!pg)
        return SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR);
    uint8_t kind = __atomic_load_n(&pg->kind, __ATOMIC_RELAXED);
    int owner = __atomic_load_n(&pg->owner, __ATOMIC_RELAXED);
    switch (kind) {
    case PAGE_FREE:
        return viewer_cell('.', FREE_COLOR, reverse);
    case PAGE_RESERVED:
        return viewer_cell('R', RESERVED_COLOR, reverse);
    case PAGE_KERNEL:
    case PAGE_BOOT:
        return viewer_cell('K', KERNEL_COLOR, reverse);
    case PAGE_CONSOLE:
        return viewer_cell('C', CONSOLE_COLOR, reverse);
    case PAGE_SHARED:
        return viewer_cell('S', SHARED_COLOR, reverse);
    case PAGE_CACHE:
        return viewer_cell('=', CACHE_COLOR, reverse);
    case PAGE_USER:
        /* Held by more than one mapping (shared after fork): no single
         * process owns it any more. */
        if (page_refcount(pg) > 1)
            return viewer_cell('S', SHARED_COLOR, reverse);
        return viewer_owner_cell(owner, reverse);
    case PAGE_PAGETABLE:
        return viewer_owner_cell(owner, reverse);
    default:
        return viewer_cell('?', COLOR_WHITE, reverse);
    }
}

/* A leaf whose page is out on swap (page replacement, a later issue): no
 * physical page to describe, so a grey '~'. */
uint16_t viewer_swapped_cell(void)
{
    return viewer_cell('~', FREE_COLOR, false);
}
