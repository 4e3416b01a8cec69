/* random_model.c -- the random test's model (random.h): the random
 * numbers, what the step running is, and the model's queries and changes. */
#include "random.h"

struct rt_model rt;
const struct rt_page *rt_parent;
int rt_stats[RS_N];
struct rt_now *rt_now;
static uint64_t rng, seed;

void rt_seed(uint64_t s)
{
    seed = s;
    rng = s * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
    if (!rng)
        rng = 1;
}

/* xorshift64*: small, and the same sequence everywhere */
uint64_t rt_rand(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dULL;
}

unsigned rt_below(unsigned n) { return (unsigned)((rt_rand() >> 32) % n); }

uint64_t rt_value(int p, int w)
{
    uint64_t v = seed * 0x9e3779b97f4a7c15ULL;
    v ^= (uint64_t)rt_now->step << 16 | (uint64_t)p << 2 | (uint64_t)w;
    return v | 0x8000000000000000ULL;   /* never 0, the value of a new page */
}

noreturn void rt_fail(const char *file, int line, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    testrun_fail(file, line, "step %d (%s): %s", rt_now->step, rt_now->what, msg);
}

void rt_describe(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rt_now->what, sizeof rt_now->what, fmt, ap);
    va_end(ap);
}

/* ---- the model ---------------------------------------------------------- */
int rt_live_segs(void)
{
    int n = 0;
    for (int s = 0; s < RT_SEGS; s++)
        n += rt.seg[s].live;
    return n;
}

/* A segment no page maps any more is gone, with its frames. */
static void seg_gc(void)
{
    bool used[RT_SEGS] = { 0 };
    for (int p = 0; p < RT_PAGES; p++)
        if (rt.page[p].mapped && rt.page[p].shared && !rt.page[p].file)
            used[rt.page[p].seg] = true;
    for (int s = 0; s < RT_SEGS; s++)
        if (rt.seg[s].live && !used[s])
            memset(&rt.seg[s], 0, sizeof rt.seg[s]);
}

/* Pages [lo, hi) (gap pages ignored) are unmapped. */
void rt_unmap(int lo, int hi)
{
    for (int p = lo < 0 ? 0 : lo; p < hi && p < RT_PAGES; p++)
        memset(&rt.page[p], 0, sizeof rt.page[p]);
    seg_gc();
}

bool rt_free(int lo, int hi)
{
    for (int p = lo; p < hi; p++)
        if (rt_in(p) && rt.page[p].mapped)
            return false;
    return true;
}

bool rt_covered(int lo, int hi)
{
    for (int p = lo; p < hi; p++)
        if (!rt_in(p) || !rt.page[p].mapped)
            return false;
    return true;
}

int rt_new_seg(int npages)
{
    for (int s = 0; s < RT_SEGS; s++) {
        if (!rt.seg[s].live) {
            memset(&rt.seg[s], 0, sizeof rt.seg[s]);
            rt.seg[s].live = true;
            rt.seg[s].npages = (uint8_t)npages;
            return s;
        }
    }
    RFAIL("more than %d segments in the model", RT_SEGS);
}

uint64_t *rt_val(int p)
{
    struct rt_page *pg = &rt.page[p];
    if (pg->file && !pg->copied) {
        if (pg->idx >= RT_FILE_PAGES)
            RFAIL("page %d: the model asked for file page %d, past the end", p, pg->idx);
        return rt.file[pg->idx];
    }
    return pg->shared && !pg->file ? rt.seg[pg->seg].val[pg->idx] : pg->val;
}

void rt_make_present(int p)
{
    struct rt_page *pg = &rt.page[p];
    pg->present = true;
    if (pg->shared && !pg->file)
        rt.seg[pg->seg].made[pg->idx] = true;
}

void rt_prepare_write(int p)
{
    struct rt_page *pg = &rt.page[p];
    if (pg->file && !pg->shared && !pg->copied) {
        memcpy(pg->val, rt_val(p), sizeof pg->val);   /* the copy starts as the file */
        pg->copied = true;
    }
    pg->cow = false;
    rt_make_present(p);
}

const char *rt_prot_name(int prot)
{
    static const char *const names[] = { "NONE", "R", "W", "RW",
                                         "X", "RX", "WX", "RWX" };
    return names[prot & 7];
}

long rt_frames(void)
{
    long n = 0;
    for (int p = 0; p < RT_PAGES; p++) {
        const struct rt_page *pg = &rt.page[p];
        n += pg->mapped && !pg->shared && (pg->file ? pg->copied : pg->present);
    }
    for (int s = 0; s < RT_SEGS; s++) {
        int made = 0;
        for (int i = 0; rt.seg[s].live && i < RT_MAXLEN; i++)
            made += rt.seg[s].made[i];
        n += made + (made > 0);     /* and its page list */
    }
    return n;
}

