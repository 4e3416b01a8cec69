/* round.c -- the coordinator's rounds. It makes no random call itself: it
 * starts the workers, watches them make progress, ends the round (when
 * they are all done, when none has made a call for a while, or at the
 * round's time limit) by killing what is left, reaps everything, and then
 * checks the kernel:
 *
 *  - every process of the round is gone within REAP_MS of SIGKILL (a
 *    process that cannot die is a kernel bug: its last calls are printed);
 *  - once the round's files are gone from /tmp (tmpclean.c), the free
 *    pages plus the page caches are what they were before the first round
 *    (a leak);
 *  - mm_check() is clean (it panics the kernel otherwise: the harness
 *    then fails the run);
 *  - the kernel still forks, no worker saw an answer it must not get, and
 *    the shared page still holds what the coordinator put there.
 *
 * As init (the test harness, scripts/fuzz), kill(-1) reaches every process
 * of the round and every orphan comes back to be reaped. Started from the
 * shell, it kills the round's processes one by one and skips the page
 * check: orphans go to the shell, which reaps them only later.
 */
#include "fuzz.h"

#define STALL_MS 30              /* no call made by anyone for this long: stuck */
#define START_MS 2000            /* ... or, before the first call, still starting (each
                                  * worker makes its directory and files first) */
#define ROUND_MS 30000           /* a round never takes longer */
#define REAP_MS 5000             /* SIGKILL to reaped */
#define FAULT_RINGS 3            /* rings printed for processes that faulted */
#define SHARED_GUARD (16 * 4096) /* more than any one call writes */

struct fuzz_shared *fz;
struct fuzz_run run;
static struct termios saved_tio;
static bool have_tio;
static int saved_fg;
static long baseline = -1;
static struct weensy_procinfo plist[64];
static bool verbose;

static long free_plus_cache(void)
{
    struct weensy_meminfo m;
    if (meminfo(&m) != 0)
        return -1;
    return (long)(m.free + m.program_cache);
}

/* touch_own: write every page the coordinator writes in a round, so each
 * is its own (not copy-on-write) now, while memory is plentiful. */
static void touch_own(void)
{
    volatile char stack[64 * 1024];
    for (size_t i = 0; i < sizeof stack; i += 4096)
        stack[i] = 0;
    /* all of it: procs() writes only as many records as there are
     * processes, and a round with more than ever before would otherwise
     * take a page of it for the first time (a "leak" of one page, seen at
     * -smp 2) */
    memset(plist, 0, sizeof plist);
    procs(plist, 64);
    free_plus_cache();
    tmp_touch();
}

/* Everything the checks will touch is touched now, so the coordinator's
 * own pages do not move the count between rounds. */
static void pretouch(void)
{
    touch_own();
    tmp_clean();
}

static void restore_console(void)
{
    if (have_tio)
        sys_ioctl(0, TCSETS, (long)&saved_tio);
    if (saved_fg > 0)
        sys_ioctl(0, TIOCSPGRP, (long)&saved_fg);
}

/* System V segments outlive their makers until IPC_RMID (if never
 * attached): remove every one, so each round starts with a free table. */
static void remove_segments(void)
{
    for (long id = 0; id < 32; id++)
        sys_shmctl(id, IPC_RMID, 0);
}

/* The shared page, between two inaccessible areas: a write the kernel
 * makes for a worker into a buffer just below (procs() writes up to 64
 * records) stops there instead of running on into the coordinator's page.
 * All three are guarded (guard.c). */
static void map_shared(void)
{
    size_t len = (sizeof(struct fuzz_shared) + 4095) & ~4095UL;
    char *all = mmap(NULL, len + 2 * SHARED_GUARD, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fz = all == MAP_FAILED ? MAP_FAILED
                           : mmap(all + SHARED_GUARD, len, PROT_READ | PROT_WRITE,
                                  MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (fz == MAP_FAILED) {
        printf("fuzz: cannot map the shared page\n");
        exit(2);
    }
    memset(fz, 0, len);
    fz->magic = fz->magic_end = FUZZ_MAGIC;
    fuzz_mem.shared = (uintptr_t)all;
    fuzz_mem.shared_len = len + 2 * SHARED_GUARD;
}

void round_setup(const struct fuzz_opts *o)
{
    map_shared();
    run.coord_pid = getpid();
    run.coord_pgid = getpgrp();
    run.coord_is_init = run.coord_pid == 1;
    run.seed = o->seed;
    run.trace = o->trace;
    run.harm = o->harm;
    verbose = o->trace;
    args_setup();
    args_fs_setup();
    tmp_setup();
    have_tio = tcgetattr(0, &saved_tio) == 0;
    saved_fg = tcgetpgrp(0);
    remove_segments();
    pretouch();
    baseline = free_plus_cache();
    struct weensy_meminfo m;
    run.files_min_free = meminfo(&m) == 0 ? (long)m.free / 4 : 0;
}

/* ---- the round's processes ------------------------------------------------------ */

static int slot_of(int pid)
{
    for (int i = 0; i < fz->nslots && i < FUZZ_SLOTS; i++)
        if (fz->slots[i].pid == pid)
            return i;
    return -1;
}

static uint64_t calls_made(void)
{
    uint64_t n = 0;
    for (int i = 0; i < fz->nslots && i < FUZZ_SLOTS; i++)
        n += fz->slots[i].ncalls;
    return n;
}

static bool fault_signal(int sig)
{
    return sig == SIGSEGV || sig == SIGILL || sig == SIGBUS || sig == SIGFPE || sig == SIGTRAP;
}

static void account(int pid, int status, struct round_result *res)
{
    if (!WIFSIGNALED(status))
        return;
    res->signalled++;
    if (!fault_signal(WTERMSIG(status)))
        return;
    if (verbose && res->faulted < FAULT_RINGS && slot_of(pid) >= 0)
        report_ring(slot_of(pid), "died of a fault");
    res->faulted++;
}

/* reap: every child that has ended; false once there are none at all. */
static bool reap(struct round_result *res)
{
    for (;;) {
        int status = 0;
        long pid = sys_wait4(-1, (long)&status, WNOHANG, 0);
        if (pid == -ECHILD)
            return false;
        if (pid <= 0)
            return true;
        account((int)pid, status, res);
    }
}

/* The round's processes still running (not zombies), when not init. */
static int others_alive(void)
{
    long n = procs(plist, 64);
    int alive = 0;
    for (long i = 0; i < n && i < 64; i++)
        if (plist[i].state != WEENSY_PS_ZOMBIE && plist[i].pid != run.coord_pid &&
            slot_of(plist[i].pid) >= 0)
            alive++;
    return alive;
}

static bool round_alive(struct round_result *res)
{
    bool children = reap(res);
    return run.coord_is_init ? children : children || others_alive() > 0;
}

static void start_workers(const struct fuzz_opts *o, int round)
{
    int64_t budget = (int64_t)(o->round_calls / (uint64_t)o->procs);
    for (int i = 0; i < o->procs; i++) {
        int slot = worker_take_slot(-1);
        if (slot < 0)
            return;
        uint64_t stream = fuzz_mix(o->seed ^ fuzz_mix(((uint64_t)round << 20) + (uint64_t)i));
        long pid = sys_fork();
        if (pid == 0)
            worker_run(slot, stream, budget);
        if (pid < 0)
            fz->slots[slot].state = SLOT_FREE;
        else
            fz->slots[slot].pid = (int)pid;
    }
}

/* Wait until the round is over: everyone done, stuck, or out of time. */
static void watch(long t0, struct round_result *res)
{
    uint64_t last = 0;
    long last_change = now_ms();
    while (round_alive(res)) {
        sys_sched_yield();
        uint64_t n = calls_made();
        long now = now_ms();
        if (n != last) {
            last = n;
            last_change = now;
        } else if (now - last_change > (n ? STALL_MS : START_MS)) {
            break;
        }
        if (now - t0 > ROUND_MS)
            break;
    }
}

static void kill_round(void)
{
    if (run.coord_is_init) {
        sys_kill(-1, SIGKILL);
        return;
    }
    for (int i = 0; i < fz->nslots && i < FUZZ_SLOTS; i++)
        if (fz->slots[i].pid > 0 && fz->slots[i].pid != run.coord_pid)
            sys_kill(fz->slots[i].pid, SIGKILL);
}

/* Kill what is left and reap it all; the processes that would not die. */
static int end_round(struct round_result *res)
{
    long t0 = now_ms();
    kill_round();
    while (round_alive(res)) {
        if (now_ms() - t0 > REAP_MS)
            break;
        sys_sched_yield();
        kill_round();            /* children forked meanwhile, too */
    }
    int hung = 0;
    long n = procs(plist, 64);
    for (long i = 0; i < n && i < 64; i++) {
        int pid = plist[i].pid;
        if (pid == run.coord_pid || pid == 1 || plist[i].state == WEENSY_PS_ZOMBIE || slot_of(pid) < 0)
            continue;
        printf("fuzz: pid %d (%s, state %c) did not die %d ms after SIGKILL\n", pid, plist[i].name,
               plist[i].state, REAP_MS);
        report_ring(slot_of(pid), "hung");
        hung++;
    }
    return hung;
}

/* ---- the checks ------------------------------------------------------------------ */

static bool check_pages(int round)
{
    if (!run.coord_is_init)
        return true;             /* orphans are the shell's to reap: no exact count */
    long now = free_plus_cache();
    for (int i = 0; i < 10 && now != baseline; i++) {
        sleep_ms(20);
        now = free_plus_cache();
    }
    if (now == baseline)
        return true;
    printf("fuzz: round %d: free pages + program cache %ld, baseline %ld: LEAK of %ld pages\n", round,
           now, baseline, baseline - now);
    report_last_calls();
    return false;
}

static const char *const bad_why[] = {
    "saw something wrong", "got an answer other than ENOSYS for no call",
    "was told by getpid that it is someone else",
    "got an error its call's documentation does not list",
};

static bool check_bad(void)
{
    bool ok = true;
    for (int i = 0; i < fz->nslots && i < FUZZ_SLOTS; i++)
        if (fz->slots[i].bad) {
            report_ring(i, bad_why[fz->slots[i].bad < 4 ? fz->slots[i].bad : 0]);
            report_bad_call(i);
            ok = false;
        }
    return ok;
}

/* The kernel still forks, exits and reaps (the child may be killed: with
 * failalloc its first page fault can fail). */
static bool check_alive(void)
{
    long pid = sys_fork();
    if (pid == 0)
        sys_exit(7);
    int status;
    if (pid < 0 || sys_wait4(pid, (long)&status, 0, 0) != pid) {
        printf("fuzz: the coordinator cannot fork and reap any more (fork: %ld)\n", pid);
        return false;
    }
    return true;
}

/* The shared page still holds what the coordinator put there: the guards
 * keep workers' own writes (and the kernel's, for them) off it. */
static bool check_shared(void)
{
    if (fz->magic == FUZZ_MAGIC && fz->magic_end == FUZZ_MAGIC)
        return true;
    printf("fuzz: the shared page was overwritten (magic %#lx, end %#lx); it begins:\n", fz->magic,
           fz->magic_end);
    const unsigned char *b = (const unsigned char *)fz;
    for (int row = 0; row < 8; row++) {
        char hex[64], text[20];
        for (int i = 0; i < 16; i++) {
            unsigned char c = b[row * 16 + i];
            snprintf(hex + 3 * i, 4, "%02x ", c);
            text[i] = c >= ' ' && c <= '~' ? (char)c : '.';
        }
        text[16] = 0;
        printf("fuzz:   %04x  %s %s\n", row * 16, hex, text);
    }
    return false;
}

static bool round_checks(int round, struct round_result *res)
{
    restore_console();
    remove_segments();
    bool ok = res->hung == 0 && check_shared();
    ok = check_bad() && ok;
    ok = tmp_clean() && ok;      /* the killed workers' files: before the pages are counted */
    ok = check_pages(round) && ok;
    long r = sys_mm_check();
    if (r != 0 && r != -EPERM) {
        printf("fuzz: mm_check: %ld\n", r);
        ok = false;
    }
    return check_alive() && ok;
}

bool round_run(const struct fuzz_opts *o, int round, struct round_result *res)
{
    *res = (struct round_result){ 0 };
    fz->nslots = 0;
    fz->dumps = 0;
    run.round = round;
    run.max_dumps = o->dump_every > 0 && round % o->dump_every == 0;
    long t0 = now_ms();
    __atomic_store_n(&fz->go, 0, __ATOMIC_RELAXED);
    start_workers(o, round);
    /* After the forks the coordinator's pages are copy-on-write: its
     * writes would take pages later, when the workers (and their files)
     * may have taken them all, and it would die of it (fuzz.lowmem did,
     * as init). So it writes them now, and only then lets the workers
     * start, while memory is as the last round left it. */
    touch_own();
    __atomic_store_n(&fz->go, 1, __ATOMIC_RELEASE);
    watch(t0, res);
    res->hung = end_round(res);
    res->calls = calls_made();
    res->processes = fz->nslots;
    for (int i = 0; i < fz->nslots && i < FUZZ_SLOTS; i++)
        res->forks += fz->slots[i].parent_slot >= 0;
    res->ms = now_ms() - t0;
    res->ok = round_checks(round, res);
    return res->ok;
}
