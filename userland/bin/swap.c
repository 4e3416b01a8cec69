/* swap -- UCAS OS's page-replacement test on weensy's swap (docs/swap.md).
 *
 *   swap [--dump] [--limit FRAMES] [PAGES]
 *
 * Booted with a small frame limit (frames=4, or --limit, which sets the
 * process's own with prlimit64's RLIMIT_RSS) and a swap device (swap=ram
 * or swap=virtio), swap maps PAGES pages (default 64), writes a value
 * into each in a scattered order, then reads every one back twice in
 * other orders: with only a few frames, most reads bring a page back
 * from swap. System calls then copy from and to pages that are out
 * (write() prints a line kept in one, meminfo() fills another). Then it
 * forks: the child checks every page (shared copy-on-write, many of them
 * swapped out once for both), changes half of them and exits; the parent
 * checks that its own values are untouched, and that 32 pages of shared
 * memory (MAP_SHARED) hold what the child wrote. It prints the page-outs and
 * page-ins the kernel counted (meminfo, include/weensy/info.h).
 *
 * --dump: the child asks for a memory dump (mem_dump, where the command
 * line enables weensy's debug calls) once it has changed its half of the
 * pages. Under global pressure (mem=4M, 500 pages) the two then hold more
 * distinct pages than memory has, so the dump always shows pages out on
 * the device; a timer's dumps (memdump=N) see them only when one lands
 * at the right moment, which a faster kernel made rarer (swap.memdump).
 *
 * Exit status: 0 if every value read back right, 1 if one did not or
 * there is no swap device, 2 for bad arguments.
 */
#include "weensy.h"

#define PAGE 4096UL

#define SHARED_PAGES 32

static unsigned long npages = 64;
static volatile uint64_t *area;
static volatile uint64_t *shared;        /* MAP_SHARED: the child's writes are the parent's */


static uint64_t value(unsigned long page, unsigned round)
{
    return 0x5eed000000000000ULL ^ (page * 0x9e3779b97f4a7c15ULL) ^ round;
}

/* check_shared: every shared page holds its value of `round`. */
static int check_shared(unsigned round, const char *who)
{
    int bad = 0;
    for (unsigned long p = 0; p < SHARED_PAGES; p++)
        if (shared[p * (PAGE / sizeof(uint64_t))] != value(1000 + p, round)) {
            printf("swap: MISMATCH (%s): shared page %lu\n", who, p);
            bad = 1;
        }
    return bad;
}

static volatile uint64_t *word(unsigned long page)
{
    return area + page * (PAGE / sizeof(uint64_t)) + (page % 500);
}

/* coprime: the first step from `want` up that shares no factor with the
 * page count, so that going round by it visits every page once. */
static unsigned long coprime(unsigned long want)
{
    for (;; want++) {
        unsigned long a = want, b = npages;
        while (b) {
            unsigned long t = a % b;
            a = b;
            b = t;
        }
        if (a == 1)
            return want;
    }
}

/* check: every page holds its value of `round`, visited about `step` apart. */
static int check(unsigned round, unsigned long step, const char *who)
{
    int bad = 0;
    step = coprime(step);
    for (unsigned long i = 0, p = 0; i < npages; i++, p = (p + step) % npages)
        if (*word(p) != value(p, round)) {
            printf("swap: MISMATCH (%s): page %lu holds %#lx, not %#lx\n", who, p,
                   (unsigned long)*word(p), (unsigned long)value(p, round));
            bad = 1;
        }
    return bad;
}

/* syscall_buffers: with a frame limit, touching every page sends page 1
 * and 2 out; write() then copies a line from page 1, meminfo() into page
 * 2, both through the kernel's fault path. */
static int syscall_buffers(void)
{
    static const char line[] = "swap: this line was written from a page that was out\n";
    char *text = (char *)word(1) + 2048;
    struct weensy_meminfo *m = (struct weensy_meminfo *)((char *)word(2) + 2048);
    memcpy(text, line, sizeof line);
    for (unsigned long p = 3; p < npages; p++)
        (void)*word(p);
    long out = page_refs(text) < 0 && page_refs(m) < 0;
    printf("swap: pages 1 and 2 %s before the system calls\n", out ? "are out" : "are in memory");
    long w = write(1, text, sizeof line - 1), r = meminfo(m);
    if (w != sizeof line - 1 || r < 0 || m->page_size != PAGE) {
        printf("swap: MISMATCH: a system call on a page that was out failed (write %ld, meminfo %ld, "
               "page size %lu)\n", w, r, (unsigned long)m->page_size);
        return 1;
    }
    return 0;
}

static void counts(struct weensy_meminfo *m)
{
    if (meminfo(m) < 0) {
        printf("swap: meminfo failed\n");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    unsigned long limit = 0;
    bool dump = argc >= 2 && strcmp(argv[1], "--dump") == 0;
    if (dump) {
        argc--;
        argv++;
    }
    if (argc >= 3 && strcmp(argv[1], "--limit") == 0) {
        limit = strtoul(argv[2], 0, 10);
        argc -= 2;
        argv += 2;
    }
    if (argc > 2 || (argc == 2 && (npages = strtoul(argv[1], 0, 10)) < 4))
        return printf("usage: swap [--dump] [--limit FRAMES] [PAGES]   (at least 4 pages)\n"), 2;
    if (limit) {
        long got = rss_limit(limit);
        if (got != (long)limit)
            return printf("swap: prlimit64(RLIMIT_RSS) failed\n"), 1;
        printf("swap: RLIMIT_RSS %lu pages\n", (unsigned long)got);
    }
    struct weensy_meminfo before, after;
    counts(&before);
    if (!before.swap_total)
        return printf("swap: no swap device (boot with swap=ram or swap=virtio)\n"), 1;
    area = mmap(0, npages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED)
        return printf("swap: mmap failed\n"), 1;
    shared = mmap(0, SHARED_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        return printf("swap: mmap of shared pages failed\n"), 1;
    for (unsigned long p = 0; p < SHARED_PAGES; p++)
        shared[p * (PAGE / sizeof(uint64_t))] = value(1000 + p, 1);
    for (unsigned long i = 0, p = 0, step = coprime(7); i < npages; i++, p = (p + step) % npages)
        *word(p) = value(p, 1);
    int bad = check(1, 1, "first read") | check(1, npages - 1, "second read");
    bad |= syscall_buffers();
    pid_t pid = fork();
    if (pid < 0)
        return printf("swap: fork failed\n"), 1;
    if (pid == 0) {
        bad = check(1, 3, "child") | check_shared(1, "child");
        for (unsigned long p = 0; p < SHARED_PAGES; p++)
            shared[p * (PAGE / sizeof(uint64_t))] = value(1000 + p, 2);
        for (unsigned long p = 0; p < npages; p += 2)
            *word(p) = value(p, 2);
        if (dump && sys_mem_dump() < 0) {
            printf("swap: mem_dump failed\n");
            bad = 1;
        }
        for (unsigned long p = 0; p < npages; p++)
            bad |= *word(p) != value(p, p % 2 ? 1 : 2);
        exit(bad);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    bad |= status != 0;
    bad |= check(1, 5, "parent after the child") | check_shared(2, "parent after the child");
    counts(&after);
    printf("swap: %lu pages, page-outs %lu, page-ins %lu, dropped clean %lu\n", npages,
           (unsigned long)(after.swap_outs - before.swap_outs),
           (unsigned long)(after.swap_ins - before.swap_ins),
           (unsigned long)(after.swap_clean - before.swap_clean));
    printf("swap: %s\n", bad ? "FAIL" : "every value read back right");
    return bad;
}
