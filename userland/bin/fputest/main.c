/* fputest -- every thread's x87, SSE and AVX registers are its own
 * (proc/fpu_switch.h, docs/linux-abi.md):
 *
 *   fputest [PROCS [ROUNDS]]     the checks below (default 6 processes, 300 rounds)
 *   fputest --fresh              (exec'd by the exec check) the starting state
 *
 * - math: SSE arithmetic gives IEEE's results (user code is compiled with
 *   SSE now);
 * - hold: PROCS processes and then 3 threads of one process each load
 *   every XMM register (and the YMM upper halves, where the CPU has AVX),
 *   st0 and MXCSR with values of their own and yield ROUNDS times,
 *   checking them all after each yield, on however many CPUs there are;
 * - faults: page faults that clear a page (first touch) and copy one
 *   (copy-on-write, parent and child at once) leave every XMM and YMM
 *   register as the program had it (the kernel clears and copies pages
 *   with vector registers where that is fastest: arch/x86_64/page_move.c);
 * - fork: the child starts with the parent's registers;
 * - exec: a program starts with MXCSR 0x1f80, x87 control word 0x37f and
 *   zeroed registers, whatever its parent left in them;
 * - sigfpe: an unmasked SSE or x87 divide by zero kills only the thread
 *   that did it, with SIGFPE (QEMU's TCG raises no #XM for SSE: there
 *   the SSE case says it could not be checked).
 *
 * Exit status 0 if everything held. */
#include "weensy.h"
#include "thread.h"

long fpu_hold(const void *xmm, uint64_t x87, uint32_t mxcsr, long rounds, const void *yhi);
long fpu_touch_check(const void *xmm, const void *yhi, char *base, long pages);
long fpu_fork_check(const void *xmm, uint32_t mxcsr, int *parent_ok);
void fpu_dirty(uint32_t mxcsr, uint16_t fcw);
void fpu_state(uint32_t *mxcsr, uint16_t *fcw, void *xmm15);
void fpu_trap_sse(void);
void fpu_trap_x87(void);

#define MXCSR_INIT 0x1f80
#define FCW_INIT 0x37f
#define MXCSR_RC_SHIFT 13            /* rounding control, bits 13-14 */

static long rounds = 300;
static int failures;

static void check(bool ok, const char *what)
{
    printf("fputest: %s: %s\n", what, ok ? "ok" : "FAILED");
    failures += !ok;
}

/* has_avx: the CPU has AVX and the kernel enabled it (XCR0's SSE and AVX
 * bits), so the YMM upper halves are checked too. */
static bool has_avx(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!((c >> 27) & 1) || !((c >> 28) & 1))   /* OSXSAVE, AVX */
        return false;
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;
}

/* The values of holder `who`: different in every byte from every other's. */
struct regs {
    uint8_t xmm[256], yhi[256];
    uint64_t x87;
    uint32_t mxcsr;
};

static void regs_of(int who, struct regs *r)
{
    uint64_t x = 0x9e3779b97f4a7c15ULL * (uint64_t)(who + 1);
    for (int i = 0; i < 256; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        r->xmm[i] = (uint8_t)x;
        r->yhi[i] = (uint8_t)(x >> 8);
    }
    double d = 1.0 + who / 7.0;
    memcpy(&r->x87, &d, sizeof d);
    r->mxcsr = MXCSR_INIT | ((uint32_t)(who % 4) << MXCSR_RC_SHIFT);
}

static long hold(int who)
{
    static struct regs r[16];
    struct regs *mine = &r[who % 16];
    regs_of(who, mine);
    return fpu_hold(mine->xmm, mine->x87, mine->mxcsr, rounds, has_avx() ? mine->yhi : NULL);
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static void test_math(void)
{
    volatile double one = 1.0, three = 3.0, a = 0.1, b = 0.2;
    double sum = 0;
    for (int k = 1; k <= 1000; k++)
        sum += 1.0 / ((double)k * k);
    check(bits(one / three) == 0x3fd5555555555555ULL && bits(a + b) == 0x3fd3333333333334ULL &&
              sum > 1.6439 && sum < 1.6440,
          "math: 1/3, 0.1 + 0.2 and a sum of 1/k^2 in SSE as IEEE says");
}

static void test_hold_procs(int procs)
{
    pid_t pids[32];
    int n = 0;
    for (int i = 1; i < procs && n < 32; i++) {
        pid_t c = fork();
        if (c == 0)
            exit(hold(i) == 0 ? 0 : 1);
        if (c > 0)
            pids[n++] = c;
    }
    long mine = hold(0);
    bool ok = mine == 0 && n == procs - 1;
    for (int i = 0; i < n; i++) {
        int st = 0;
        ok = waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0 && ok;
    }
    printf("fputest: %d processes, %ld yields each, %s\n", procs, rounds, has_avx() ? "with AVX" : "SSE only");
    check(ok, "hold: every process's registers held across its yields");
}

static void *thread_hold(void *arg)
{
    return (void *)hold((int)(uintptr_t)arg);
}

static void test_hold_threads(void)
{
    thread_t t[3];
    bool ok = true;
    for (int i = 0; i < 3; i++)
        ok = (t[i] = thread_create(thread_hold, (void *)(uintptr_t)(20 + i), 0)) != 0 && ok;
    long mine = hold(19);
    for (int i = 0; i < 3; i++) {
        void *res = (void *)1;
        ok = t[i] && thread_join(t[i], &res) == 0 && res == NULL && ok;
    }
    check(ok && mine == 0, "hold: 4 threads of one process, each with its own registers");
}

#define FAULT_PAGES 64

/* test_faults: first-touch faults, then copy-on-write faults in parent
 * and child at once, each side with registers of its own. */
static void test_faults(void)
{
    struct regs r, c;
    regs_of(7, &r);
    regs_of(8, &c);
    const void *ry = has_avx() ? r.yhi : NULL, *cy = has_avx() ? c.yhi : NULL;
    char *p = mmap(NULL, FAULT_PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        check(false, "faults: registers held across page faults that clear and copy pages");
        return;
    }
    bool ok = fpu_touch_check(r.xmm, ry, p, FAULT_PAGES) == 0;
    pid_t kid = fork();
    if (kid == 0)
        exit(fpu_touch_check(c.xmm, cy, p, FAULT_PAGES) == 0 ? 0 : 1);
    ok = fpu_touch_check(r.xmm, ry, p, FAULT_PAGES) == 0 && ok;
    int st = 0;
    ok = kid > 0 && waitpid(kid, &st, 0) == kid && WIFEXITED(st) && WEXITSTATUS(st) == 0 && ok;
    munmap(p, FAULT_PAGES * 4096);
    check(ok, "faults: registers held across page faults that clear and copy pages");
}

static void test_fork(void)
{
    struct regs r;
    regs_of(5, &r);
    int parent_ok = 0, st = 0;
    long c = fpu_fork_check(r.xmm, r.mxcsr, &parent_ok);
    bool ok = c > 0 && waitpid((pid_t)c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    check(ok && parent_ok, "fork: the child starts with its parent's registers and MXCSR");
}

static void test_exec(void)
{
    pid_t c = fork();
    if (c == 0) {
        fpu_dirty(MXCSR_INIT | (3u << MXCSR_RC_SHIFT), FCW_INIT & ~0x300);
        char *argv[] = { "fputest", "--fresh", NULL };
        execve("/bin/fputest", argv, NULL);
        exit(100);
    }
    int st = 0;
    bool ok = c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    check(ok, "exec: the new program starts with MXCSR 0x1f80, FCW 0x37f, xmm15 zero");
}

/* fresh: what exec must have left (xmm15 is one no compiled code before
 * main touches). */
static int fresh(void)
{
    uint32_t mxcsr;
    uint16_t fcw;
    uint8_t x15[16], zero[16] = { 0 };
    fpu_state(&mxcsr, &fcw, x15);
    if (mxcsr == MXCSR_INIT && fcw == FCW_INIT && memcmp(x15, zero, 16) == 0)
        return 0;
    printf("fputest: after exec MXCSR %#x, FCW %#x, xmm15 byte 0 %#x\n", mxcsr, fcw, x15[0]);
    return 1;
}

/* test_sigfpe: the child traps and dies with SIGFPE. A CPU that only
 * sets the exception's flag and goes on (QEMU's TCG raises no #XM for
 * SSE) makes the child end with 3 instead: said, not counted as failed,
 * as it is the CPU's doing, not the kernel's. */
static void test_sigfpe(void (*trap)(void), const char *what)
{
    pid_t c = fork();
    if (c == 0) {
        trap();
        uint32_t mxcsr;
        uint16_t fcw;
        uint8_t x15[16];
        fpu_state(&mxcsr, &fcw, x15);
        exit(mxcsr & 0x4 ? 3 : 0);   /* ZE set: flagged, not trapped */
    }
    int st = 0;
    bool done = c > 0 && waitpid(c, &st, 0) == c;
    if (done && WIFEXITED(st) && WEXITSTATUS(st) == 3) {
        printf("fputest: %s: not checked: this CPU flags the error without trapping\n", what);
        return;
    }
    check(done && WIFSIGNALED(st) && WTERMSIG(st) == SIGFPE, what);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--fresh") == 0)
        return fresh();
    int procs = argc > 1 ? atoi(argv[1]) : 6;
    if (argc > 2)
        rounds = atol(argv[2]);
    if (procs < 1 || procs > 32 || rounds < 1) {
        printf("usage: fputest [PROCS (1-32) [ROUNDS]]\n");
        return 2;
    }
    test_math();
    test_hold_procs(procs);
    test_hold_threads();
    test_faults();
    test_fork();
    test_exec();
    test_sigfpe(fpu_trap_sse, "sigfpe: an unmasked SSE divide by zero kills the thread with SIGFPE");
    test_sigfpe(fpu_trap_x87, "sigfpe: an unmasked x87 divide by zero kills the thread with SIGFPE");
    printf("fputest: %s\n", failures ? "FAILED" : "all passed");
    return failures ? 1 : 0;
}
