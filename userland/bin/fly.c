/* fly -- planes crossing the screen, one process each: after UCAS OS's
 * "fly" test of user processes, on weensy's fork and scheduler.
 *
 *   fly [N] [--steps K]
 *
 * The parent forks N-1 children and flies the first plane itself, so N
 * processes fly N planes (default 4). Plane i keeps to rows 1+4i..3+4i
 * (counted from the top, wrapping to the top when the screen has no room
 * for it) and moves one column to the right every 50 ms, wrapping at the
 * right edge. With --steps K every plane makes K steps and lands (exit 0);
 * the parent reaps its children and prints "fly: N planes landed". Without
 * it they fly until killed.
 *
 * Frames: each is one write() of "save cursor, position, draw the rows,
 * restore cursor" (ESC 7, ESC [ row ; col H, ..., ESC 8). The kernel copies
 * a write to the console in 256-byte chunks under one lock, so a frame
 * shorter than that is never cut by another process's output and the
 * cursor of whoever is typing comes back where it was.
 */
#include "weensy.h"

#define DEFAULT_PLANES 4
#define MAX_PLANES 32            /* weensy has 64 process slots */
#define STEP_MS 50
#define FRAME_MAX 256            /* the kernel's atomic console chunk */
#define PLANE_ROWS 3
#define PLANE_COLS 10
#define ROWS_PER_PLANE 4         /* three rows of plane, one blank */
#define GOTO_MAX 16              /* ESC [ 65535 ; 65535 H and a spare */

/* Column 0 of every row is blank: drawn one column to the right of the
 * last frame, it wipes the plane's trail. */
static const char *const plane[PLANE_ROWS] = {
    "    \\     ",
    " ==[__]=> ",
    "    /     ",
};

struct screen {
    int rows, cols;
    int track;                   /* columns a plane wraps in */
};

struct frame {
    size_t len;
    char buf[FRAME_MAX];
};

static void usage(void)
{
    printf("usage: fly [N] [--steps K]   (1 <= N <= %d, default %d)\n",
           MAX_PLANES, DEFAULT_PLANES);
    exit(2);
}

/* number: s as a whole decimal number in [lo, hi], or usage. */
static long number(const char *s, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) {
        printf("fly: '%s' is not a number from %ld to %ld\n", s, lo, hi);
        usage();
    }
    return v;
}

/* parse: N and --steps K in any order; steps 0 means "until killed". */
static void parse(int argc, char **argv, int *planes, long *steps)
{
    bool have_n = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--steps") == 0 && i + 1 < argc)
            *steps = number(argv[++i], 1, 1000000);
        else if (argv[i][0] != '-' && !have_n) {
            *planes = (int)number(argv[i], 1, MAX_PLANES);
            have_n = true;
        } else
            usage();
    }
}

/* screen_size: the console's size if the kernel says, else 80x25. The
 * last column is left out of the track: a terminal that wraps as soon as
 * it is written would otherwise scroll the screen at the bottom right. */
static struct screen screen_size(void)
{
    struct screen s = { 25, 80, 79 };
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
        ws.ws_col > PLANE_COLS + 1) {
        s.rows = ws.ws_row;
        s.cols = ws.ws_col;
        s.track = ws.ws_col - 1;
    }
    return s;
}

/* top_row: plane i's first row (1-based), wrapping to the top when the
 * screen has no room for a plane that far down. */
static int top_row(const struct screen *s, int i)
{
    int slots = s->rows >= PLANE_ROWS ? (s->rows - PLANE_ROWS) / ROWS_PER_PLANE + 1 : 1;
    return 1 + ROWS_PER_PLANE * (i % slots);
}

static void frame_add(struct frame *f, const char *s, size_t n)
{
    if (f->len + n <= sizeof(f->buf)) {   /* cannot overflow: see FRAME_MAX */
        memcpy(f->buf + f->len, s, n);
        f->len += n;
    }
}

static void frame_goto(struct frame *f, int row, int col)
{
    char seq[GOTO_MAX];
    int n = snprintf(seq, sizeof seq, "\033[%d;%dH", row, col);
    frame_add(f, seq, (size_t)n);
}

/* draw_row: text at column x (0-based) of the track, the part that runs
 * past its right end continued at column 0. */
static void draw_row(struct frame *f, const struct screen *s, int row, int x,
                     const char *text)
{
    int first = s->track - x < PLANE_COLS ? s->track - x : PLANE_COLS;
    frame_goto(f, row, x + 1);
    frame_add(f, text, (size_t)first);
    if (first < PLANE_COLS) {
        frame_goto(f, row, 1);
        frame_add(f, text + first, (size_t)(PLANE_COLS - first));
    }
}

/* draw: one frame of the plane at column x, in a single write. The first
 * frame also clears the plane's rows (ESC [ 2 K) of whatever was there. */
static void draw(const struct screen *s, int top, int x, bool clear)
{
    struct frame f = { 0, { 0 } };
    frame_add(&f, "\0337", 2);
    for (int r = 0; r < PLANE_ROWS; r++) {
        if (clear) {
            frame_goto(&f, top + r, 1);
            frame_add(&f, "\033[2K", 4);
        }
        draw_row(&f, s, top + r, x, plane[r]);
    }
    frame_add(&f, "\0338", 2);
    write(STDOUT_FILENO, f.buf, f.len);
}

/* fly: plane i's life. parent is the pid a child must keep as its parent
 * (0 for the parent itself): when the parent dies the child is handed to
 * init and getppid() changes, and the child lands at once, so that no
 * plane outlives the fly that launched it. */
static void fly(const struct screen *s, int i, long steps, pid_t parent)
{
    int top = top_row(s, i);
    int x = (i * 13) % s->track;          /* stagger the planes */
    printf("fly: pid %d flies in rows %d-%d\n", getpid(), top, top + PLANE_ROWS - 1);
    for (long step = 0; steps == 0 || step < steps; step++) {
        draw(s, top, x, step == 0);
        x = (x + 1) % s->track;
        sleep_ms(STEP_MS);
        if (parent && getppid() != parent)
            exit(0);
        /* The parent flies forever without --steps: reap any child that
         * was killed on its own, so that it does not stay a zombie. */
        if (!parent && steps == 0)
            while (waitpid(-1, NULL, WNOHANG) > 0)
                ;
    }
}

/* land: reap the children; true if every one landed (exit status 0). */
static bool land(int children)
{
    bool ok = true;
    for (int k = 0; k < children; k++) {
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            printf("fly: waitpid: error %d FAILED\n", errno);
            return false;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            printf("fly: pid %d did not land (wait status 0x%x): FAILED\n", pid, status);
            ok = false;
        }
    }
    return ok;
}

int main(int argc, char **argv)
{
    int planes = DEFAULT_PLANES;
    long steps = 0;
    parse(argc, argv, &planes, &steps);
    /* Per row at most: goto, clear, goto, part, goto, rest. */
    _Static_assert(2 + PLANE_ROWS * (3 * GOTO_MAX + 4 + PLANE_COLS) + 2 <= FRAME_MAX,
                   "a frame must fit in one atomic console write");
    struct screen s = screen_size();
    pid_t me = getpid();
    int children = 0;
    for (int i = 1; i < planes; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            fly(&s, i, steps, me);
            exit(0);
        }
        if (pid < 0) {
            printf("fly: fork: error %d; flying %d planes\n", errno, i);
            break;
        }
        children++;
    }
    fly(&s, 0, steps, 0);
    if (!land(children))
        return 1;
    printf("fly: %d planes landed\n", children + 1);
    return 0;
}
