/* consensus -- processes agree on one value through a shared page: after
 * UCAS OS's shared-memory test (consensus), on weensy's System V shared
 * memory.
 *
 *   consensus [N] [--seed S]
 *
 * The parent makes a one-page segment (shmget(IPC_PRIVATE), shmat), forks
 * N workers (default 3), which keep it attached across fork, and opens a
 * start gate once all exist, so that they really race. Each worker proposes
 * S * 1000 + its pid (S defaults to 1) and tries one compare-and-swap of
 * the page's "decided" word from 0 to its proposal: the first one wins,
 * every other CAS fails. All then meet at a barrier (a counter in the page),
 * and each prints what it proposed and what was decided, and records the
 * latter in its slot. The parent reaps them, checks that exactly one won
 * and every slot holds the winner's value, and prints
 * "consensus: N processes agreed on W" (or DISAGREEMENT, exit 1).
 *
 * Waits spin with sched_yield, each for at most WAIT_MS: a lost worker or
 * a page that is not really shared makes the others give up with a message
 * and exit 1 instead of hanging. If the parent is killed, the workers wait
 * out the gate (or the barrier), give up, and exit.
 */
#include "weensy.h"

#define DEFAULT_WORKERS 3
#define MAX_WORKERS 32           /* weensy has 64 process slots */
#define WAIT_MS 10000            /* generous: forks are slow under mm_check=always */

/* The shared page. */
struct board {
    int go;                      /* 1: all workers forked; -1: give up */
    int arrived;                 /* the barrier: workers past their CAS */
    uint64_t decided;            /* 0 until the first CAS */
    pid_t pid[MAX_WORKERS];
    uint64_t proposal[MAX_WORKERS];
    uint64_t seen[MAX_WORKERS];  /* what each worker saw decided */
    uint8_t won[MAX_WORKERS];    /* 1: this worker's CAS succeeded */
};
_Static_assert(sizeof(struct board) <= 4096, "the board is one page");

static void usage(void)
{
    printf("usage: consensus [N] [--seed S]   (1 <= N <= %d, default %d)\n",
           MAX_WORKERS, DEFAULT_WORKERS);
    exit(2);
}

static uint64_t number(const char *s, uint64_t lo, uint64_t hi)
{
    char *end;
    errno = 0;
    uint64_t v = strtoul(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || errno || v < lo || v > hi) {
        printf("consensus: '%s' is not a number from %lu to %lu\n", s, lo, hi);
        usage();
    }
    return v;
}

/* give_up: yield once; true when WAIT_MS have passed since start. */
static bool give_up(long start)
{
    sched_yield();
    return now_ms() - start > WAIT_MS;
}

static int load(int *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }

/* worker i: wait for the gate, propose, meet the others, report. */
static noreturn void worker(struct board *b, int i, int n, uint64_t seed)
{
    long start = now_ms();
    while (load(&b->go) == 0)
        if (give_up(start))
            break;
    if (load(&b->go) != 1)
        exit(1);                         /* the parent gave up, or vanished */

    pid_t me = getpid();
    uint64_t mine = seed * 1000 + (uint64_t)me;
    if (mine == 0)
        mine = 1;                        /* 0 means "undecided" */
    b->pid[i] = me;
    b->proposal[i] = mine;
    uint64_t expected = 0;
    b->won[i] = __atomic_compare_exchange_n(&b->decided, &expected, mine, false,
                                            __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    __atomic_fetch_add(&b->arrived, 1, __ATOMIC_ACQ_REL);

    start = now_ms();
    while (load(&b->arrived) < n)
        if (give_up(start)) {
            printf("consensus: pid %d gave up at the barrier: %d of %d arrived\n", me,
                   load(&b->arrived), n);
            exit(1);
        }
    uint64_t decided = __atomic_load_n(&b->decided, __ATOMIC_ACQUIRE);
    printf("consensus: pid %d proposed %lu, decided %lu\n", me, mine, decided);
    __atomic_store_n(&b->seen[i], decided, __ATOMIC_RELEASE);
    exit(0);
}

/* reap: wait for n workers; true if every one exited with 0. */
static bool reap(int n)
{
    bool ok = true;
    for (int k = 0; k < n; k++) {
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0)
            return false;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            printf("consensus: worker %d FAILED (wait status 0x%x)\n", pid, status);
            ok = false;
        }
    }
    return ok;
}

/* verdict: exactly one winner, whose proposal every worker saw. */
static bool verdict(const struct board *b, int n)
{
    int winners = 0, winner = 0;
    for (int i = 0; i < n; i++)
        if (b->won[i]) {
            winners++;
            winner = i;
        }
    bool ok = winners == 1 && b->decided == b->proposal[winner];
    for (int i = 0; i < n; i++)
        if (b->seen[i] != b->decided) {
            printf("consensus: DISAGREEMENT: pid %d saw %lu, the page holds %lu\n",
                   b->pid[i], b->seen[i], b->decided);
            ok = false;
        }
    if (!ok) {
        printf("consensus: DISAGREEMENT: %d CAS winners for %d processes\n", winners, n);
        return false;
    }
    printf("consensus: %d processes agreed on %lu (pid %d's proposal)\n", n,
           b->decided, b->pid[winner]);
    return true;
}

/* board_new: a fresh one-page segment, attached and already marked for
 * removal: weensy (like Linux) keeps a removed segment while any mapping
 * holds it, and fork copies the mapping, so the workers still share it;
 * and since it is marked at once, no way this program ends, not even
 * being killed, can leave its page behind. */
static struct board *board_new(void)
{
    int id = shmget(IPC_PRIVATE, sizeof(struct board), IPC_CREAT | 0600);
    if (id < 0) {
        printf("consensus: shmget: error %d\n", errno);
        return NULL;
    }
    struct board *b = shmat(id, NULL, 0);
    if (shmctl(id, IPC_RMID, NULL) < 0)
        printf("consensus: shmctl(IPC_RMID): error %d\n", errno);
    if (b == (void *)-1) {
        printf("consensus: shmat: error %d\n", errno);
        return NULL;
    }
    return b;
}

int main(int argc, char **argv)
{
    int n = DEFAULT_WORKERS;
    uint64_t seed = 1;
    bool have_n = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = number(argv[++i], 0, 1000000);
        else if (!have_n && argv[i][0] != '-') {
            n = (int)number(argv[i], 1, MAX_WORKERS);
            have_n = true;
        } else
            usage();
    }
    struct board *b = board_new();
    if (!b)
        return 1;
    int forked = 0;
    for (; forked < n; forked++) {
        pid_t pid = fork();
        if (pid == 0)
            worker(b, forked, n, seed);
        if (pid < 0) {
            printf("consensus: fork: error %d\n", errno);
            break;
        }
    }
    /* Open the gate, or (after a failed fork) tell the workers to leave. */
    __atomic_store_n(&b->go, forked == n ? 1 : -1, __ATOMIC_RELEASE);
    bool ok = reap(forked) && forked == n && verdict(b, n);
    shmdt(b);                            /* the last mapping: the page is freed */
    return ok ? 0 : 1;
}
