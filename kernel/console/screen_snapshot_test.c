/* screen_snapshot_test.c -- the screen's text on the log: the test draws
 * a known screen and prints the snapshot; tests/console.cmake checks the
 * lines in the log. The snapshot itself must leave the screen alone. */
#include "kernel/console/console_test.h"

static void snapshot(void)
{
    put("first line\n  indented  \n" ESC "[5;3Hat row 5\xdb"
        ESC "[2;30H" ESC "[7mrev" ESC "[0m" ESC "[3;1H");
    int before = cursor();
    uint8_t ch = ch_at(29, 1), attr = attr_at(29, 1);
    screen_snapshot_log("ktest");
    KT_CHECK_EQ(cursor(), before);
    KT_CHECK_EQ(ch_at(29, 1), ch);
    KT_CHECK_EQ(attr_at(29, 1), attr);
    KT_CHECK_EQ(ch_at(0, 2), ' ');
}

KTEST(console_snapshot) { ansi_run(snapshot); }
