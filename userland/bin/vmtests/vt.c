/* vt.c -- the vmtests helpers: the raw calls, failure reports, fork and
 * wait wrappers, expected faults, settling and handing off. */
#include "vt.h"


/* ---- the raw calls ------------------------------------------------------ */
long vt_mmap(uintptr_t addr, size_t len, long prot, long flags, long fd,
             long off)
{
    return sys_mmap((long)addr, (long)len, prot, flags, fd, off);
}
long vt_munmap(uintptr_t addr, size_t len)
{
    return sys_munmap((long)addr, (long)len);
}
long vt_mprotect(uintptr_t addr, size_t len, long prot)
{
    return sys_mprotect((long)addr, (long)len, prot);
}
long vt_brk(uintptr_t addr) { return sys_brk((long)addr); }
long vt_shmget(long key, size_t size, long flags)
{
    return sys_shmget(key, (long)size, flags);
}
long vt_shmat(long id, uintptr_t addr, long flags)
{
    return sys_shmat(id, (long)addr, flags);
}
long vt_shmdt(uintptr_t addr) { return sys_shmdt((long)addr); }
long vt_shmctl(long id, long cmd, uintptr_t buf)
{
    return sys_shmctl(id, cmd, (long)buf);
}

/* ---- reports ------------------------------------------------------------ */
void vt_check_pages(const char *file, int line, const char *what,
                    long before, long after, long want, long slack)
{
    long got = after - before;
    if (got < want - slack || got > want + slack)
        testrun_fail(file, line, "%s: free pages %ld -> %ld (change %ld), want "
                "change %ld (+-%ld)", what, before, after, got, want, slack);
}

/* ---- processes ---------------------------------------------------------- */
static long vt_data_anchor = 1;     /* a .data variable */

void vt_settle(void)
{
    volatile char stack[24 * 1024];
    for (size_t i = 0; i < sizeof stack; i += 512)
        stack[i] = 0;
    extern char _end[];
    uintptr_t lo = (uintptr_t)&vt_data_anchor, a[] = {
        (uintptr_t)&errno, (uintptr_t)&testrun_name, (uintptr_t)&testrun_test_pid,
    };
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        lo = a[i] < lo ? a[i] : lo;
    for (uintptr_t p = PAGE_ALIGN_DOWN(lo); p < (uintptr_t)_end; p += PG)
        *(volatile char *)p = *(volatile char *)p;
}

void vt_grow_areas(void)
{
    const uintptr_t base = 0x7e0000000000UL;    /* never used otherwise */
    for (uintptr_t i = 0; i < 200; i++)
        MAP(base + 2 * i * PG, PG, PROT_NONE, MAP_ANON_PRIVATE | MAP_FIXED);
    CHECK_EQ(vt_munmap(base, 400 * PG), 0);
}

void vt_handoff(volatile char *poke, const volatile char *wait,
                unsigned limit_ms)
{
    if (poke)
        *poke = (char)(*poke + 1);
    if (!wait)
        return;
    for (unsigned ms = 0, n = 0; page_refs((const void *)wait) != 1; n++) {
        sys_sched_yield();
        if (n % 64 == 63) {
            testrun_msleep(10);
            ms += 10;
            if (ms > limit_ms)
                FAIL("no answer through page %p after %u ms (refs %ld)",
                     (const void *)wait, ms, page_refs((const void *)wait));
        }
    }
}

/* ---- memory ------------------------------------------------------------- */
unsigned char vt_peek(uintptr_t a)
{
    unsigned char v;
    __asm__ volatile("movb (%1), %0" : "=r"(v) : "r"(vt_opaque(a)) : "memory");
    return v;
}

void vt_poke(uintptr_t a, unsigned char v)
{
    __asm__ volatile("movb %1, (%0)" : : "r"(vt_opaque(a)), "r"(v) : "memory");
}

void vt_must_fault(const char *file, int line, enum vt_access how,
                   uintptr_t addr)
{
    static const char *const names[] = { "read", "write", "fetch" };
    pid_t pid = testrun_fork(file, line);
    if (pid == 0) {
        printf("vmtests: %s: must fault: %s at %p\n", testrun_name, names[how],
               (void *)addr);
        if (how == VT_READ)
            vt_peek(addr);
        else if (how == VT_WRITE)
            vt_poke(addr, 0x5a);
        else
            ((void (*)(void))vt_opaque(addr))();
        testrun_fail(file, line, "%s at %p did not fault", names[how],
                (void *)addr);
    }
    char s[32], v[48];
    int status = 0;
    long r = sys_wait4(pid, (long)&status, 0, 0);
    if (r != pid)
        testrun_fail(file, line, "wait4(%d): got %s", pid, testrun_val(r, v));
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV))
        testrun_fail(file, line, "%s at %p: child %s, want signal %d (SIGSEGV)",
                names[how], (void *)addr, testrun_status(status, s), SIGSEGV);
}

uintptr_t vt_map(const char *file, int line, uintptr_t addr, size_t len,
                 long prot, long flags)
{
    char v[48];
    long r = vt_mmap(addr, len, prot, flags, -1, 0);
    if (r < 0 || ((flags & MAP_FIXED) && (uintptr_t)r != addr))
        testrun_fail(file, line, "mmap(%p, 0x%zx, %ld, 0x%lx): %s", (void *)addr,
                len, prot, flags, testrun_val(r, v));
    return (uintptr_t)r;
}

void vt_anchor(uintptr_t addr)
{
    vt_poke(MAP(addr, PG, PROT_RW, MAP_ANON_PRIVATE | MAP_FIXED), 1);
}

uintptr_t vt_anchor_top(void)
{
    uintptr_t a = MAP(0, PG, PROT_RW, MAP_ANON_PRIVATE);
    vt_poke(a, 1);
    return a;
}

/* The pattern does not depend on where the page is mapped: a shared page
 * holds the same pattern at every address. Tests give pages of one area
 * different tags, so that a page in the wrong place shows. */
static uint64_t pattern(uintptr_t page, unsigned tag, size_t i)
{
    (void)page;
    return ((uint64_t)tag << 32) ^ (0x9e3779b97f4a7c15ULL * (i + 1));
}

void vt_fill(uintptr_t page, unsigned tag)
{
    volatile uint64_t *w = (volatile uint64_t *)page;
    for (size_t i = 0; i < PG / 8; i++)
        w[i] = pattern(page, tag, i);
}

int vt_holds_except(uintptr_t page, unsigned tag, size_t lo, size_t hi)
{
    const volatile uint64_t *w = (const volatile uint64_t *)page;
    for (size_t i = 0; i < PG / 8; i++)
        if ((i * 8 + 8 <= lo || i * 8 >= hi) && w[i] != pattern(page, tag, i))
            return 0;
    return 1;
}

int vt_holds(uintptr_t page, unsigned tag)
{
    return vt_holds_except(page, tag, 0, 0);
}

int vt_zero(uintptr_t page)
{
    const volatile uint64_t *w = (const volatile uint64_t *)page;
    for (size_t i = 0; i < PG / 8; i++)
        if (w[i])
            return 0;
    return 1;
}
