/* random_check.c -- the random test's model queries and its checks of
 * memory against the model: after every step (page_refs and words of the
 * present pages, the free-page count), accesses that must fault, and fork,
 * where a child checks the whole model and writes pages of its own. */
#include "random.h"

#define RT_CHILD_WRITES 4

/* ---- memory -------------------------------------------------------------- */
static volatile uint64_t *word(int p, int w)
{
    return (volatile uint64_t *)vt_opaque(rt_addr(p) + (w ? RT_LAST : 0));
}

uint64_t rt_peek(int p, int w) { return *word(p, w); }
void rt_poke(int p, int w, uint64_t v) { *word(p, w) = v; }

static const char *page_state(int p, char buf[64])
{
    const struct rt_page *pg = &rt.page[p];
    if (!pg->mapped)
        return "unmapped";
    if (pg->shared)
        snprintf(buf, 64, "shared %s, segment %d page %d, %spresent",
                 rt_prot_name(pg->prot), pg->seg, pg->idx,
                 pg->present ? "" : "not ");
    else
        snprintf(buf, 64, "private %s, %spresent", rt_prot_name(pg->prot),
                 pg->present ? "" : "not ");
    return buf;
}

bool rt_swapping;

void rt_check_page(int p, long want_refs)
{
    char st[64], g[48], w[48];
    if (rt_swapping && want_refs > 0) {
        for (int i = 0; i < 2; i++)
            if (rt_peek(p, i) != rt_val(p)[i])
                RFAIL("page %d (%s): word %d is 0x%lx, want 0x%lx (swapping)", p,
                      page_state(p, st), i, rt_peek(p, i), rt_val(p)[i]);
        return;                  /* no count: any touch of ours may send it out again */
    }
    long refs = sys_page_refs((long)rt_addr(p));
    if (refs != want_refs)
        RFAIL("page %d (%s): page_refs %s, want %s", p, page_state(p, st),
              testrun_val(refs, g), testrun_val(want_refs, w));
    for (int i = 0; want_refs > 0 && i < 2; i++)
        if (rt_peek(p, i) != rt_val(p)[i])
            RFAIL("page %d (%s): word %d is 0x%lx, want 0x%lx", p,
                  page_state(p, st), i, rt_peek(p, i), rt_val(p)[i]);
}

void rt_quick_check(long start_free)
{
    for (int p = 0; p < RT_PAGES; p++) {
        const struct rt_page *pg = &rt.page[p];
        bool seen = pg->mapped && pg->prot != PROT_NONE && pg->present;
        rt_check_page(p, seen ? (pg->shared ? 2 : 1) : -EFAULT);
    }
    long frames = rt_frames(), free = page_count();
    if (!rt_swapping && free != start_free - frames)
        RFAIL("free pages %ld, want %ld (%ld at the start, %ld frames in the "
              "window)", free, start_free - frames, start_free, frames);
}

/* read_check: read p (so that it appears), then check it. */
static void read_check(int p, long want_refs)
{
    for (int w = 0; w < 2; w++)
        (void)rt_peek(p, w);
    rt_check_page(p, want_refs);
}

/* ---- faults -------------------------------------------------------------- */
/* must_fault: a read or write of page p in a child kills it (SIGSEGV). */
static void must_fault(int p, int write)
{
    char s[32], v[48];
    long pid = sys_fork();
    if (pid < 0)
        RFAIL("fork: %s", testrun_val(pid, v));
    if (pid == 0) {
        if (write)
            rt_poke(p, 0, 1);
        else
            (void)rt_peek(p, 0);
        sys_exit(3);
    }
    int status = 0;
    long r = sys_wait4(pid, (long)&status, 0, 0);
    if (r != pid)
        RFAIL("wait4(%ld): %s", pid, testrun_val(r, v));
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV))
        RFAIL("%s of page %d: child %s, want signal %d (SIGSEGV)",
              write ? "write" : "read", p, testrun_status(status, s), SIGSEGV);
}

/* A page (the gap pages beside the window included) and an access the
 * model refuses; 0 if none was found. */
static int pick_refused(int *p, int *write)
{
    for (int tries = 0; tries < 16; tries++) {
        *p = (int)rt_below(RT_PAGES + 2) - 1;
        *write = (int)rt_below(2);
        if (!(*write ? rt_writable(*p) : rt_readable(*p)))
            return 1;
    }
    return 0;
}

void rt_fault_step(void)
{
    int p, write;
    if (!pick_refused(&p, &write)) {
        rt_describe("fault: every access tried is allowed");
        rt_stats[RS_IDLE]++;
        return;
    }
    char st[64];
    rt_describe("%s page %d (%s): must fault", write ? "write" : "read", p,
                rt_in(p) ? page_state(p, st) : "gap");
    must_fault(p, write);
    rt_stats[RS_FAULT]++;
}

/* ---- fork ---------------------------------------------------------------- */
/* The child: every accessible page holds the model's words, and shares the
 * parent's frame if the parent had one (a new private page is the
 * child's alone; a segment's page is also held by the segment); a
 * refused access faults; then the planned writes, which the child sees. */
static noreturn void fork_child(const int *plan, int n)
{
    for (int p = 0; p < RT_PAGES; p++) {
        const struct rt_page *pg = &rt.page[p];
        if (!rt_readable(p)) {
            rt_check_page(p, -EFAULT);
            continue;
        }
        read_check(p, pg->shared ? 2 + pg->present : pg->present ? 2 : 1);
    }
    for (int i = 0, p, write; i < 2; i++)  /* refused accesses: a sample */
        if (pick_refused(&p, &write))
            must_fault(p, write);
    for (int i = 0; i < n; i++)
        for (int w = 0; w < 2; w++)
            rt_poke(plan[i], w, rt_value(plan[i], w));
    for (int i = 0; i < n; i++) {
        const struct rt_page *pg = &rt.page[plan[i]];
        for (int w = 0; w < 2; w++)
            rt_val(plan[i])[w] = rt_value(plan[i], w);
        rt_check_page(plan[i], pg->shared ? 2 + pg->present : 1);
    }
    sys_exit(0);
    for (;;)
        ;
}

void rt_fork_step(void)
{
    int plan[RT_CHILD_WRITES], n = 0;
    for (int tries = 0; tries < 12 && n < RT_CHILD_WRITES; tries++) {
        int p = (int)rt_below(RT_PAGES), dup = 0;
        for (int i = 0; i < n; i++)
            dup |= plan[i] == p;
        if (rt_writable(p) && !dup)
            plan[n++] = p;
    }
    char list[40] = "";
    for (int i = 0, len = 0; i < n; i++)
        len += snprintf(list + len, sizeof list - (size_t)len, " %d", plan[i]);
    rt_describe("fork; the child writes %d pages:%s", n, list);

    char s[32], v[48];
    long pid = sys_fork();
    if (pid < 0)
        RFAIL("fork: %s", testrun_val(pid, v));
    if (pid == 0)
        fork_child(plan, n);
    int status = 0;
    long r = sys_wait4(pid, (long)&status, 0, 0);
    if (r != pid)
        RFAIL("wait4(%ld): %s", pid, testrun_val(r, v));
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        RFAIL("the child: %s, want exit 0", testrun_status(status, s));

    /* the child's reads made every accessible segment page; its writes
     * to shared pages are ours too, its private ones are not */
    for (int p = 0; p < RT_PAGES; p++)
        if (rt_readable(p) && rt.page[p].shared)
            rt.seg[rt.page[p].seg].made[rt.page[p].idx] = true;
    for (int i = 0; i < n; i++)
        for (int w = 0; rt.page[plan[i]].shared && w < 2; w++)
            rt_val(plan[i])[w] = rt_value(plan[i], w);
    for (int i = 0; i < n; i++) {
        read_check(plan[i], rt.page[plan[i]].shared ? 2 : 1);
        rt_make_present(plan[i]);
    }
    rt_stats[RS_FORK]++;
}
