/* random.h -- the random test's shadow model, shared by random.c (the
 * driver and the steps that change areas), random_model.c (the model, the
 * random numbers, reports) and random_check.c (checking memory against the
 * model, expected faults, fork).
 *
 * The model covers a window of RT_PAGES pages, with a one-page gap and an
 * anchor page on each side (the anchors keep the window's page tables, so
 * free-page counts see only data pages). For every page of the window it
 * knows whether an area maps it, with what permissions, private or
 * shared, whether this process maps a frame there ("present"), and the
 * two words the page must hold, at offsets 0 and 4088 (every other byte
 * is zero: pages start zeroed and the test writes only those two words).
 *
 * A MAP_SHARED mapping is a segment (struct rt_seg): its pages are found
 * through (seg, idx), and the values live in the segment, so a child's
 * write to a shared page shows in the parent. A segment lives while some
 * page of the window maps it (the kernel frees an anonymous segment with
 * its last area); it holds a frame for each page anyone has touched, plus
 * one kernel page for its page list once it holds any (mm/shm.c).
 *
 * A mapping of the file (random_file.c: RT_FILE_PAGES pages in /tmp, the
 * last one half inside, all in the page cache from the start) names the
 * file's page `idx` for each of its pages. A shared one shows the file's
 * words (rt.file), as read() does; so does a private one until its first
 * write, which copies the page ("copied": the words are the page's own
 * from then on). A page wholly past the end is SIGBUS on any access the
 * permissions allow. A shared mapping through the read-only descriptor
 * ("rdonly") may never be writable (mmap and mprotect: EACCES). A cached
 * page's reference count is the cache's one plus one for every page table
 * entry that maps it (random_check.c: rt_want_refs).
 */
#ifndef VMTESTS_RANDOM_H
#define VMTESTS_RANDOM_H
#include "vt.h"

#define RT_PAGES 64                         /* the window */
#define RT_MID 0x50000000UL                 /* a 2 MiB boundary: two tables */
#define RT_BASE (RT_MID - RT_PAGES / 2 * PG)
#define RT_MAXLEN 16                        /* longest mmap, in pages */
#define RT_SEGS 64                          /* model slots for segments */
#define RT_KERNEL_SEGS 32                   /* the kernel's table (mm/shm.h) */
#define RT_WINDOW_SEGS (RT_KERNEL_SEGS - 1) /* rt_now's page holds one */
#define RT_LAST (PG - 8)                    /* offset of the second word */
#define RT_FILE_PAGES 8                     /* the file's pages: the last is half */
#define RT_FILE_SIZE (RT_FILE_PAGES * PG - PG / 2)
#define RT_FILE_SPAN (RT_FILE_PAGES + 4)    /* a mapping starts before this page */

struct rt_page {
    bool mapped, shared, present;
    bool file;                  /* maps the file's page idx */
    bool copied;                /* private file page: written, its own copy */
    bool rdonly;                /* shared, through the read-only descriptor */
    bool cow;                   /* a fork child's private frame the parent
                                   holds too (until the child writes it) */
    uint8_t prot;
    uint8_t seg, idx;           /* shared: the segment and its page */
    uint64_t val[2];            /* private: the words at 0 and RT_LAST */
};

struct rt_seg {
    bool live;
    uint8_t npages;
    bool made[RT_MAXLEN];       /* the segment holds a frame for page i */
    uint64_t val[RT_MAXLEN][2];
};

struct rt_model {
    struct rt_page page[RT_PAGES];
    struct rt_seg seg[RT_SEGS];
    uint64_t file[RT_FILE_PAGES][2];    /* the file's words */
};

extern struct rt_model rt;
/* In a fork child: the parent's pages as of the fork (NULL in the parent). */
extern const struct rt_page *rt_parent;
/* The file's descriptors, read-write and read-only (random_file.c). */
extern int rt_fd, rt_rofd;
/* rt_swapping: the kernel has a swap device (docs/swap.md): a page the
 * model has present may be out on the device, so the checks read its
 * values (which brings it back) instead of comparing reference counts
 * and the free-page count. */
extern bool rt_swapping;

/* what the steps did, for the summary at the end */
enum rt_stat {
    RS_MMAP, RS_HINT_TAKEN, RS_NO_SEG, RS_MUNMAP, RS_MPROTECT, RS_HOLE,
    RS_READ, RS_WRITE, RS_FAULT, RS_FORK, RS_ERRORS, RS_IDLE,
    RS_FILE_MMAP, RS_DENIED, RS_FILE_IO, RS_BUS, RS_N
};
extern int rt_stats[RS_N];
/* The step running and what it does, with its arguments, for reports; in
 * a MAP_SHARED page outside the window (random.c: test_random). */
struct rt_now {
    int step;
    char what[160];
};
#define RT_NOW_ADDR 0x60000000UL
extern struct rt_now *rt_now;

/* ---- random_model.c ----------------------------------------------------- */
void rt_seed(uint64_t seed);
uint64_t rt_rand(void);
unsigned rt_below(unsigned n);  /* 0 .. n-1 */
/* rt_fail: "vmtests: random FAILED: file:line: step N (what): ..." */
noreturn void rt_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define RFAIL(...) rt_fail(__FILE__, __LINE__, __VA_ARGS__)
/* rt_describe: set what the current step does (printf-style). */
void rt_describe(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* rt_value: the value a write at this step stores in word w of page p. */
uint64_t rt_value(int p, int w);

static inline uintptr_t rt_addr(int p) { return RT_BASE + (uintptr_t)p * PG; }
static inline bool rt_in(int p) { return p >= 0 && p < RT_PAGES; }
static inline bool rt_readable(int p)
{
    return rt_in(p) && rt.page[p].mapped && rt.page[p].prot != PROT_NONE;
}
static inline bool rt_writable(int p)
{
    return rt_in(p) && rt.page[p].mapped && (rt.page[p].prot & PROT_WRITE);
}
/* past_eof: p maps a page of the file wholly past its end */
static inline bool rt_past_eof(int p)
{
    return rt_in(p) && rt.page[p].file && rt.page[p].idx >= RT_FILE_PAGES;
}
/* an access the permissions allow and the file does not refuse (SIGBUS) */
static inline bool rt_touchable(int p, bool write)
{
    return (write ? rt_writable(p) : rt_readable(p)) && !rt_past_eof(p);
}
/* pages [lo, hi) are all unmapped / all mapped (gap pages: unmapped) */
bool rt_free(int lo, int hi);
bool rt_covered(int lo, int hi);
/* the page's two words, wherever the model keeps them */
uint64_t *rt_val(int p);
/* the access makes p present: a private frame, or the segment's page */
void rt_make_present(int p);
/* a write to p is coming: a private file page gets its copy, a child's
 * private page its own frame */
void rt_prepare_write(int p);
const char *rt_prot_name(int prot);
/* frames the window holds: private present pages (copies of file pages
 * included), segment pages and the segments' page lists (the file's
 * pages are counted before the start) */
long rt_frames(void);
/* segments alive (the kernel has one for each) */
int rt_live_segs(void);
/* a new segment of npages (a MAP_SHARED mapping); its slot */
int rt_new_seg(int npages);
/* munmap of pages [lo, hi) (gap pages ignored); a segment no page maps
 * any more goes, with its frames */
void rt_unmap(int lo, int hi);

/* ---- the file (random_file.c) -------------------------------------------- */
/* rt_file_open: make the file, all its pages cached, and open it twice;
 * rt_file_close: close and remove it. */
void rt_file_open(void);
void rt_file_close(void);
/* rt_file_step: pread a word of the file (it must match the model) or
 * pwrite one (every mapping that shows the file sees it). */
void rt_file_step(void);

/* ---- checks (random_check.c) -------------------------------------------- */
/* rt_want_refs: what page_refs must say for p (-EFAULT: nothing
 * accessible mapped). */
long rt_want_refs(int p);
uint64_t rt_peek(int p, int w);
void rt_poke(int p, int w, uint64_t v);
/* rt_check_page: page_refs of p is want_refs (-EFAULT: nothing
 * accessible mapped); if it is positive, p holds the model's words. */
void rt_check_page(int p, long want_refs);
/* rt_quick_check: every page's page_refs (no faults taken) and the words
 * of every accessible present page; the free-page count. */
void rt_quick_check(long start_free);
/* rt_sync_around: file pages fault-around mapped count as present. */
void rt_sync_around(void);
/* rt_fault_step: an access the model says must fault, in a child: SIGSEGV,
 * or SIGBUS past the end of the file. */
void rt_fault_step(void);
/* rt_fork_step: fork; the child checks all of the model and writes some
 * pages; the parent then sees exactly the child's shared writes. */
void rt_fork_step(void);
#endif
