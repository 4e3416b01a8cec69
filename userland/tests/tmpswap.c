/* tmpswap -- a tmpfs file's pages go to swap under memory pressure and
 * come back right (docs/files.md, "tmpfs and swap"). Boot with a small
 * mem= and a swap device:
 *
 *   harness mem=8M swap=ram:8M init=tmpswap
 *
 * A file of two fifths of the machine's pages is written in /tmp, its
 * first pages also mapped MAP_SHARED and written through the mapping; a
 * child then takes four fifths of the pages, so that the file must give
 * up pages to swap (the kernel's Cached count must fall). Every byte is
 * then checked through read() and through the mapping, under pressure
 * again; a truncate to a size inside a page that may be out keeps the
 * bytes before the end and zeros the rest; a program copied into /tmp and
 * pushed out the same way runs. Exit status 0 if everything held. */
#include "weensy.h"
#include "fcntl.h"
#include "mman.h"

#define PAGE 4096UL
#define WORDS (PAGE / sizeof(uint64_t))
#define MAPPED 32                /* pages also written through a mapping */
#define PATH "/tmp/tmpswap.dat"
#define PROG "/tmp/tmpswap.hello"

static unsigned long npages;     /* the file's */
static uint64_t buf[WORDS];

static uint64_t value(unsigned long page, unsigned long word, unsigned round)
{
    return 0x7e3f5a9000000000ULL ^ (page * 0x9e3779b97f4a7c15ULL) ^ (word << 20) ^ round;
}

static noreturn void fail(const char *what, unsigned long page)
{
    printf("tmpswap: FAIL: %s (page %lu)\n", what, page);
    exit(1);
}

/* cached_pages: /proc/meminfo's Cached, in pages. */
static long cached_pages(void)
{
    char text[1024];
    int fd = open("/proc/meminfo", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        fail("cannot read /proc/meminfo", 0);
    text[n] = 0;
    for (const char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, "Cached:", 7) == 0)
            return strtol(line + 7, NULL, 10) / 4;
    fail("/proc/meminfo has no Cached line", 0);
}

static void fill(unsigned long page, unsigned round)
{
    for (unsigned long w = 0; w < WORDS; w++)
        buf[w] = value(page, w, round);
}

/* pressure: a child takes `pages` pages and writes each twice, which the
 * machine can only give by sending others (the file's among them) out. */
static void pressure(unsigned long pages)
{
    pid_t c = fork();
    if (c == 0) {
        volatile uint8_t *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            exit(3);
        for (int round = 0; round < 2; round++)
            for (unsigned long i = 0; i < pages; i++)
                p[i * PAGE + (unsigned long)round] = (uint8_t)i;
        exit(0);
    }
    int st = 0;
    if (c < 0 || waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fail("the child making pressure did not end well", 0);
}

/* expect: page's contents, read with read(), are round's (round 1 for
 * the mapped pages' first word). */
static void check_read(int fd)
{
    for (unsigned long p = 0; p < npages; p++) {
        if (pread(fd, buf, PAGE, (off_t)(p * PAGE)) != (ssize_t)PAGE)
            fail("pread of a page", p);
        for (unsigned long w = 0; w < WORDS; w++) {
            uint64_t want = p < MAPPED && w == 0 ? value(p, 0, 1) : value(p, w, 0);
            if (buf[w] != want)
                fail("a word read back with pread is wrong", p);
        }
    }
}

static void check_map(volatile uint64_t *map)
{
    for (unsigned long p = 0; p < MAPPED; p++)
        for (unsigned long w = 0; w < WORDS; w += 61)
            if (map[p * WORDS + w] != (w == 0 ? value(p, 0, 1) : value(p, w, 0)))
                fail("a word read through the shared mapping is wrong", p);
}

static void write_file(int fd)
{
    for (unsigned long p = 0; p < npages; p++) {
        fill(p, 0);
        if (write(fd, buf, PAGE) != (ssize_t)PAGE)
            fail("write of a page", p);
    }
}

/* truncate_check: cut the file inside its last page but two (which may
 * be out on swap), then grow it back to that page's end: the bytes before
 * the cut stay, the rest of the page reads zeros. */
static void truncate_check(int fd)
{
    unsigned long last = npages - 3, keep = 100;
    static uint64_t want[WORDS];
    fill(last, 0);
    memcpy(want, buf, keep);
    memset((uint8_t *)want + keep, 0, PAGE - keep);
    if (ftruncate(fd, (off_t)(last * PAGE + keep)) != 0)
        fail(errno == ENOMEM ? "ftruncate: ENOMEM" : errno == EIO ? "ftruncate: EIO" : "ftruncate", last);
    if (ftruncate(fd, (off_t)((last + 1) * PAGE)) != 0)
        fail("ftruncate back up to a whole page", last);
    if (pread(fd, buf, PAGE, (off_t)(last * PAGE)) != (ssize_t)PAGE)
        fail("pread of the cut page", last);
    if (memcmp(buf, want, PAGE) != 0)
        fail("the cut page is not its first bytes then zeros", last);
    npages = last;               /* the whole pages checked from here on */
}

/* copy: src to dst, mode 0755. */
static void copy(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY), out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (in < 0 || out < 0)
        fail("open for the copy of a program", 0);
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            fail("write of the program's copy", 0);
    close(in);
    close(out);
}

static void run_copy(void)
{
    pid_t c = fork();
    if (c == 0) {
        char *argv[] = { "hello", NULL };
        execve(PROG, argv, NULL);
        exit(100);
    }
    int st = 0;
    if (c < 0 || waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fail("the program copied into /tmp did not run to its end", 0);
}

int main(void)
{
    struct weensy_meminfo m;
    if (meminfo(&m) < 0 || m.swap_total == 0) {
        printf("tmpswap: no swap device (boot with swap=ram:SIZE)\n");
        return 1;
    }
    npages = m.total * 2 / 5;
    int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        fail("open " PATH, 0);
    write_file(fd);
    volatile uint64_t *map = mmap(NULL, MAPPED * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED)
        fail("mmap MAP_SHARED", 0);
    for (unsigned long p = 0; p < MAPPED; p++)
        map[p * WORDS] = value(p, 0, 1);
    long before = cached_pages();
    pressure(m.total * 4 / 5);
    long after = cached_pages();
    meminfo(&m);
    printf("tmpswap: a file of %lu pages; Cached %ld -> %ld pages under pressure; swap in use %lu\n",
           npages, before, after, (unsigned long)m.swap_used);
    if (after > before - (long)npages / 4)
        fail("the file's pages did not go out (Cached fell by less than a quarter of the file)", 0);
    check_read(fd);
    printf("tmpswap: every page read back right with pread\n");
    pressure(m.total * 4 / 5);
    check_map(map);
    printf("tmpswap: every mapped page read back right\n");
    pressure(m.total * 4 / 5);
    truncate_check(fd);
    check_read(fd);
    printf("tmpswap: truncate inside a page that was out: kept bytes kept, the rest zeros\n");
    munmap((void *)map, MAPPED * PAGE);
    close(fd);
    unlink(PATH);
    copy("/bin/hello", PROG);
    pressure(m.total * 4 / 5);
    run_copy();
    unlink(PROG);
    printf("tmpswap: a program copied into /tmp ran after its pages went out\n");
    printf("tmpswap: ok\n");
    return 0;
}
