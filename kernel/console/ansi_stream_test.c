/* ansi_stream_test.c -- escape sequences as they really arrive: cut
 * between two writes, mixed with control characters, malformed, unknown,
 * or absurdly long. Whatever comes in, nothing of a sequence is printed
 * and the text after it lands where it should. */
#include "kernel/console/console_test.h"
#include "mm/page.h"

/* A sequence cut anywhere is still one sequence. */
static void split(void)
{
    put(ESC);
    put("[3");
    put("1");
    put(";4");
    put("4mA");
    KT_CHECK_EQ(ch_at(0, 0), 'A');
    KT_CHECK_EQ(attr_at(0, 0), SCREEN_ATTR(COLOR_RED, COLOR_BLUE));

    const char *seq = ESC "[12;7H" ESC "[?25l";
    for (size_t i = 0; seq[i]; i++)
        screen_write(seq + i, 1);
    KT_CHECK_EQ(cursor(), AT(6, 11));
    KT_CHECK(!screen_get_cursor(NULL, NULL));

    put(ESC "[2;2H" ESC);
    put("7" ESC "[H" ESC);
    put("8B");
    KT_CHECK_EQ(ch_at(1, 1), 'B');
    KT_CHECK_EQ(ch_at(0, 0), 'A');      /* untouched by the ESC [ H */
}

KTEST(ansi_split_sequences) { ansi_run(split); }

/* Each of these is swallowed whole: afterwards the cursor is still home
 * and a '#' written next lands there, in the default colours. */
static const char *const swallowed[] = {
    ESC "[5z",                        /* unknown final */
    ESC "[?1049h",                    /* unknown private mode */
    ESC "[>0c",                       /* another private marker */
    ESC "[2 q",                       /* intermediate byte */
    ESC "(B",                         /* character set */
    ESC "#8",                         /* ESC, intermediate, final */
    ESC "Z",                          /* unknown ESC final (DECID) */
    ESC "]0;a title\a",               /* OSC ended by BEL */
    ESC "]2;title" ESC "\\",          /* OSC ended by ST */
    ESC "P1$r" ESC "\\",              /* DCS */
    ESC "[1:2m",                      /* sub-parameters */
    ESC "[31\x80\x81m",               /* bytes that fit no sequence */
    ESC "\x90",
    ESC "[12\x18",                    /* cancelled by CAN */
    ESC "[3;4\x1a",                   /* cancelled by SUB */
    ESC "[",                          /* ended by the ESC after it */
};

static void swallow_one(const char *seq)
{
    put(ESC "c");
    put(seq);
    put(ESC "[H#");
    KT_CHECK_EQ(ch_at(0, 0), '#');
    KT_CHECK_EQ(attr_at(0, 0), DEFAULT);
    KT_CHECK_EQ(ch_at(1, 0), ' ');
    KT_CHECK_EQ(cursor(), AT(1, 0));
}

/* Bounds: a thousand digits, a hundred parameters, a string that never
 * ends; the parser must stay inside its arrays and come back. */
static void huge(void)
{
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);   /* not in the image: mem=2M */
    KT_CHECK(pg);
    if (!pg)
        return;
    char *seq = page_kva(pg);
    size_t n = 0;
    seq[n++] = '\033', seq[n++] = '[';
    for (int i = 0; i < 100; i++)
        seq[n++] = '0', seq[n++] = ';';
    for (int i = 0; i < 1000; i++)
        seq[n++] = '7';
    seq[n++] = 'm';
    put(ESC "[31m");
    screen_write(seq, n);             /* all resets; the 7... is dropped */
    KT_CHECK_EQ(attr_after(""), DEFAULT);

    n = 0;
    seq[n++] = '\033', seq[n++] = ']';
    while (n < 2000)
        seq[n++] = 'x';
    screen_write(seq, n);             /* an OSC cut short: given up on */
    page_put(pg);
    put("\r" ESC "[2K" ESC "[1;1H" "#");
    KT_CHECK_EQ(ch_at(0, 0), '#');
}

static void garbage(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(swallowed); i++) {
        swallow_one(swallowed[i]);
        if (ktest_failures()) {
            kprintf("ansi: swallowed[%zu] was not\n", i);
            return;
        }
    }
    huge();
}

KTEST(ansi_garbage) { ansi_run(garbage); }

/* Control characters keep working, also in the middle of a sequence
 * (carried out, as terminals do), and DEL there is ignored. */
static void controls(void)
{
    put("ab\bc\rz\tq");
    KT_CHECK_EQ(ch_at(0, 0), 'z');
    KT_CHECK_EQ(ch_at(1, 0), 'c');
    KT_CHECK_EQ(ch_at(8, 0), 'q');
    put("\n\b");                      /* back onto the row above */
    KT_CHECK_EQ(cursor(), AT(screen_cols() - 1, 0));

    put(ESC "[H" ESC "[3\nB");        /* the newline, then 3 down */
    KT_CHECK_EQ(cursor(), AT(0, 4));
    put(ESC "[2\x7f" "C");
    KT_CHECK_EQ(cursor(), AT(2, 4));
    put(ESC ESC "[2C");               /* a second ESC starts over */
    KT_CHECK_EQ(cursor(), AT(4, 4));
    put("\a");                        /* BEL outside a string: no glyph */
    KT_CHECK_EQ(cursor(), AT(4, 4));
}

KTEST(ansi_controls) { ansi_run(controls); }
