/* ansi_test.c -- the screen as a terminal: escape sequences go in through
 * screen_write, and the cells and cursor are read back (screen_get_cell,
 * screen_get_cursor), on whichever kind of screen the machine has. Sizes
 * come from the screen, so the same tests run on 80x25 VGA text and on a
 * framebuffer. Each test starts and ends with a reset (ESC c), so the log
 * lines around it stay readable. */
#include "kernel/console/console_test.h"

/* ---- cursor moves ------------------------------------------------------ */

static void cursor_moves(void)
{
    put(ESC "[5;10H");
    KT_CHECK_EQ(cursor(), AT(9, 4));
    put(ESC "[2A");
    KT_CHECK_EQ(cursor(), AT(9, 2));
    put(ESC "[B");
    KT_CHECK_EQ(cursor(), AT(9, 3));
    put(ESC "[3C");
    KT_CHECK_EQ(cursor(), AT(12, 3));
    put(ESC "[D");
    KT_CHECK_EQ(cursor(), AT(11, 3));
    put(ESC "[0B");                   /* a count of 0 moves by 1 */
    KT_CHECK_EQ(cursor(), AT(11, 4));
    put(ESC "[7;3f");
    KT_CHECK_EQ(cursor(), AT(2, 6));
    put(ESC "[H");
    KT_CHECK_EQ(cursor(), AT(0, 0));
    put(ESC "[;5H");
    KT_CHECK_EQ(cursor(), AT(4, 0));
    put(ESC "[4H");
    KT_CHECK_EQ(cursor(), AT(0, 3));
    put(ESC "[3;4Hxy");
    KT_CHECK_EQ(ch_at(3, 2), 'x');
    KT_CHECK_EQ(ch_at(4, 2), 'y');
    KT_CHECK_EQ(cursor(), AT(5, 2));
}

KTEST(ansi_cursor_moves) { ansi_run(cursor_moves); }

static void cursor_clamps(void)
{
    int right = screen_cols() - 1, bottom = screen_rows() - 1;
    put("T");
    put(ESC "[999;999H");
    KT_CHECK_EQ(cursor(), AT(right, bottom));
    put(ESC "[B" ESC "[5C");          /* no scrolling, no wrapping */
    KT_CHECK_EQ(cursor(), AT(right, bottom));
    KT_CHECK_EQ(ch_at(0, 0), 'T');
    put(ESC "[999A");
    KT_CHECK_EQ(cursor(), AT(right, 0));
    put(ESC "[999D");
    KT_CHECK_EQ(cursor(), AT(0, 0));
    put(ESC "[3;3H" ESC "[0;0H");
    KT_CHECK_EQ(cursor(), AT(0, 0));
    /* A thousand digits saturate; the move is still clamped. */
    char seq[1010];
    size_t n = 0;
    seq[n++] = '\033', seq[n++] = '[';
    while (n < 1002)
        seq[n++] = '9';
    seq[n++] = 'B';
    screen_write(seq, n);
    KT_CHECK_EQ(cursor(), AT(0, bottom));
    KT_CHECK_EQ(ch_at(0, 0), 'T');
}

KTEST(ansi_cursor_clamps) { ansi_run(cursor_clamps); }

/* ---- erasing ----------------------------------------------------------- */

static void erase_display(void)
{
    int right = screen_cols() - 1, bottom = screen_rows() - 1;
    fill('x');
    put(ESC "[4;6H" ESC "[J");        /* cursor to the end */
    KT_CHECK_EQ(cursor(), AT(5, 3));
    KT_CHECK_EQ(ch_at(4, 3), 'x');
    KT_CHECK_EQ(ch_at(right, 2), 'x');
    KT_CHECK_EQ(ch_at(5, 3), ' ');
    KT_CHECK_EQ(ch_at(0, 4), ' ');
    KT_CHECK_EQ(ch_at(right, bottom), ' ');
    KT_CHECK_EQ(count_in_row(3, 0, right + 1, 'x'), 5);

    fill('x');
    put(ESC "[4;6H" ESC "[1J");       /* the start to the cursor */
    KT_CHECK_EQ(cursor(), AT(5, 3));
    KT_CHECK_EQ(ch_at(0, 0), ' ');
    KT_CHECK_EQ(ch_at(right, 2), ' ');
    KT_CHECK_EQ(ch_at(5, 3), ' ');
    KT_CHECK_EQ(ch_at(6, 3), 'x');
    KT_CHECK_EQ(ch_at(0, 4), 'x');
    KT_CHECK_EQ(count_in_row(3, 0, right + 1, ' '), 6);

    fill('x');
    put(ESC "[4;6H" ESC "[44m" ESC "[2J");   /* all, in the background */
    KT_CHECK_EQ(cursor(), AT(5, 3));
    for (int y = 0; y <= bottom; y++)
        KT_CHECK_EQ(count_in_row(y, 0, right + 1, ' '), right + 1);
    KT_CHECK_EQ(attr_at(right, bottom),
                SCREEN_ATTR(COLOR_LIGHT_GREY, COLOR_BLUE));

    fill('x');
    put(ESC "[4;6H" ESC "[0J");       /* an explicit 0, as the default */
    KT_CHECK_EQ(ch_at(4, 3), 'x');
    KT_CHECK_EQ(ch_at(5, 3), ' ');
    put(ESC "[9J");                   /* unknown: nothing erased */
    KT_CHECK_EQ(ch_at(4, 3), 'x');
}

KTEST(ansi_erase_display) { ansi_run(erase_display); }

static void erase_line(void)
{
    int cols = screen_cols();
    fill('x');
    put(ESC "[3;8H" ESC "[K");        /* cursor to the end of the line */
    KT_CHECK_EQ(cursor(), AT(7, 2));
    KT_CHECK_EQ(count_in_row(2, 0, 7, 'x'), 7);
    KT_CHECK_EQ(count_in_row(2, 7, cols, ' '), cols - 7);
    KT_CHECK_EQ(count_in_row(1, 0, cols, 'x'), cols);
    KT_CHECK_EQ(count_in_row(3, 0, cols, 'x'), cols);

    fill('x');
    put(ESC "[3;8H" ESC "[1K");       /* the start of the line to the cursor */
    KT_CHECK_EQ(cursor(), AT(7, 2));
    KT_CHECK_EQ(count_in_row(2, 0, 8, ' '), 8);
    KT_CHECK_EQ(count_in_row(2, 8, cols, 'x'), cols - 8);
    KT_CHECK_EQ(count_in_row(1, 0, cols, 'x'), cols);

    fill('x');
    put(ESC "[3;8H" ESC "[2K");       /* the whole line */
    KT_CHECK_EQ(cursor(), AT(7, 2));
    KT_CHECK_EQ(count_in_row(2, 0, cols, ' '), cols);
    KT_CHECK_EQ(count_in_row(1, 0, cols, 'x'), cols);
    KT_CHECK_EQ(count_in_row(3, 0, cols, 'x'), cols);

    /* The shell's way to redraw a line: back to the start, erase, print. */
    put("\r" ESC "[Knew" ESC "[7mX" ESC "[K");
    KT_CHECK_EQ(ch_at(2, 2), 'w');
    KT_CHECK_EQ(attr_at(3, 2), SCREEN_ATTR(COLOR_BLACK, COLOR_LIGHT_GREY));
    KT_CHECK_EQ(attr_at(4, 2), DEFAULT);   /* erased: not in reverse */
}

KTEST(ansi_erase_line) { ansi_run(erase_line); }

/* ---- colours ----------------------------------------------------------- */

static void sgr(void)
{
    KT_CHECK_EQ(attr_after(""), DEFAULT);
    KT_CHECK_EQ(attr_after(ESC "[31m"), SCREEN_ATTR(COLOR_RED, COLOR_BLACK));
    KT_CHECK_EQ(attr_after(ESC "[1m"),
                SCREEN_ATTR(COLOR_LIGHT_RED, COLOR_BLACK));
    KT_CHECK_EQ(attr_after(ESC "[22m"), SCREEN_ATTR(COLOR_RED, COLOR_BLACK));
    KT_CHECK_EQ(attr_after(ESC "[44m"), SCREEN_ATTR(COLOR_RED, COLOR_BLUE));
    KT_CHECK_EQ(attr_after(ESC "[7m"), SCREEN_ATTR(COLOR_BLUE, COLOR_RED));
    KT_CHECK_EQ(attr_after(ESC "[27m"), SCREEN_ATTR(COLOR_RED, COLOR_BLUE));
    KT_CHECK_EQ(attr_after(ESC "[39m"),
                SCREEN_ATTR(COLOR_LIGHT_GREY, COLOR_BLUE));
    KT_CHECK_EQ(attr_after(ESC "[49m"), DEFAULT);
    KT_CHECK_EQ(attr_after(ESC "[92;103m"),
                SCREEN_ATTR(COLOR_LIGHT_GREEN, COLOR_YELLOW));
    KT_CHECK_EQ(attr_after(ESC "[0m"), DEFAULT);
    KT_CHECK_EQ(attr_after(ESC "[1;7;33;44m"),
                SCREEN_ATTR(COLOR_BLUE, COLOR_YELLOW));
    KT_CHECK_EQ(attr_after(ESC "[m"), DEFAULT);
    KT_CHECK_EQ(attr_after(ESC "[1m"), SCREEN_ATTR(COLOR_WHITE, COLOR_BLACK));
    /* 38;5;N and 48;2;R;G;B are not shown, and their numbers are not
     * attributes: the 1 is no bold, the 4 no blue background. */
    KT_CHECK_EQ(attr_after(ESC "[0;38;5;1;48;2;4;4;4m"), DEFAULT);
    KT_CHECK_EQ(attr_after(ESC "[48;2;1;2;3;32m"),
                SCREEN_ATTR(COLOR_GREEN, COLOR_BLACK));
    /* Every colour, in ANSI's order, lands on VGA's number for it. */
    static const uint8_t vga[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };
    for (int i = 0; i < 8; i++) {
        char seq[16];
        snprintf(seq, sizeof(seq), ESC "[%d;%dm", 30 + i, 107 - i);
        KT_CHECK_EQ(attr_after(seq), SCREEN_ATTR(vga[i], vga[7 - i] | 8));
    }
    /* screen_set_attr and SGR agree on what the colours are. */
    screen_set_attr(SCREEN_ATTR(COLOR_WHITE, COLOR_MAGENTA));
    KT_CHECK_EQ(attr_after(ESC "[7m"),
                SCREEN_ATTR(COLOR_MAGENTA, COLOR_WHITE));
    KT_CHECK_EQ(attr_after(ESC "[0m"), DEFAULT);
}

KTEST(ansi_sgr) { ansi_run(sgr); }

/* ---- save, restore, cursor, reset ------------------------------------- */

static void save_restore(void)
{
    uint8_t green = SCREEN_ATTR(COLOR_GREEN, COLOR_BLACK);
    put(ESC "[3;4H" ESC "[32m" ESC "[s" ESC "[10;20H" ESC "[0m" ESC "[u");
    KT_CHECK_EQ(cursor(), AT(3, 2));
    put("x");
    KT_CHECK_EQ(attr_at(3, 2), green);

    put(ESC "[0m" ESC "[6;2H" ESC "[1;35m" ESC "7" ESC "[H" ESC "[m" ESC "8");
    KT_CHECK_EQ(cursor(), AT(1, 5));
    put("y");
    KT_CHECK_EQ(attr_at(1, 5), SCREEN_ATTR(COLOR_LIGHT_MAGENTA, COLOR_BLACK));

    put(ESC "c" ESC "[5;5H" ESC "[31m" ESC "8");   /* saved by the reset */
    KT_CHECK_EQ(cursor(), AT(0, 0));
    KT_CHECK_EQ(attr_after(""), DEFAULT);
}

KTEST(ansi_save_restore) { ansi_run(save_restore); }

/* The program's ESC [ ? 25 l and the screen's owner (the memory viewer,
 * screen_show_cursor) each hide the cursor; it shows only when neither
 * does. */
static void cursor_visibility(void)
{
    KT_CHECK(screen_get_cursor(NULL, NULL));
    put(ESC "[?25l");
    KT_CHECK(!screen_get_cursor(NULL, NULL));
    put(ESC "[?25h");
    KT_CHECK(screen_get_cursor(NULL, NULL));

    screen_show_cursor(false);
    put(ESC "[?25h");
    KT_CHECK(!screen_get_cursor(NULL, NULL));
    screen_show_cursor(true);
    KT_CHECK(screen_get_cursor(NULL, NULL));

    put(ESC "[?25l");
    screen_show_cursor(false);
    screen_show_cursor(true);
    KT_CHECK(!screen_get_cursor(NULL, NULL));
    put(ESC "[?25h");
    KT_CHECK(screen_get_cursor(NULL, NULL));

    put(ESC "[?1;25;7l");             /* among other (unkept) modes */
    KT_CHECK(!screen_get_cursor(NULL, NULL));
    put(ESC "[25h");                  /* not private: not this mode */
    KT_CHECK(!screen_get_cursor(NULL, NULL));
    put(ESC "c");
    KT_CHECK(screen_get_cursor(NULL, NULL));
}

KTEST(ansi_cursor_visibility) { ansi_run(cursor_visibility); }

static void reset(void)
{
    put(ESC "[31;46mtext" ESC "[5;5H" ESC "[?25l" ESC "c");
    KT_CHECK_EQ(cursor(), AT(0, 0));
    KT_CHECK(screen_get_cursor(NULL, NULL));
    KT_CHECK_EQ(ch_at(0, 0), ' ');
    KT_CHECK_EQ(attr_at(1, 0), DEFAULT);
    KT_CHECK_EQ(count_in_row(0, 0, screen_cols(), ' '), screen_cols());
    KT_CHECK_EQ(attr_after(""), DEFAULT);
    KT_CHECK_EQ(ch_at(0, 0), '@');
}

KTEST(ansi_reset) { ansi_run(reset); }
