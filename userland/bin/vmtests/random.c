/* random.c -- random: thousands of random mmap/munmap/mprotect/touch/fork
 * steps in a small window, each checked against a shadow model the test
 * keeps itself (random.h describes it).
 *
 *   vmtests random                 seed 12345, 3000 steps
 *   vmtests random:SEED[:STEPS[:v]] another seed, step count; v prints
 *                                  every step
 *
 * Steps: mmap (anonymous private or shared, or a /tmp file private or
 * shared, through a read-write or a read-only descriptor, from any page
 * of it up to a few past its end; fixed or at a hint, often over what is
 * mapped), munmap and mprotect of any range, reads and writes the model
 * allows, accesses it refuses (in a child, which must die of SIGSEGV, or
 * of SIGBUS past the end of the file), pread and pwrite of the file
 * (shared mappings and private pages not yet written see the writes,
 * read() sees the shared mappings' writes), fork (random_check.c), the
 * calls' refusals, and now and then a burst of MAP_SHARED mappings that
 * fills the kernel's table of segments.
 *
 * The run prints its seed first ("vmtests: random: seed N"); a failure
 * names the step, its operation and arguments, so the same seed and step
 * count replay it exactly (the steps run in a child of the test's process,
 * which names the step even if an access the model allows kills it).
 *
 * After every step the test compares every page's page_refs (no faults
 * taken) and the words of every present page with the model, and the
 * free-page count with the frames the model says the window holds; every
 * RT_CHECK_EVERY steps the kernel cross-checks itself (mm_check). At the
 * end the window is unmapped and the free-page count must be back where it
 * started.
 *
 * Page numbers in reports count from the window's start (page 0 is at
 * RT_BASE); -1 and RT_PAGES are the gap pages beside it, never mapped.
 */
#include "random.h"

#define RT_SEED 12345
#define RT_STEPS 3000
#define RT_CHECK_EVERY 25

static void expect(long got, long want, const char *call)
{
    char g[48], w[48];
    if (got != want)
        RFAIL("%s returned %s, want %s", call, testrun_val(got, g), testrun_val(want, w));
}

/* ---- the steps ----------------------------------------------------------- */
/* A length in bytes for n pages: sometimes not a whole number of pages
 * (the calls round it up). */
static size_t some_bytes(int n)
{
    return (size_t)n * PG - (rt_below(4) == 0 ? 1 + rt_below(PG - 1) : 0);
}

static const char *segs_live(int n)
{
    static char buf[32];
    snprintf(buf, sizeof buf, " (%d segments before)", n);
    return buf;
}

/* What a mapping maps: anonymous memory (private, or a new segment if
 * shared) or the file from its page `at`, through the read-only
 * descriptor if rdonly. */
struct rt_what {
    bool shared, file, rdonly;
    int at;
};

static const char *what_name(const struct rt_what *k)
{
    static char buf[48];
    if (!k->file)
        return k->shared ? "shared" : "private";
    snprintf(buf, sizeof buf, "file page %d, %s%s", k->at, k->shared ? "shared" : "private",
             k->rdonly ? ", read-only fd" : "");
    return buf;
}

/* The kernel's answer for a mapping it must refuse, or 0. */
static long mmap_refusal(const struct rt_what *k, int prot)
{
    if (k->file && k->shared && k->rdonly && (prot & PROT_WRITE))
        return -EACCES;         /* it could never be written through */
    if (k->shared && !k->file && rt_live_segs() >= RT_WINDOW_SEGS)
        return -ENOMEM;         /* every segment is in use */
    return 0;
}

/* mmap of len pages at page s (at a hint if not fixed): where the
 * kernel must put it, or why it must refuse. */
static void do_mmap(int s, int len, int prot, const struct rt_what *k, bool fixed)
{
    size_t bytes = some_bytes(len);
    long flags = (k->shared ? MAP_SHARED : MAP_PRIVATE) | (k->file ? 0 : MAP_ANONYMOUS) |
                 (fixed ? MAP_FIXED : 0);
    rt_describe("mmap page %d, 0x%zx bytes (%d pages), %s, %s%s%s", s,
                bytes, len, rt_prot_name(prot), what_name(k),
                fixed ? ", fixed" : ", hint",
                k->shared && !k->file ? segs_live(rt_live_segs()) : "");
    long fd = k->file ? (k->rdonly ? rt_rofd : rt_fd) : -1;
    long r = vt_mmap(rt_addr(s), bytes, prot, flags, fd, k->file ? (long)k->at * PG : 0);
    long refused = mmap_refusal(k, prot);
    if (refused) {
        expect(r, refused, "mmap");
        rt_stats[refused == -EACCES ? RS_DENIED : RS_NO_SEG]++;
        return;
    }
    if (!fixed && !rt_free(s, s + len)) {
        /* the hint is taken: the kernel places it elsewhere */
        uintptr_t lo = rt_addr(-2), hi = rt_addr(RT_PAGES + 2);
        if (r < 0 || ((uintptr_t)r < hi && (uintptr_t)r + bytes > lo))
            RFAIL("mmap over a taken hint returned 0x%lx", r);
        expect(vt_munmap((uintptr_t)r, bytes), 0, "munmap");
        rt_stats[RS_HINT_TAKEN]++;
        return;
    }
    expect(r, (long)rt_addr(s), "mmap");
    rt_stats[k->file ? RS_FILE_MMAP : RS_MMAP]++;
    rt_unmap(s, s + len);
    int seg = k->shared && !k->file ? rt_new_seg(len) : 0;
    for (int i = 0; i < len; i++)
        rt.page[s + i] = (struct rt_page){ .mapped = true, .shared = k->shared, .file = k->file,
            .rdonly = k->file && k->shared && k->rdonly, .prot = (uint8_t)prot, .seg = (uint8_t)seg,
            .idx = (uint8_t)(k->file ? k->at + i : i) };
}

/* Anonymous and private two times in five, anonymous and shared one in
 * five (as before files), the file the rest. */
static void step_mmap(void)
{
    int len = 1 + (int)rt_below(rt_below(2) ? 4 : RT_MAXLEN);
    int s = (int)rt_below(RT_PAGES - len + 1), prot = (int)rt_below(8);
    unsigned kind = rt_below(5);
    struct rt_what k = { .shared = kind == 2, .file = kind >= 3 };
    if (k.file) {
        k.shared = rt_below(2);
        k.rdonly = rt_below(3) == 0;
        k.at = (int)rt_below(rt_below(4) ? RT_FILE_PAGES : RT_FILE_SPAN);
    }
    bool fixed = rt_below(5) != 0;
    do_mmap(s, len, prot, &k, fixed);
}

/* Many one-page MAP_SHARED mappings: enough segments to fill the kernel's
 * table (RT_KERNEL_SEGS: the window's and rt_now's; no other process may
 * hold one), where mmap must fail and change nothing. */
static void step_burst(void)
{
    static const struct rt_what seg = { .shared = true };
    for (int i = 0; i < 40; i++)
        do_mmap((int)rt_below(RT_PAGES), 1, PROT_RW, &seg, true);
}

/* A range for munmap and mprotect: any pages of the window, the gap pages
 * beside it included. */
static void some_range(int *lo, int *n)
{
    *lo = (int)rt_below(RT_PAGES + 2) - 1;
    *n = 1 + (int)rt_below(20);
    if (*lo + *n > RT_PAGES + 1)
        *n = RT_PAGES + 1 - *lo;
}

static void step_munmap(void)
{
    int s, n;
    some_range(&s, &n);
    size_t bytes = some_bytes(n);
    rt_describe("munmap page %d, 0x%zx bytes (%d pages)", s, bytes, n);
    expect(vt_munmap(rt_addr(s), bytes), 0, "munmap");
    rt_unmap(s, s + n);
    rt_stats[RS_MUNMAP]++;
}

static void step_mprotect(void)
{
    int s, n, prot = (int)rt_below(8);
    some_range(&s, &n);
    if (rt_below(4) != 0) {     /* mostly what is mapped: a hole is dull */
        for (int tries = 0; tries < 8 && !rt_covered(s, s + 1); tries++)
            s = (int)rt_below(RT_PAGES);
        while (n > 1 && !rt_covered(s, s + n))
            n--;
    }
    size_t bytes = some_bytes(n);
    rt_describe("mprotect page %d, 0x%zx bytes (%d pages), %s", s, bytes, n,
                rt_prot_name(prot));
    long r = vt_mprotect(rt_addr(s), bytes, prot), want = 0;
    for (int p = s; p < s + n && !want; p++) {   /* the first refusal, in address order */
        if (!rt_covered(p, p + 1))
            want = -ENOMEM;
        else if (rt.page[p].rdonly && (prot & PROT_WRITE))
            want = -EACCES;
    }
    expect(r, want, "mprotect");
    rt_stats[r == -EACCES ? RS_DENIED : r ? RS_HOLE : RS_MPROTECT]++;
    if (r != 0)
        return;
    for (int p = s; p < s + n; p++)
        rt.page[p].prot = (uint8_t)prot;
}

/* A read or write the model allows, done here. */
static void step_touch(void)
{
    int p = 0, write = 0, tries;
    for (tries = 0; tries < 16; tries++) {
        p = (int)rt_below(RT_PAGES);
        write = (int)rt_below(2);
        if (rt_touchable(p, write))
            break;
    }
    if (tries == 16) {
        rt_describe("touch: nothing to touch");
        rt_stats[RS_IDLE]++;
        return;
    }
    if (!write) {
        rt_describe("read page %d", p);
        rt_stats[RS_READ]++;
        rt_make_present(p);     /* values: a new page reads 0, as modelled */
        for (int w = 0; w < 2; w++)
            if (rt_peek(p, w) != rt_val(p)[w])
                RFAIL("word %d: 0x%lx, want 0x%lx", w, rt_peek(p, w),
                      rt_val(p)[w]);
        return;
    }
    int which = (int)rt_below(3);   /* word 0, word 1, both */
    rt_stats[RS_WRITE]++;
    rt_describe("write page %d, word%s %s", p, which == 2 ? "s" : "",
                which == 0 ? "0" : which == 1 ? "1" : "0 and 1");
    rt_prepare_write(p);
    for (int w = 0; w < 2; w++) {
        if (which != 2 && which != w)
            continue;
        rt_poke(p, w, rt_value(p, w));
        rt_val(p)[w] = rt_value(p, w);
    }
    rt_make_present(p);
}

/* The calls' refusals (docs/syscalls.md); nothing may change. */
static void step_errors(void)
{
    uintptr_t a = rt_addr((int)rt_below(RT_PAGES));
    long got, want = -EINVAL;
    switch (rt_below(5)) {
    case 0:
        rt_describe("mmap length 0 at 0x%lx", a);
        got = vt_mmap(a, 0, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED, -1, 0);
        break;
    case 1:
        rt_describe("mmap fixed at 0x%lx", a + 8);
        got = vt_mmap(a + 8, PG, PROT_RW, MAP_ANON_SHARED | MAP_FIXED, -1, 0);
        break;
    case 2:
        rt_describe("munmap at 0x%lx", a + 8);
        got = vt_munmap(a + 8, PG);
        break;
    case 3:
        rt_describe("mprotect at 0x%lx", a + 8);
        got = vt_mprotect(a + 8, PG, PROT_READ);
        break;
    default:
        rt_describe("mprotect 0x%lx, length 0", a);
        got = vt_mprotect(a, 0, PROT_NONE);
        want = 0;
        break;
    }
    expect(got, want, "the call");
    rt_stats[RS_ERRORS]++;
}

static void step(int verbose)
{
    unsigned r = rt_below(100);
    if (r < 20)
        step_mmap();
    else if (r < 32)
        step_munmap();
    else if (r < 47)
        step_mprotect();
    else if (r < 84)
        step_touch();
    else if (r < 90)
        rt_file_step();
    else if (r < 93)
        rt_fault_step();
    else if (r < 98)
        rt_fork_step();
    else if (r < 99 || rt_below(4) != 0)
        step_errors();
    else
        step_burst();
    if (verbose)
        printf("vmtests: random: step %d: %s\n", rt_now->step, rt_now->what);
}

static void summary(int most_segs, long most_frames)
{
    const int *n = rt_stats;
    printf("vmtests: random: mmap %d (and %d at a taken hint, %d refused: "
           "no segment left), munmap %d, mprotect %d (and %d over a hole), "
           "read %d, write %d, fault %d, fork %d, errors %d, idle %d; at "
           "most %d segments and %ld frames\n", n[RS_MMAP], n[RS_HINT_TAKEN],
           n[RS_NO_SEG], n[RS_MUNMAP], n[RS_MPROTECT], n[RS_HOLE], n[RS_READ],
           n[RS_WRITE], n[RS_FAULT], n[RS_FORK], n[RS_ERRORS], n[RS_IDLE],
           most_segs, most_frames);
    printf("vmtests: random: file: mmap %d, EACCES %d (mmap and mprotect), pread/pwrite %d, "
           "SIGBUS %d\n", n[RS_FILE_MMAP], n[RS_DENIED], n[RS_FILE_IO], n[RS_BUS]);
}

/* run: the steps, in the process that runs them. */
static void run(long steps, int verbose)
{
    vt_settle();                /* after the fork: our pages are our own */
    rt_describe("setting up");  /* and rt_now (shared: no copy) */
    vt_grow_areas();            /* the window's areas take no new page */
    vt_anchor(rt_addr(-2));
    vt_anchor(rt_addr(RT_PAGES + 1));
    rt_file_open();             /* its pages are cached before the count */
    long start_free = page_count();
    struct weensy_meminfo mi;
    rt_swapping = meminfo(&mi) == 0 && mi.swap_total > 0;
    int most_segs = 0;
    long most_frames = 0;
    for (rt_now->step = 1; rt_now->step <= steps; rt_now->step++) {
        step(verbose);
        rt_quick_check(start_free);
        if (rt_now->step % RT_CHECK_EVERY == 0)
            mm_check();
        most_segs = rt_live_segs() > most_segs ? rt_live_segs() : most_segs;
        most_frames = rt_frames() > most_frames ? rt_frames() : most_frames;
    }
    summary(most_segs, most_frames);
    rt_describe("the end: munmap the window");
    expect(vt_munmap(rt_addr(0), RT_PAGES * PG), 0, "munmap");
    rt_unmap(0, RT_PAGES);
    rt_quick_check(start_free);
    mm_check();
    CHECK_EQ(vt_munmap(rt_addr(-2), PG), 0);
    CHECK_EQ(vt_munmap(rt_addr(RT_PAGES + 1), PG), 0);
    rt_file_close();
}

/* The steps run in a child, which writes where it is in a shared page
 * (rt_now): if an access the model allows kills it, the test's process
 * still names the step. */
void test_random(void)
{
    const char *arg = testrun_arg ? testrun_arg : "";
    char *end;
    unsigned long seed = *arg ? strtoul(arg, &end, 0) : RT_SEED;
    long steps = *arg && *end == ':' ? strtol(end + 1, &end, 0) : RT_STEPS;
    int verbose = *arg && strcmp(end, ":v") == 0;
    printf("vmtests: random: seed %lu, %ld steps\n", seed, steps);
    rt_seed(seed);

    rt_now = (struct rt_now *)MAP(RT_NOW_ADDR, PG, PROT_RW,
                                  MAP_ANON_SHARED | MAP_FIXED);
    rt_describe("starting");
    pid_t pid = FORK();
    if (pid == 0) {
        run(steps, verbose);
        sys_exit(0);
    }
    char s[32], v[48];
    int status = 0;
    long r = sys_wait4(pid, (long)&status, 0, 0);
    if (r != pid)
        FAIL("wait4(%d): %s", pid, testrun_val(r, v));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
        sys_exit(1);            /* it printed why */
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        FAIL("step %d (%s): the process running the steps ended with %s",
             rt_now->step, rt_now->what, testrun_status(status, s));
    CHECK_EQ(vt_munmap(RT_NOW_ADDR, PG), 0);
}
