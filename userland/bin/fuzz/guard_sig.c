/* guard_sig.c -- the signal calls with arguments that leave the worker
 * working (guard.c has the rule for the others):
 *
 *  - rt_sigaction installs only SIG_DFL, SIG_IGN or a handler of the
 *    fuzzer's own that returns at once through a real restorer (with
 *    random flags, but never SA_ONSTACK: the alternate stack the worker
 *    set may be anywhere); a sigaction pointer that is not the worker's
 *    own memory stays (EFAULT is worth reaching), but the worker's memory
 *    never holds a random handler;
 *  - tkill and tgkill reach only the run's threads, as kill does.
 * rt_sigreturn, pause and rt_sigsuspend run as drawn: the first kills the
 * worker (its stack is no signal frame), the others wait for the round's
 * SIGKILL. alarm and setitimer may end the worker by SIGALRM. */
#include "fuzz.h"

#define SA_RESTORER_F 0x04000000L
#define SA_ONSTACK_F 0x08000000L

struct fuzz_sigaction {
    long handler, flags, restorer, mask;
};

static void fuzz_handler(int sig) { (void)sig; }

/* What libc's restorer is: rt_sigreturn, from the frame the kernel built. */
__attribute__((naked)) static void fuzz_restorer(void)
{
    __asm__ volatile("mov $15, %eax\n\tsyscall\n\tud2");
}

void guard_sigaction(struct worker *w, struct arg a[6])
{
    static struct fuzz_sigaction acts[16];   /* one per worker slot is plenty: each its own copy */
    if (!a[1].v || !a[1].own)
        return;
    struct fuzz_sigaction *act = &acts[rng_below(&w->rng, 16)];
    switch (rng_below(&w->rng, 3)) {
    case 0: *act = (struct fuzz_sigaction){ 0 }; break;           /* SIG_DFL */
    case 1: *act = (struct fuzz_sigaction){ .handler = 1 }; break;  /* SIG_IGN */
    default:
        *act = (struct fuzz_sigaction){ .handler = (long)fuzz_handler, .restorer = (long)fuzz_restorer,
                                        .flags = ((long)rng_next(&w->rng) & ~SA_ONSTACK_F) | SA_RESTORER_F,
                                        .mask = (long)rng_next(&w->rng) };
        break;
    }
    a[1].v = (long)act;
}
