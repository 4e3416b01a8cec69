/* vt.h -- the vmtests harness: the system calls of virtual memory, the
 * test table, checks that print both sides, and helpers for forking,
 * expected faults, page counts and handing the CPU between processes.
 *
 * Every test runs in a forked child of the runner (main.c), so a crash ends
 * only that test. A test passes by returning; a failed check prints
 * "vmtests: NAME FAILED: file:line: what" and exits with 1 (in a grandchild
 * too: its parent then sees exit status 1 and fails in turn).
 *
 * Rules for tests:
 * - reap every process you create (the runner kills, reaps and counts as a
 *   failure any left behind);
 * - undo every mapping and segment: the runner requires the free-page count
 *   to be exactly what it was before the test, after everything is reaped;
 * - page_count() is global: compare counts only while no other process of
 *   the test can be faulting (before a fork, after a reap, or while the
 *   others wait in vt_handoff); a fork makes every writable page
 *   copy-on-write, so the first write to a stack or data page after a fork
 *   may cost a page: call vt_settle() right after the fork first.
 * - no malloc (its heap starts at _end, where the brk test works).
 */
#ifndef VMTESTS_VT_H
#define VMTESTS_VT_H
#include "weensy.h"
#include "testrun.h"
#include "arch/x86_64/memlayout.h"

/* ---- the contract's system calls and constants (Linux's) ---------------- */
#ifndef PROT_READ
#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4
#endif
#ifndef MAP_SHARED
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#endif
#ifndef IPC_PRIVATE
#define IPC_PRIVATE 0
#define IPC_RMID    0
#define IPC_CREAT   01000
#define IPC_EXCL    02000
#define SHM_RDONLY  010000
#endif
#define PROT_RW  (PROT_READ | PROT_WRITE)
#define MAP_ANON_PRIVATE (MAP_PRIVATE | MAP_ANONYMOUS)
#define MAP_ANON_SHARED  (MAP_SHARED | MAP_ANONYMOUS)

/* The raw calls (-E... on failure), typed: addresses and sizes as
 * uintptr_t and size_t instead of the sys_* wrappers' long. */
long vt_mmap(uintptr_t addr, size_t len, long prot, long flags, long fd,
             long off);
long vt_munmap(uintptr_t addr, size_t len);
long vt_mprotect(uintptr_t addr, size_t len, long prot);
long vt_brk(uintptr_t addr);
long vt_shmget(long key, size_t size, long flags);
long vt_shmat(long id, uintptr_t addr, long flags);
long vt_shmdt(uintptr_t addr);
long vt_shmctl(long id, long cmd, uintptr_t buf);

/* ---- addresses ---------------------------------------------------------- */
#define PG             PAGE_SIZE
#define MIB            0x100000UL
#define GIB            0x40000000UL
#define SHM_MAX        (16 * MIB)        /* biggest segment */
#define SHM_SEGMENTS   32                /* the kernel's table */
#define KERNEL_ADDR    0xffffffff80100000UL

/* The runner, the test table's entries (struct testrun_case), the failure
 * reports, the checks (FAIL, CHECK, CHECK_EQ) and value/status text are
 * the user library's (testrun.h). */
void vt_check_pages(const char *file, int line, const char *what,
                    long before, long after, long want, long slack);

/* CHECK_FREED(what, before, after, want, slack): page_count() went from
 * before to after, and that must have freed `want` pages (negative: used),
 * give or take `slack`. */
#define CHECK_FREED(what, before, after, want, slack) \
    vt_check_pages(__FILE__, __LINE__, what, before, after, want, slack)
/* A kernel page of bookkeeping (a page of area records) may come or go
 * when an area is created, split or removed: the slack allowed for those
 * calls. Faults and whole map-unmap cycles are checked exactly. */
#define META 1

/* ---- processes (vt.c; FORK, WAIT, EXPECT_* are testrun.h's) -------------- */

/* vt_settle: make this process's stack (the next 24 KiB down) and data
 * pages its own, so later page counts see only what the test does. */
void vt_settle(void);
/* vt_grow_areas: give this process's pool of area records (a few pages
 * the kernel keeps for each process once it has them, docs/vm.md) all
 * the pages it keeps, so that a test making up to some 150 areas takes no
 * new page for them (one would be missing at its end, or come and go in
 * the middle): 200 separate areas, then none. */
void vt_grow_areas(void);

/* vt_handoff(poke, wait): tell another process "go" and wait for its
 * answer, through copy-on-write itself: write to *poke, a private page
 * both share since a fork (our copy makes its reference count 1 for the
 * other side), then poll until page_refs(wait) is 1 (the other side
 * wrote its page). Either may be NULL. Fails after limit_ms. */
void vt_handoff(volatile char *poke, const volatile char *wait,
                unsigned limit_ms);

/* ---- memory access (vt.c) ----------------------------------------------- */
enum vt_access { VT_READ, VT_WRITE, VT_EXEC };
unsigned char vt_peek(uintptr_t a);
void vt_poke(uintptr_t a, unsigned char v);
/* MUST_FAULT(how, addr): in a forked child, read/write/execute at addr;
 * the child must die of SIGSEGV. */
#define MUST_FAULT(how, addr) vt_must_fault(__FILE__, __LINE__, how, addr)
void vt_must_fault(const char *file, int line, enum vt_access how,
                   uintptr_t addr);
/* MAP(addr, len, prot, flags): vt_mmap that must succeed (at addr if
 * MAP_FIXED); returns the address. */
#define MAP(addr, len, prot, flags) \
    vt_map(__FILE__, __LINE__, (addr), (len), (prot), (flags))
uintptr_t vt_map(const char *file, int line, uintptr_t addr, size_t len,
                 long prot, long flags);
/* vt_anchor(addr): map and touch one page at addr (MAP_FIXED), so that
 * the page tables around it exist from now on and never empty: counts
 * taken afterwards see data pages only, whether or not munmap frees the
 * tables it empties (the "tables" test checks that it does).
 * vt_anchor_top(): the same where the kernel places what it chooses (the
 * first mmap(NULL) goes to the top of the mmap range, later small ones
 * just below it); returns the address. */
void vt_anchor(uintptr_t addr);
uintptr_t vt_anchor_top(void);
/* fill/check a page with a pattern made from a tag (vt.c). */
void vt_fill(uintptr_t page, unsigned tag);
int vt_holds(uintptr_t page, unsigned tag);
/* vt_holds_except: the same, but bytes [lo, hi) may hold anything. */
int vt_holds_except(uintptr_t page, unsigned tag, size_t lo, size_t hi);
int vt_zero(uintptr_t page);
static inline uintptr_t vt_opaque(uintptr_t x)
{
    __asm__ volatile("" : "+r"(x));
    return x;
}

/* ---- the tests ---------------------------------------------------------- */
void test_lazy(void);
void test_tables(void);
void test_pagealloc(void);
void test_brk(void);
void test_errors(void);
void test_shmerrors(void);
void test_split(void);
void test_fixed(void);
void test_mremap(void);
void test_mprotect(void);
void test_cow(void);
void test_cowchain(void);
void test_consensus(void);
void test_sharedlazy(void);
void test_shmkey(void);
void test_shmsurvive(void);
void test_shmrmid(void);
void test_shmrdonly(void);
void test_stack(void);
void test_stackoverflow(void);
void test_oom(void);
void test_oomcow(void);
void test_random(void);
void test_oomfixed(void);
void test_arealimit(void);
void test_readcow(void);
#endif
