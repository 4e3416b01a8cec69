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
    if (pg->file)
        snprintf(buf, 64, "file page %d, %s%s %s, %s%spresent", pg->idx,
                 pg->shared ? "shared" : "private", pg->rdonly ? " read-only" : "",
                 rt_prot_name(pg->prot), pg->copied ? "copied, " : "", pg->present ? "" : "not ");
    else if (pg->shared)
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

/* file_mappers: entries of these pages that map the file's cached page
 * idx (any permissions: PROT_NONE keeps its frame too). */
static long file_mappers(const struct rt_page *pages, int idx)
{
    long n = 0;
    for (int q = 0; q < RT_PAGES; q++) {
        const struct rt_page *pg = &pages[q];
        n += pg->mapped && pg->file && !pg->copied && pg->present && pg->idx == idx;
    }
    return n;
}

/* A cached file page: the cache and every entry mapping it (a fork
 * child's and its parent's). A segment's page: the segment, us, and the
 * parent if it had it. A private frame: us, and the parent if the child
 * shares it still. */
long rt_want_refs(int p)
{
    const struct rt_page *pg = &rt.page[p];
    if (!pg->mapped || pg->prot == PROT_NONE || !pg->present)
        return -EFAULT;
    if (pg->file && !pg->copied)
        return 1 + file_mappers(rt.page, pg->idx) + (rt_parent ? file_mappers(rt_parent, pg->idx) : 0);
    if (pg->shared)
        return 2 + (rt_parent && rt_parent[p].present);
    return 1 + pg->cow;
}

/* sync_around: a read fault on a file page also maps the cached pages of
 * its aligned 64 KiB (fault-around, mm/vm_fault.c), which the model does
 * not predict (where an area ends depends on merges): if the kernel maps
 * file page p, which the model has as not present, it is present from now
 * on. What its count must then be is still checked, as for any present
 * page. */
static void sync_around(int p)
{
    const struct rt_page *pg = &rt.page[p];
    if (pg->mapped && pg->file && !pg->copied && !pg->present && sys_virt_to_phys((long)rt_addr(p)) >= 0)
        rt_make_present(p);
}

void rt_sync_around(void)
{
    for (int p = 0; p < RT_PAGES; p++)
        sync_around(p);
}

/* Every page is synced first (the counts of a file page's mappers), then
 * each again just before its check: under global pressure the reclaim
 * clock unmaps shared pages not used lately (a file's too,
 * mm/swap_out.c), so reading a page the model has as present may fault
 * it back in, and that fault's fault-around maps the pages after it. (At
 * mem=2304K it mapped page 31 while page 30 was checked: "page_refs 4,
 * want -EFAULT".) Counts of present pages are not compared then. */
void rt_quick_check(long start_free)
{
    rt_sync_around();
    for (int p = 0; p < RT_PAGES; p++) {
        sync_around(p);
        rt_check_page(p, rt_want_refs(p));
    }
    long frames = rt_frames(), free = page_count();
    if (!rt_swapping && free != start_free - frames)
        RFAIL("free pages %ld, want %ld (%ld at the start, %ld frames in the "
              "window)", free, start_free - frames, start_free, frames);
}

/* read_check: read p (so that it appears), then check it. */
static void read_check(int p)
{
    for (int w = 0; w < 2; w++)
        (void)rt_peek(p, w);
    rt_make_present(p);
    rt_sync_around();
    rt_check_page(p, rt_want_refs(p));
}

/* ---- faults -------------------------------------------------------------- */
/* must_fault: a read or write of page p in a child kills it: SIGSEGV, or
 * SIGBUS for an access allowed to a page past the end of the file. */
static void must_fault(int p, int write)
{
    int sig = (write ? rt_writable(p) : rt_readable(p)) ? SIGBUS : SIGSEGV;
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
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == sig))
        RFAIL("%s of page %d: child %s, want signal %d", write ? "write" : "read", p,
              testrun_status(status, s), sig);
    rt_stats[sig == SIGBUS ? RS_BUS : RS_FAULT]++;
}

/* A page (the gap pages beside the window included) and an access the
 * model refuses; 0 if none was found. */
static int pick_refused(int *p, int *write)
{
    for (int tries = 0; tries < 16; tries++) {
        *p = (int)rt_below(RT_PAGES + 2) - 1;
        *write = (int)rt_below(2);
        if (!rt_touchable(*p, *write))
            return 1;
    }
    return 0;
}

/* A page past the end of the file that some access may touch, and that
 * access (they are few: the fault step asks for one half of the time). */
static int pick_bus(int *p, int *write)
{
    int n = 0, pages[RT_PAGES];
    for (int q = 0; q < RT_PAGES; q++)
        if (rt_past_eof(q) && rt_readable(q))
            pages[n++] = q;
    if (n == 0)
        return 0;
    *p = pages[rt_below((unsigned)n)];
    *write = rt_writable(*p) && rt_below(2);
    return 1;
}

void rt_fault_step(void)
{
    int p, write;
    if (!(rt_below(2) && pick_bus(&p, &write)) && !pick_refused(&p, &write)) {
        rt_describe("fault: every access tried is allowed");
        rt_stats[RS_IDLE]++;
        return;
    }
    char st[64];
    rt_describe("%s page %d (%s): must fault", write ? "write" : "read", p,
                rt_in(p) ? page_state(p, st) : "gap");
    must_fault(p, write);
}

/* ---- fork ---------------------------------------------------------------- */
/* The child: every accessible page holds the model's words, and shares the
 * parent's frame if the parent had one (rt_want_refs, with the parent's
 * pages as of the fork); a refused access faults; then the planned
 * writes, which the child sees. */
static noreturn void fork_child(const int *plan, int n)
{
    static struct rt_page parent[RT_PAGES];
    memcpy(parent, rt.page, sizeof parent);
    rt_parent = parent;
    for (int p = 0; p < RT_PAGES; p++) {
        struct rt_page *pg = &rt.page[p];
        pg->cow = pg->mapped && !pg->shared && (pg->file ? pg->copied : pg->present);
    }
    for (int p = 0; p < RT_PAGES; p++) {  /* first read all, then count */
        for (int w = 0; rt_touchable(p, false) && w < 2; w++)
            (void)rt_peek(p, w);
        if (rt_touchable(p, false))
            rt_make_present(p);
    }
    rt_sync_around();
    for (int p = 0; p < RT_PAGES; p++)
        rt_check_page(p, rt_touchable(p, false) ? rt_want_refs(p) : -EFAULT);
    for (int i = 0, p, write; i < 2; i++)  /* refused accesses: a sample */
        if (pick_refused(&p, &write))
            must_fault(p, write);
    for (int i = 0; i < n; i++) {
        rt_prepare_write(plan[i]);
        for (int w = 0; w < 2; w++) {
            rt_poke(plan[i], w, rt_value(plan[i], w));
            rt_val(plan[i])[w] = rt_value(plan[i], w);
        }
    }
    for (int i = 0; i < n; i++)
        rt_check_page(plan[i], rt_want_refs(plan[i]));
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
        if (rt_touchable(p, true) && !dup)
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
     * to shared pages (and the file's) are ours too, its private ones are
     * not */
    for (int p = 0; p < RT_PAGES; p++)
        if (rt_readable(p) && rt.page[p].shared && !rt.page[p].file)
            rt.seg[rt.page[p].seg].made[rt.page[p].idx] = true;
    for (int i = 0; i < n; i++)
        for (int w = 0; rt.page[plan[i]].shared && w < 2; w++)
            rt_val(plan[i])[w] = rt_value(plan[i], w);
    for (int i = 0; i < n; i++)
        read_check(plan[i]);
    rt_stats[RS_FORK]++;
}
