/* aslr.c -- address-space layout randomization, seen from a static PIE
 * program (docs/memory-layout.md). Run as `musl-aslr random`, `musl-aslr
 * fixed` or `musl-aslr persona` (fixed by personality(ADDR_NO_RANDOMIZE)
 * first, as `setarch -R` does, which execs and forks keep): it execs itself three times ("report" mode: one line with a
 * stack variable's address, a new mmap area's and its image's base) and
 * forks once without exec, then checks:
 *   random: each of the three addresses took at least two values over the
 *           three execs (equal thrice by chance: under 1 in 4096^2);
 *   fixed:  the three execs agree on all three, and the base is printed;
 *   both:   a child of fork sees its parent's layout (fork keeps it).
 * Exit status 0 when all holds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

extern const char __ehdr_start[];

struct layout { unsigned long stack, map, base; };

static void __attribute__((noinline)) measure(struct layout *l)
{
    volatile char here = 0;
    l->stack = (uintptr_t)&here;
    void *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    l->map = (uintptr_t)m;
    munmap(m, 4096);
    l->base = (uintptr_t)__ehdr_start;
}

/* run: the layout a child reports, by exec of this program (exec) or by
 * measuring in the forked child itself (fork); *mine is the parent's,
 * measured from the same frame just before the fork. */
static int run(const char *self, int exec, struct layout *out, struct layout *mine)
{
    int fd[2];
    if (pipe(fd) < 0)
        return -1;
    measure(mine);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        if (exec) {
            execl(self, self, "report", (char *)NULL);
            _exit(127);
        }
        struct layout l;
        measure(&l);
        printf("%lx %lx %lx\n", l.stack, l.map, l.base);
        exit(0);
    }
    close(fd[1]);
    char buf[128] = { 0 };
    ssize_t n = read(fd[0], buf, sizeof(buf) - 1);
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    if (n <= 0 || sscanf(buf, "%lx %lx %lx", &out->stack, &out->map, &out->base) != 3)
        return -1;
    return 0;
}

static int distinct(unsigned long a, unsigned long b, unsigned long c)
{
    return 1 + (b != a) + (c != a && c != b);
}

int main(int argc, char **argv)
{
    struct layout me, l[3], f;
    if (argc == 2 && strcmp(argv[1], "report") == 0) {
        measure(&me);
        printf("%lx %lx %lx\n", me.stack, me.map, me.base);
        return 0;
    }
    int random = argc == 2 && strcmp(argv[1], "random") == 0;
    int persona = argc == 2 && strcmp(argv[1], "persona") == 0;
    if (argc != 2 || (!random && !persona && strcmp(argv[1], "fixed") != 0)) {
        fprintf(stderr, "usage: aslr random|fixed|persona\n");
        return 2;
    }
    if (persona) {
        int old = personality(ADDR_NO_RANDOMIZE);
        int now = personality(0xffffffff);
        printf("aslr: personality: was %#x, now %#x: %s\n", old, now,
               old == 0 && now == ADDR_NO_RANDOMIZE ? "ok" : "FAILED");
    }
    for (int i = 0; i < 3; i++)
        if (run(argv[0], 1, &l[i], &me) < 0) {
            printf("aslr: exec %d reported nothing\n", i);
            return 1;
        }
    int bad = 0;
    int ds = distinct(l[0].stack, l[1].stack, l[2].stack);
    int dm = distinct(l[0].map, l[1].map, l[2].map);
    int db = distinct(l[0].base, l[1].base, l[2].base);
    if (random) {
        bad = ds < 2 || dm < 2 || db < 2;
        printf("aslr: random: stack %d, mmap %d, base %d values over 3 execs: %s\n", ds, dm, db,
               bad ? "FAILED" : "ok");
    } else {
        bad = ds != 1 || dm != 1 || db != 1;
        printf("aslr: fixed: stack %lx, mmap %lx, base %lx in all 3 execs: %s\n", l[0].stack,
               l[0].map, l[0].base, bad ? "FAILED" : "ok");
    }
    if (run(argv[0], 0, &f, &me) < 0 || f.stack != me.stack || f.map != me.map || f.base != me.base) {
        printf("aslr: fork: the child's layout is not its parent's: FAILED\n");
        bad = 1;
    } else {
        printf("aslr: fork: the child keeps its parent's layout: ok\n");
    }
    return bad;
}
