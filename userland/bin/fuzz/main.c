/* fuzz -- many processes make random system calls; the kernel must not
 * panic, hang or leak (fuzz.h says how; docs/testing.md, "The fuzzer").
 *
 *   fuzz [--seed S] [--calls N] [--seconds T] [--procs P] [--round-calls C]
 *        [--round R] [--dumps K] [--self-harm K] [--trace] [--quiet]
 *
 *   --seed S         the run (default: from the clock, printed)
 *   --calls N        stop after N calls (default 100000)
 *   --seconds T      or after T seconds, whichever comes first
 *   --procs P        workers each round starts (default 8)
 *   --round-calls C  calls a round aims at (default 20000)
 *   --round R        start at round R (replays a round of a seed)
 *   --dumps K        a round may take one memory dump every K rounds
 *                    (default 10; 0: never)
 *   --self-harm K    one call in K that the guards would change to spare
 *                    the fuzzer's own memory is let through (default 50;
 *                    0: never)
 *   --trace          every call printed before it is made (slow)
 *   --quiet          no line per round
 *   fuzz --exec-probe    exit at once with 0 (what the workers' execve runs)
 *   fuzz --clean         remove what runs killed before their end left in
 *                        /tmp (the workers' directories fz*, and the
 *                        pool's names) and exit
 *
 * Exits 0 if every round passed its checks, 1 otherwise, 2 on bad usage. */
#include "fuzz.h"

#define IDLE_ROUNDS 20

static noreturn void usage(const char *why)
{
    printf("fuzz: %s\nusage: fuzz [--seed S] [--calls N] [--seconds T] [--procs P] "
           "[--round-calls C] [--round R] [--dumps K] [--self-harm K] [--trace] [--quiet]\n", why);
    exit(2);
}

static uint64_t number(const char *opt, const char *s)
{
    char *end;
    if (!s)
        usage("an option needs a value");
    unsigned long v = strtoul(s, &end, 0);
    if (*end || !*s) {
        printf("fuzz: %s: '%s' is not a number\n", opt, s);
        usage("bad value");
    }
    return v;
}

static void parse(int argc, char **argv, struct fuzz_opts *o)
{
    *o = (struct fuzz_opts){ .calls = 100000, .procs = 8, .round_calls = 20000, .dump_every = 10,
                             .harm = 50 };
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    o->seed = fuzz_mix((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32)) % 1000000000;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--trace") == 0)
            o->trace = true;
        else if (strcmp(a, "--quiet") == 0)
            o->quiet = true;
        else if (strcmp(a, "--seed") == 0 && ++i)
            o->seed = number(a, v);
        else if (strcmp(a, "--calls") == 0 && ++i)
            o->calls = number(a, v);
        else if (strcmp(a, "--seconds") == 0 && ++i)
            o->seconds = (long)number(a, v);
        else if (strcmp(a, "--procs") == 0 && ++i)
            o->procs = (int)number(a, v);
        else if (strcmp(a, "--round-calls") == 0 && ++i)
            o->round_calls = number(a, v);
        else if (strcmp(a, "--round") == 0 && ++i)
            o->first_round = (int)number(a, v);
        else if (strcmp(a, "--dumps") == 0 && ++i)
            o->dump_every = (int)number(a, v);
        else if (strcmp(a, "--self-harm") == 0 && ++i)
            o->harm = (int)number(a, v);
        else
            usage("unknown option");
    }
    if (o->procs < 1 || o->procs > 32)
        usage("--procs: 1 to 32");
    if (o->round_calls < (uint64_t)o->procs)
        usage("--round-calls: at least one call per process");
}

static void round_line(int round, const struct round_result *r, long total)
{
    printf("fuzz: round %d: %lu calls, %d processes (%d forked), %d signalled (%d by faults), "
           "%ld ms; %ld calls so far: %s\n", round, r->calls, r->processes, r->forks, r->signalled,
           r->faulted, r->ms, total, r->ok ? "ok" : "FAILED");
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--exec-probe") == 0)
        return 0;
    if (argc == 2 && strcmp(argv[1], "--clean") == 0)
        return tmp_remove_leftovers() ? 0 : 1;
    struct fuzz_opts o;
    parse(argc, argv, &o);
    calls_init();
    printf("fuzz: seed %lu, %lu calls, %d processes a round of %lu calls, %d calls (and touch) and %d "
           "numbers that are not; pid %d%s\n", o.seed, o.calls, o.procs, o.round_calls, fuzz_nreal - 1,
           fuzz_ncalls - fuzz_nreal, getpid(), getpid() == 1 ? " (init)" : "");
    round_setup(&o);
    long t0 = now_ms();
    uint64_t total = 0;
    int round = o.first_round, idle = 0;
    bool ok = true;
    while (ok && total < o.calls && (!o.seconds || now_ms() - t0 < o.seconds * 1000)) {
        struct round_result res;
        ok = round_run(&o, round, &res);
        total += res.calls;
        idle = res.calls ? 0 : idle + 1;
        if (!o.quiet || !ok)
            round_line(round, &res, (long)total);
        if (res.processes == 0) {
            printf("fuzz: round %d could not start a single worker\n", round);
            ok = false;
        } else if (idle == IDLE_ROUNDS) {
            /* Not the kernel's fault: with allocations failing often
             * enough, workers die of their first page faults. */
            printf("fuzz: %d rounds in a row made no call (workers die before their first): stopping\n",
                   IDLE_ROUNDS);
            break;
        }
        round++;
    }
    long ms = now_ms() - t0;
    report_calls();
    if (ok)
        printf("fuzz: PASS: %lu calls in %d rounds, %ld ms (%lu calls/s), seed %lu\n", total,
               round - o.first_round, ms, ms ? total * 1000 / (uint64_t)ms : 0, o.seed);
    else
        printf("fuzz: FAIL in round %d, seed %lu (replay: fuzz --seed %lu --round %d --procs %d "
               "--round-calls %lu)\n", round - 1, o.seed, o.seed, round - 1, o.procs, o.round_calls);
    return ok ? 0 : 1;
}
