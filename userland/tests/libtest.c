/* libtest -- checks the user library itself: formatting, number parsing,
 * errno, malloc/free/realloc/calloc (including that freed blocks coalesce),
 * rand, fork/waitpid status passing, and the mmap, shm and clock wrappers.
 * Prints each failure, then "libtest: PASS" or "libtest: FAIL", and returns
 * 0 only on PASS (as init, that lets the kernel check for leaked pages
 * before it ends the run). */
#include "weensy.h"
#include "arch/x86_64/memlayout.h"

static int failures;

#define CHECK(cond)                                                      \
    do {                                                                 \
        if (!(cond)) {                                                   \
            printf("libtest: %s:%d: CHECK(%s) failed\n", __FILE__,       \
                   __LINE__, #cond);                                     \
            failures++;                                                  \
        }                                                                \
    } while (0)

static void test_format(void)
{
    char buf[64];
    CHECK(snprintf(buf, sizeof buf, "%d|%5s|%-3x|%08lx", -42, "ab", 0xf,
                   0xbeefUL) == 22);
    CHECK(strcmp(buf, "-42|   ab|f  |0000beef") == 0);
    CHECK(snprintf(buf, 4, "%s", "truncated") == 9 && strcmp(buf, "tru") == 0);
    /* Flags for signs: an unknown flag once derailed the argument list. */
    CHECK(snprintf(buf, sizeof buf, "%+d|% d|%+ld|%s", 5, 5, -5L, "ok") == 11);
    CHECK(strcmp(buf, "+5| 5|-5|ok") == 0);
}

static void test_strtol(void)
{
    char *end;
    CHECK(strtol("  -123xyz", &end, 10) == -123 && *end == 'x');
    CHECK(strtol("0x1F", &end, 16) == 31 && *end == 0);
    CHECK(strtol("1f", NULL, 16) == 31);
    CHECK(strtol("0x10", NULL, 0) == 16 && strtol("010", NULL, 0) == 8);
    CHECK(strtol("junk", &end, 10) == 0 && strcmp(end, "junk") == 0);
    errno = 0;
    CHECK(strtol("99999999999999999999", NULL, 10) == 0x7fffffffffffffffL);
    CHECK(errno == ERANGE);
    CHECK(strtol("-9223372036854775808", NULL, 10) ==
          (long)0x8000000000000000UL);
    CHECK(atoi("77") == 77 && abs(-5) == 5 && labs(-6L) == 6);
}

static void test_errno(void)
{
    int status;
    errno = 0;
    CHECK(waitpid(-1, &status, 0) == -1 && errno == ECHILD);
    CHECK(sys_wait4(-1, (long)&status, 0, 0) == -ECHILD);
}

static void test_rand(void)
{
    srand(7);
    int a = rand(), b = rand();
    srand(7);
    CHECK(rand() == a && rand() == b && a != b);
    CHECK(a >= 0 && a <= RAND_MAX);
}

/* test_malloc: random sizes and free order, content checks, then check
 * that everything freed coalesced back into one block at the heap start. */
static void test_malloc(void)
{
    enum { N = 64 };
    extern char _end[];
    unsigned char *p[N];
    size_t len[N], total = 0;

    srand(1);
    for (int i = 0; i < N; i++) {
        len[i] = 1 + (size_t)rand() % 3000;
        total += len[i];
        p[i] = malloc(len[i]);
        CHECK(p[i] && ((uintptr_t)p[i] & 15) == 0);
        if (!p[i])
            return;     /* no heap at all: the rest would only crash */
        memset(p[i], i, len[i]);
    }
    for (int i = 0; i < N; i += 2) {
        free(p[i]);
        p[i] = NULL;
    }
    for (int i = 1; i < N; i += 2) {
        p[i] = realloc(p[i], len[i] * 2);
        CHECK(p[i] != NULL);
        for (size_t j = 0; j < len[i]; j++)
            if (p[i][j] != (unsigned char)i) {
                CHECK(p[i][j] == (unsigned char)i);
                break;
            }
    }
    for (int i = N - 1; i >= 0; i--)
        free(p[i]);

    unsigned char *big = malloc(total);
    CHECK((uintptr_t)big == PAGE_ALIGN_UP(_end) + 16);
    free(big);

    unsigned *z = calloc(1000, sizeof *z);
    int zeros = 1;
    for (int i = 0; z && i < 1000; i++)
        zeros &= z[i] == 0;
    CHECK(z && zeros);
    free(z);
    CHECK(calloc((size_t)1 << 40, (size_t)1 << 40) == NULL && errno == ENOMEM);
}

static void test_fork(void)
{
    pid_t child = fork();
    if (child == 0)
        exit(42);
    CHECK(child > 0);
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
}

/* The mman.h, shm.h and time.h wrappers: results, MAP_FAILED and errno. */
static void test_mappings(void)
{
    errno = 0;
    CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
          errno == EINVAL);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED && ((uintptr_t)m & 4095) == 0);
    if (m != MAP_FAILED) {
        m[8191] = 1;
        CHECK(mprotect(m, 4096, PROT_READ) == 0 && munmap(m, 8192) == 0);
    }
    CHECK(munmap((void *)1, 4096) == -1 && errno == EINVAL);

    int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    CHECK(id >= 0);
    int *s = shmat(id, NULL, 0);
    CHECK(s != (void *)-1 && shmctl(id, IPC_RMID, NULL) == 0);
    if (s != (void *)-1)
        CHECK(*s == 0 && shmdt(s) == 0);
    CHECK(shmat(-1, NULL, 0) == (void *)-1 && errno == EINVAL);

    struct timespec a, b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    sleep_ms(20);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
    CHECK(b.tv_sec * 1000000000L + b.tv_nsec - (a.tv_sec * 1000000000L + a.tv_nsec) >= 20000000L);
    CHECK(clock_gettime(99, &a) == -1 && errno == EINVAL);
}

int main(void)
{
    test_format();
    test_strtol();
    test_errno();
    test_rand();
    test_malloc();
    test_fork();
    test_mappings();
    printf("libtest: %s\n", failures ? "FAIL" : "PASS");
    return failures ? 1 : 0;
}
