/* line.c -- the line editor. The terminal is put in raw mode while a line
 * is typed, so every key arrives at once and unechoed; the editor echoes
 * and moves the cursor itself, with nothing but backspaces and reprinted
 * characters (what any terminal and weensy's screen understand).
 *
 * Keys: printable characters insert at the cursor; Backspace and Delete;
 * Left/Right (and Ctrl-B/Ctrl-F), Home/End (Ctrl-A/Ctrl-E); Up/Down walk the
 * history; Ctrl-U erases the line, Ctrl-C abandons it, Ctrl-L clears the
 * screen, Ctrl-D on an empty line is end of input. Cursor keys arrive as
 * escape sequences (ESC [ A, or ESC O A), possibly split across reads.
 */
#include "sh.h"

#define CTRL(c) ((c) & 0x1f)
#define HISTORY 32

static struct termios cooked, raw;
/* History lives in a fixed table, touched once at start: the shell's own
 * memory does not change as it runs, so `mem` shows exactly what the
 * programs it runs take and give back. */
static char history_lines[HISTORY][SH_LINE_MAX];
static char *history[HISTORY];   /* oldest first */
static int nhistory;

/* The line being edited. */
static struct {
    char *buf;
    int len, pos;                /* characters, and the cursor's index */
    int browse;                  /* history index shown; nhistory: the draft */
    char draft[SH_LINE_MAX];     /* what was typed before browsing */
    int esc;                     /* escape state: 0, 1 after ESC, 2 after ESC [ or O */
    int esc_arg;
    bool done, eof;
} ed;

/* ---- output, gathered and written once per burst of keys ---------------- */

static char out[2 * SH_LINE_MAX + 64];
static int nout;

static void flush(void)
{
    if (nout)
        write(1, out, (size_t)nout);
    nout = 0;
}

static void put(const char *s, int n)
{
    for (int i = 0; i < n; i++) {
        if (nout == (int)sizeof(out))
            flush();
        out[nout++] = s[i];
    }
}

static void puts_n(char c, int n)
{
    for (int i = 0; i < n; i++)
        put(&c, 1);
}

static void bell(void) { put("\a", 1); }

/* ---- terminal modes ---------------------------------------------------------- */

void line_init(void)
{
    for (int i = 0; i < HISTORY; i++) {
        history[i] = history_lines[i];
        memset(history_lines[i], 0, SH_LINE_MAX);
    }
    tcgetattr(sh_tty, &cooked);
    raw = cooked;
    cfmakeraw(&raw);
    raw.c_cc[VMIN] = 0;          /* wake every half second to reap jobs */
    raw.c_cc[VTIME] = 5;
}

/* On sh_tty: 0 may be redirected around a built-in command. */
void line_raw(void) { tcsetattr(sh_tty, TCSANOW, &raw); }
void line_cooked(void) { tcsetattr(sh_tty, TCSANOW, &cooked); }

/* ---- editing ------------------------------------------------------------------ */

/* Reprint from the cursor to the end, blank `extra` cells after it, and
 * come back to the cursor. */
static void redraw_tail(int extra)
{
    put(ed.buf + ed.pos, ed.len - ed.pos);
    puts_n(' ', extra);
    puts_n('\b', ed.len - ed.pos + extra);
}

static void insert(char c)
{
    if (ed.len >= SH_LINE_MAX - 1) {
        bell();
        return;
    }
    memmove(ed.buf + ed.pos + 1, ed.buf + ed.pos, (size_t)(ed.len - ed.pos));
    ed.buf[ed.pos] = c;
    ed.len++;
    put(&c, 1);
    ed.pos++;
    redraw_tail(0);
}

static void delete_at_cursor(void)
{
    if (ed.pos == ed.len) {
        bell();
        return;
    }
    memmove(ed.buf + ed.pos, ed.buf + ed.pos + 1, (size_t)(ed.len - ed.pos - 1));
    ed.len--;
    redraw_tail(1);
}

static void backspace(void)
{
    if (ed.pos == 0) {
        bell();
        return;
    }
    ed.pos--;
    put("\b", 1);
    delete_at_cursor();
}

static void move_to(int pos)
{
    if (pos < ed.pos)
        puts_n('\b', ed.pos - pos);
    else
        put(ed.buf + ed.pos, pos - ed.pos);
    ed.pos = pos;
}

/* Replace the whole line with s. */
static void set_line(const char *s)
{
    move_to(0);
    int old = ed.len;
    ed.len = (int)strlen(s);
    memcpy(ed.buf, s, (size_t)ed.len);
    put(ed.buf, ed.len);
    ed.pos = ed.len;
    if (old > ed.len) {
        puts_n(' ', old - ed.len);
        puts_n('\b', old - ed.len);
    }
}

static void browse(int dir)
{
    int to = ed.browse + dir;
    if (to < 0 || to > nhistory) {
        bell();
        return;
    }
    if (ed.browse == nhistory) {             /* leaving the draft: keep it */
        memcpy(ed.draft, ed.buf, (size_t)ed.len);
        ed.draft[ed.len] = 0;
    }
    ed.browse = to;
    set_line(to == nhistory ? ed.draft : history[to]);
}

void line_history_add(const char *line)
{
    if (!*line || (nhistory && strcmp(history[nhistory - 1], line) == 0))
        return;
    if (nhistory == HISTORY) {           /* reuse the oldest line's room */
        char *oldest = history[0];
        memmove(history, history + 1, (HISTORY - 1) * sizeof(char *));
        history[HISTORY - 1] = oldest;
        nhistory--;
    }
    strlcpy(history[nhistory++], line, SH_LINE_MAX);
}

/* ---- keys ------------------------------------------------------------------- */

/* The final byte of ESC [ n X or ESC O X. */
static void escape_key(char c, int arg)
{
    switch (c) {
    case 'A': browse(-1); break;
    case 'B': browse(1); break;
    case 'C': if (ed.pos < ed.len) move_to(ed.pos + 1); break;
    case 'D': if (ed.pos > 0) move_to(ed.pos - 1); break;
    case 'H': move_to(0); break;
    case 'F': move_to(ed.len); break;
    case '~':
        if (arg == 3)
            delete_at_cursor();
        else if (arg == 1 || arg == 7)
            move_to(0);
        else if (arg == 4 || arg == 8)
            move_to(ed.len);
        break;
    default: break;              /* other keys do nothing */
    }
}

static void escape(char c)
{
    if (ed.esc == 1) {
        ed.esc = (c == '[' || c == 'O') ? 2 : 0;
        ed.esc_arg = 0;
        return;
    }
    if (isdigit(c) && ed.esc_arg < 1000) {
        ed.esc_arg = ed.esc_arg * 10 + (c - '0');
        return;
    }
    if (c == ';')
        return;
    ed.esc = 0;
    escape_key(c, ed.esc_arg);
}

static void key(char c)
{
    if (ed.esc) {
        escape(c);
        return;
    }
    switch (c) {
    case '\r': case '\n': move_to(ed.len); put("\n", 1); ed.done = true; break;
    case 0x7f: case '\b': backspace(); break;
    case 0x1b: ed.esc = 1; break;
    case CTRL('A'): move_to(0); break;
    case CTRL('E'): move_to(ed.len); break;
    case CTRL('B'): if (ed.pos > 0) move_to(ed.pos - 1); break;
    case CTRL('F'): if (ed.pos < ed.len) move_to(ed.pos + 1); break;
    case CTRL('U'): set_line(""); break;
    case CTRL('C'): move_to(ed.len); put("^C\n", 3); ed.len = ed.pos = 0; ed.done = true; break;
    case CTRL('L'): put("\x1b[H\x1b[2J" SH_PROMPT, 7 + (int)strlen(SH_PROMPT)); put(ed.buf, ed.len);
                    puts_n('\b', ed.len - ed.pos); break;
    case CTRL('D'):
        if (ed.len == 0) {
            ed.eof = ed.done = true;
            put("\n", 1);
        } else {
            delete_at_cursor();
        }
        break;
    default:
        if (isprint(c))
            insert(c);
        else
            bell();
        break;
    }
}

/* Input is read a byte at a time: what follows the Enter (lines typed or
 * pasted ahead) stays in the terminal, for whoever reads next: the program
 * the line starts, or this shell's next line. A shell that exits leaves it
 * to its parent. */
static char in[1];
static int in_next, in_len;

int line_read(char *buf, int (*idle)(void))
{
    memset(&ed, 0, sizeof(ed));
    ed.buf = buf;
    ed.browse = nhistory;
    write(1, SH_PROMPT, strlen(SH_PROMPT));
    while (!ed.done) {
        if (in_next == in_len) {
            long n = read(0, in, sizeof(in));
            if (n < 0 && errno != EINTR) {
                ed.eof = true;
                break;
            }
            in_next = 0;
            in_len = n > 0 ? (int)n : 0;
            if (n <= 0 && idle && idle() > 0) {   /* it printed: draw us again */
                put(SH_PROMPT, (int)strlen(SH_PROMPT));
                put(ed.buf, ed.len);
                puts_n('\b', ed.len - ed.pos);
                flush();
            }
            continue;
        }
        while (in_next < in_len && !ed.done)
            key(in[in_next++]);
        flush();
    }
    flush();
    buf[ed.len] = 0;
    return !ed.eof;
}
