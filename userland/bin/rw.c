/* rw -- write and read back words anywhere in a large lazy heap area: after
 * UCAS OS's "auto-allocpage" test (rw), on weensy's demand paging.
 *
 *   rw [--seed S] [ADDR...]
 *
 * rw maps a 1 GiB private anonymous area at a fixed place, HEAP_BASE
 * (0x10000000, 256 MiB: far above the program and its malloc heap, far
 * below the mmap and stack areas; docs/processes.md). mmap only records the
 * area: no page exists until the first touch, when the page fault makes a
 * zeroed one (docs/vm.md). For each ADDR (hex with 0x, or decimal) rw
 * writes a pseudo-random 64-bit value there, reads it back and prints both,
 * with the number of pages this process has mapped before and after the
 * write, so the page that appeared on demand shows. With no ADDR it tries a
 * few spread over the area: the first word, a word in the same page (no new
 * page), a word across a page boundary (two new pages), one in the middle
 * and the last word.
 *
 * The resident count comes from procs() (include/weensy/info.h); where the
 * kernel does not have that call yet, the figure is left out.
 *
 * Exit status: 0 if every address held its value, 1 if one was outside the
 * area or read back wrong, 2 for bad arguments.
 */
#include "weensy.h"

#define HEAP_BASE 0x10000000UL
#define HEAP_SIZE (1UL << 30)
#define MAX_PROCS 64             /* weensy's process table */

static const uint64_t default_addrs[] = {
    0x10000000, 0x10000800, 0x10001ffc, 0x2abcdef0, 0x4ffffff8,
};

/* A 64-bit word at any address: packed, so the compiler makes no alignment
 * promise; volatile, so the read really goes to memory after the write. */
struct word {
    uint64_t v;
} __attribute__((packed));

/* procs() fills this; static so that asking does not itself touch new
 * stack pages between "before" and "after". */
static struct weensy_procinfo table[MAX_PROCS];

static void usage(void)
{
    printf("usage: rw [--seed S] [ADDR...]   (ADDR: hex with 0x, or decimal)\n");
    exit(2);
}

/* parse_number: s as hex after 0x, else decimal; false on anything else
 * (strtoul's octal for a leading 0 would surprise: 010 is ten here). */
static bool parse_number(const char *s, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    int base = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10;
    char *end;
    errno = 0;
    *out = strtoul(s, &end, base);
    return end != s && *end == 0 && errno == 0;   /* "0x" alone stops at x */
}

static uint64_t parse_addr(const char *s)
{
    uint64_t a;
    if (!parse_number(s, &a)) {
        printf("rw: '%s' is not an address (hex with 0x, or decimal)\n", s);
        usage();
    }
    return a;
}

/* resident: the pages this process has mapped, or -1 if the kernel cannot
 * say (no procs() yet, or our record is missing). */
static long resident(void)
{
    long n = procs(table, MAX_PROCS);
    if (n < 0)
        return -1;
    pid_t me = getpid();
    for (long i = 0; i < n && i < MAX_PROCS; i++)
        if (table[i].pid == me)
            return table[i].resident;
    return -1;
}

/* rand64: 64 pseudo-random bits from rand()'s 31. */
static uint64_t rand64(void)
{
    return ((uint64_t)rand() << 33) ^ ((uint64_t)rand() << 16) ^ (uint64_t)rand();
}

static bool in_area(uint64_t a)
{
    return a >= HEAP_BASE && a - HEAP_BASE <= HEAP_SIZE - sizeof(uint64_t);
}

/* try_addr: write, read back, report; true if the word held. */
static bool try_addr(uint64_t a)
{
    if (!in_area(a)) {
        printf("rw: 0x%lx: not in the heap area [0x%lx, 0x%lx)\n", a, HEAP_BASE,
               HEAP_BASE + HEAP_SIZE);
        return false;
    }
    volatile struct word *w = (volatile struct word *)a;
    uint64_t v = rand64();
    long before = resident();
    w->v = v;                            /* the first touch makes the page */
    uint64_t got = w->v;
    long after = resident();
    char pages[48] = "";
    if (before >= 0 && after >= 0)
        snprintf(pages, sizeof pages, " (resident pages %ld -> %ld)", before, after);
    printf("rw: 0x%lx: wrote 0x%lx, read 0x%lx, %s%s\n", a, v, got,
           got == v ? "ok" : "MISMATCH", pages);
    return got == v;
}

/* check_args: the seed, and every ADDR parsed once before anything is
 * done (all or nothing); returns how many ADDRs there are. */
static int check_args(int argc, char **argv, uint64_t *seed)
{
    int naddrs = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            if (!parse_number(argv[++i], seed))
                usage();
        } else if (argv[i][0] == '-') {
            usage();
        } else {
            parse_addr(argv[i]);
            naddrs++;
        }
    }
    return naddrs;
}

/* try_all: the ADDRs of the command line, or the defaults. */
static bool try_all(int argc, char **argv, int naddrs)
{
    bool ok = true;
    if (naddrs == 0)
        for (size_t i = 0; i < sizeof(default_addrs) / sizeof(default_addrs[0]); i++)
            ok &= try_addr(default_addrs[i]);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0)
            i++;
        else
            ok &= try_addr(parse_addr(argv[i]));
    }
    return ok;
}

int main(int argc, char **argv)
{
    uint64_t seed = (uint64_t)now_ms();
    int naddrs = check_args(argc, argv, &seed);
    void *heap = mmap((void *)HEAP_BASE, HEAP_SIZE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (heap == MAP_FAILED) {
        printf("rw: mmap of the heap area failed: error %d\n", errno);
        return 1;
    }
    srand((unsigned)seed);
    printf("rw: seed %lu; heap area [0x%lx, 0x%lx), pages appear on first touch\n",
           seed, HEAP_BASE, HEAP_BASE + HEAP_SIZE);
    resident();                          /* warm up: its first call may touch pages */
    bool ok = try_all(argc, argv, naddrs);
    munmap(heap, HEAP_SIZE);
    return ok ? 0 : 1;
}
