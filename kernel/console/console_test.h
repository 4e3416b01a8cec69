/* console_test.h -- helpers for the console's KTESTs (ansi_test.c and
 * friends): write text, read back cells and the cursor, and run a test
 * body between two resets. Only test files include it. */
#ifndef KERNEL_CONSOLE_CONSOLE_TEST_H
#define KERNEL_CONSOLE_CONSOLE_TEST_H
#include "kernel/ktest.h"
#include "kernel/console/screen.h"

#define ESC "\033"
#define DEFAULT SCREEN_DEFAULT_ATTR

static inline void put(const char *s)
{
    screen_write(s, strlen(s));
}

static inline uint8_t ch_at(int x, int y)
{
    uint8_t ch;
    screen_get_cell(x, y, &ch, NULL);
    return ch;
}

static inline uint8_t attr_at(int x, int y)
{
    uint8_t attr;
    screen_get_cell(x, y, NULL, &attr);
    return attr;
}

/* The cursor as one number, so a check prints both coordinates. */
#define AT(x, y) ((x) * 1000 + (y))

static inline int cursor(void)
{
    int x, y;
    screen_get_cursor(&x, &y);
    return AT(x, y);
}

/* Every cell of the screen holds ch, in the default colours. */
static inline void fill(uint8_t ch)
{
    uint16_t row[240];                /* the widest screen used */
    int cols = MIN(screen_cols(), (int)ARRAY_SIZE(row));
    for (int x = 0; x < cols; x++)
        row[x] = SCREEN_CELL(ch, DEFAULT);
    for (int y = 0; y < screen_rows(); y++)
        screen_put_cells(0, y, row, cols);
}

/* How many cells of row y in [x0, x1) hold ch. */
static inline int count_in_row(int y, int x0, int x1, uint8_t ch)
{
    int n = 0;
    for (int x = x0; x < x1; x++)
        n += ch_at(x, y) == ch;
    return n;
}

static inline void ansi_run(void (*body)(void))
{
    KT_CHECK(screen_kind() != SCREEN_NONE);
    put(ESC "c");
    body();
    screen_show_cursor(true);
    put(ESC "c");
}

/* Write one character after seq; return its attribute. */
static inline uint8_t attr_after(const char *seq)
{
    int x, y;
    put(seq);
    screen_get_cursor(&x, &y);
    put("@");
    return attr_at(x, y);
}

#endif
