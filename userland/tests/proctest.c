/* proctest -- /proc from a program's side (inspect/procfs*.c): each test
 * reads files there and checks what they say against what the program
 * knows of itself, and the errors against Linux's (tests/files_proc.cmake).
 *
 * It uses the raw sys_* calls for the file calls (open, read, getdents64,
 * close), which return -E... directly. The runner (testrun.h) runs each
 * test in a child and checks that every page came back afterwards, so a
 * file whose text is not freed at close fails the test that opened it.
 */
#include "weensy.h"
#include "testrun.h"
#include "include/weensy/fs.h"

#define PAGE 4096UL
#define TEXT_MAX (64 * 1024)

static char text[TEXT_MAX];      /* static: reading must not change our own maps */
static char text2[TEXT_MAX];

static long open_ro(const char *path)
{
    return sys_open((long)path, O_RDONLY, 0);
}

/* read_fd: the rest of fd, chunk bytes per read, into buf (NUL-ended);
 * the length. */
static long read_fd(long fd, char *buf, size_t size, size_t chunk)
{
    size_t len = 0;
    for (;;) {
        CHECK(len + chunk < size);
        long n = sys_read(fd, (long)(buf + len), (long)chunk);
        if (n < 0)
            FAIL("read: %ld", n);
        if (n == 0)
            break;
        CHECK((size_t)n <= chunk);
        len += (size_t)n;
    }
    buf[len] = 0;
    return (long)len;
}

/* read_file: all of path into buf, chunk bytes at a time. */
static long read_file(const char *path, char *buf, size_t chunk)
{
    long fd = open_ro(path);
    if (fd < 0)
        FAIL("open %s: %ld", path, fd);
    long len = read_fd(fd, buf, TEXT_MAX, chunk);
    CHECK_EQ(sys_close(fd), 0);
    return len;
}

/* find_line: the line of s that starts with prefix, or NULL. */
static const char *find_line(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *l = s; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
        if (strncmp(l, prefix, n) == 0)
            return l;
    return 0;
}

/* meminfo_kb: the value of field name ("MemTotal"), checking the line is
 * Linux's: "Name:" in 16 columns, the number in 8, " kB". */
static unsigned long meminfo_kb(const char *mem, const char *name)
{
    char prefix[32];
    snprintf(prefix, sizeof(prefix), "%s:", name);
    const char *l = find_line(mem, prefix);
    if (!l)
        FAIL("no %s line in /proc/meminfo", name);
    const char *end = strchr(l, '\n');
    CHECK(end != 0);
    if (end - l != 27 || strncmp(end - 3, " kB", 3) != 0)
        FAIL("%s line is not Linux's: '%.*s'", name, (int)(end - l), l);
    for (const char *c = l + strlen(prefix); c < l + 16; c++)
        CHECK(*c == ' ');
    char *num_end;
    unsigned long v = strtoul(l + 16, &num_end, 10);
    CHECK(num_end == end - 3);
    return v;
}

static void test_meminfo(void)
{
    read_file("/proc/meminfo", text, 4096);
    unsigned long total = meminfo_kb(text, "MemTotal");
    unsigned long free = meminfo_kb(text, "MemFree");
    unsigned long avail = meminfo_kb(text, "MemAvailable");
    meminfo_kb(text, "Buffers");
    meminfo_kb(text, "Cached");
    meminfo_kb(text, "SwapCached");
    unsigned long swap_total = meminfo_kb(text, "SwapTotal");
    unsigned long swap_free = meminfo_kb(text, "SwapFree");
    CHECK(total > 0 && total % 4 == 0);
    CHECK(free <= total);
    CHECK(avail <= total);
    CHECK(swap_free <= swap_total);
    CHECK(strncmp(text, "MemTotal:", 9) == 0);   /* Linux's first line */
}

/* maps_line: the line of /proc/self/maps (in text) whose range holds va;
 * its perms and name into the buffers. */
static void maps_line(uintptr_t va, char perms[5], char *name, size_t size)
{
    for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
        char *p;
        unsigned long start = strtoul(l, &p, 16);
        CHECK(*p == '-');
        unsigned long end = strtoul(p + 1, &p, 16);
        CHECK(*p == ' ' && start < end);
        const char *nl = strchr(l, '\n');
        CHECK(nl != 0);
        if (va < start || va >= end)
            continue;
        memcpy(perms, p + 1, 4);
        perms[4] = 0;
        const char *after = p + 1 + 4;
        if (strncmp(after, " 00000000 00:00 0 ", 18) != 0)
            FAIL("maps line: '%.*s'", (int)(nl - l), l);
        const char *n = after + 18;
        while (n < nl && *n == ' ')
            n++;
        if (n < nl && n - l != 73)
            FAIL("name not at column 73: '%.*s'", (int)(nl - l), l);
        snprintf(name, size, "%.*s", (int)(nl - n), n);
        return;
    }
    FAIL("no line for %#lx in:\n%s", (unsigned long)va, text);
}

static void test_maps(void)
{
    char perms[5], name[64];
    int on_stack = 0;
    read_file("/proc/self/maps", text, 4096);
    maps_line((uintptr_t)test_maps, perms, name, sizeof(name));
    if (strcmp(perms, "r-xp") != 0 || strcmp(name, "/bin/proctest") != 0)
        FAIL("code: '%s' '%s'", perms, name);
    maps_line((uintptr_t)&on_stack, perms, name, sizeof(name));
    if (strcmp(perms, "rw-p") != 0 || strcmp(name, "[stack]") != 0)
        FAIL("stack: '%s' '%s'", perms, name);
    maps_line((uintptr_t)text, perms, name, sizeof(name));
    if (strcmp(perms, "rw-p") != 0 || strcmp(name, "/bin/proctest") != 0)
        FAIL("bss: '%s' '%s'", perms, name);

    /* Three read-only pages: one line of their own, no name, ending in
     * the space after the inode. */
    char *m = mmap(0, 3 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    read_file("/proc/self/maps", text, 4096);
    char want[80];
    snprintf(want, sizeof(want), "%08lx-%08lx r--p 00000000 00:00 0 \n", (unsigned long)m,
             (unsigned long)(m + 3 * PAGE));
    if (!find_line(text, want) || strncmp(find_line(text, want), want, strlen(want)) != 0)
        FAIL("no '%s' in:\n%s", want, text);
    CHECK_EQ(munmap(m, 3 * PAGE), 0);
    read_file("/proc/self/maps", text, 4096);
    if (find_line(text, want))
        FAIL("'%s' still there after munmap", want);
}

/* The child of test_child: sleeps until killed. */
static noreturn void sleeper(void)
{
    for (;;)
        sleep_ms(1000);
}

static void test_child(void)
{
    pid_t me = getpid();
    pid_t kid = FORK();
    if (kid == 0)
        sleeper();
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/status", kid);
    read_file(path, text, 4096);
    char want[64];
    CHECK(find_line(text, "Name:\tproctest\n") != 0);
    snprintf(want, sizeof(want), "PPid:\t%d\n", me);
    if (!find_line(text, want))
        FAIL("no '%s' in:\n%s", want, text);
    snprintf(want, sizeof(want), "Pid:\t%d\n", kid);
    CHECK(find_line(text, want) != 0);
    snprintf(want, sizeof(want), "Tgid:\t%d\n", kid);
    CHECK(find_line(text, want) != 0);
    CHECK(find_line(text, "State:\tS (sleeping)\n") || find_line(text, "State:\tR (running)\n"));
    CHECK(find_line(text, "Threads:\t1\n") != 0);
    CHECK(find_line(text, "VmSize:\t") != 0 && find_line(text, "VmRSS:\t") != 0);

    snprintf(path, sizeof(path), "/proc/%d/stat", kid);
    read_file(path, text, 4096);
    snprintf(want, sizeof(want), "%d (proctest) ", kid);
    CHECK(strncmp(text, want, strlen(want)) == 0);
    char *p = text + strlen(want) + 1;
    CHECK(*p == ' ');
    CHECK_EQ(strtol(p + 1, &p, 10), me);            /* field 4: ppid */
    int fields = 0;
    for (const char *c = text; *c; c++)
        fields += *c == ' ';
    CHECK_EQ(fields + 1, 52);

    CHECK_EQ(kill(kid, SIGKILL), 0);
    EXPECT_SIGNAL(kid, SIGKILL);
    CHECK_EQ(open_ro(path), -ENOENT);               /* reaped: gone from /proc */
}

/* A child that has exited and is not reaped yet: a zombie, shown until it
 * is, with no memory (no Vm lines, empty maps), as on Linux. */
static void test_zombie(void)
{
    pid_t kid = FORK();
    if (kid == 0)
        exit(7);
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/status", kid);
    for (int tries = 0;; tries++) {
        read_file(path, text, 4096);
        if (find_line(text, "State:\tZ (zombie)\n"))
            break;
        CHECK(tries < 200);
        testrun_msleep(10);
    }
    CHECK(find_line(text, "Name:\tproctest\n") != 0);
    CHECK(find_line(text, "VmSize:") == 0 && find_line(text, "VmRSS:") == 0);
    snprintf(path, sizeof(path), "/proc/%d/maps", kid);
    CHECK_EQ(read_file(path, text, 4096), 0);
    snprintf(path, sizeof(path), "/proc/%d/stat", kid);
    read_file(path, text, 4096);
    char want[32];
    snprintf(want, sizeof(want), "%d (proctest) Z %d ", kid, getpid());
    CHECK(strncmp(text, want, strlen(want)) == 0);
    EXPECT_EXIT(kid, 7);
    CHECK_EQ(open_ro(path), -ENOENT);
}

/* The threads of a process are one /proc/PID: Threads counts them, and
 * /proc/self in any of them is the process. */
static volatile int thread_go;

static void *thread_body(void *arg)
{
    (void)arg;
    read_file("/proc/self/status", text2, 4096);
    thread_go = 1;
    while (thread_go != 2)
        sleep_ms(5);
    return 0;
}

static void test_threads(void)
{
    thread_t t = thread_create(thread_body, 0, 0);
    CHECK(t != 0);
    while (thread_go != 1)
        sleep_ms(5);
    char want[32];
    snprintf(want, sizeof(want), "Pid:\t%d\n", getpid());
    if (!find_line(text2, want) || !find_line(text2, "Threads:\t2\n"))
        FAIL("the thread's /proc/self/status:\n%s", text2);
    read_file("/proc/self/status", text, 4096);
    CHECK(find_line(text, want) != 0 && find_line(text, "Threads:\t2\n") != 0);
    thread_go = 2;
    CHECK_EQ(thread_join(t, 0), 0);
    read_file("/proc/self/status", text, 4096);
    CHECK(find_line(text, "Threads:\t1\n") != 0);
}

/* dir_has: does directory path list name (getdents64, small buffer so
 * that it takes several calls)? Checks "." and ".." are there too. */
static bool dir_has(const char *path, const char *name)
{
    long fd = sys_open((long)path, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        FAIL("open %s: %ld", path, fd);
    static char buf[256] __attribute__((aligned(8)));
    bool found = false, dot = false, dotdot = false;
    long n;
    while ((n = sys_getdents64(fd, (long)buf, sizeof(buf))) > 0) {
        for (long off = 0; off < n;) {
            const struct linux_dirent64 *d = (const void *)(buf + off);
            CHECK(d->d_reclen > 0 && d->d_reclen % 8 == 0);
            found |= strcmp(d->d_name, name) == 0;
            dot |= strcmp(d->d_name, ".") == 0;
            dotdot |= strcmp(d->d_name, "..") == 0;
            off += d->d_reclen;
        }
    }
    CHECK_EQ(n, 0);
    CHECK_EQ(sys_close(fd), 0);
    CHECK(dot && dotdot);
    return found;
}

static void test_list(void)
{
    char me[16];
    snprintf(me, sizeof(me), "%d", getpid());
    CHECK(dir_has("/proc", me));
    CHECK(dir_has("/proc", "self"));
    CHECK(dir_has("/proc", "meminfo"));
    snprintf(me, sizeof(me), "%d", testrun_runner_pid);
    CHECK(dir_has("/proc", me));                    /* the runner */
    CHECK(!dir_has("/proc", "99999"));
    CHECK(dir_has("/proc/self", "maps"));
    CHECK(dir_has("/proc/self", "status"));
    char path[32];
    snprintf(path, sizeof(path), "/proc/%s", me);
    CHECK(dir_has(path, "stat"));
}

/* One open, read in pieces of every size from 1 up: the same bytes. */
static void test_pieces(void)
{
    /* Files that stay the same between opens: the machine, our own maps
     * (the buffers are static, so reading changes no area). */
    const char *files[] = { "/proc/cpuinfo", "/proc/self/maps" };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        long whole = read_file(files[i], text, 8192);
        CHECK(whole > 0);
        long bytes = read_file(files[i], text2, 1);
        CHECK_EQ(bytes, whole);
        if (memcmp(text, text2, (size_t)whole) != 0)
            FAIL("%s byte by byte differs:\n%s\n--\n%s", files[i], text, text2);
        long odd = read_file(files[i], text2, 7);
        CHECK_EQ(odd, whole);
        CHECK(memcmp(text, text2, (size_t)whole) == 0);
    }
}

/* One open is one snapshot: a file that changes between opens (our own
 * stat: the running time, the pages) reads the same at every offset, by
 * pread, and again after an lseek back, however long after. */
static void test_offsets(void)
{
    long fd = open_ro("/proc/self/stat");
    CHECK(fd >= 0);
    long whole = read_fd(fd, text, TEXT_MAX, 4096);
    CHECK(whole > 0);
    for (volatile long spin = 0; spin < 3000000; spin++)
        ;                        /* ticks go by: a new open would say so */
    for (long off = 0; off <= whole; off += 3) {
        char piece[8];
        long n = sys_pread64(fd, (long)piece, sizeof(piece), off);
        CHECK_EQ(n, whole - off < (long)sizeof(piece) ? whole - off : (long)sizeof(piece));
        if (memcmp(piece, text + off, (size_t)n) != 0)
            FAIL("pread at %ld: '%.*s', not '%.*s'", off, (int)n, piece, (int)n, text + off);
    }
    CHECK_EQ(sys_pread64(fd, (long)text2, 16, whole + 100), 0);
    CHECK_EQ(sys_lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(read_fd(fd, text2, TEXT_MAX, 5), whole);
    CHECK(memcmp(text, text2, (size_t)whole) == 0);
    CHECK_EQ(sys_close(fd), 0);
}

static void test_errors(void)
{
    CHECK_EQ(open_ro("/proc/99999/maps"), -ENOENT);
    CHECK_EQ(open_ro("/proc/99999"), -ENOENT);
    CHECK_EQ(open_ro("/proc/self/nosuch"), -ENOENT);
    CHECK_EQ(open_ro("/proc/0"), -ENOENT);
    CHECK_EQ(open_ro("/proc/01"), -ENOENT);
    CHECK_EQ(open_ro("/proc/abc"), -ENOENT);
    CHECK_EQ(sys_open((long)"/proc/meminfo", O_WRONLY, 0), -EACCES);
    CHECK_EQ(sys_open((long)"/proc/self/maps", O_RDWR, 0), -EACCES);
    CHECK_EQ(sys_open((long)"/proc/meminfo", O_RDONLY | O_TRUNC, 0), -EACCES);
    CHECK_EQ(sys_open((long)"/proc/newfile", O_WRONLY | O_CREAT, 0644), -EACCES);
    CHECK_EQ(sys_open((long)"/proc/self/newfile", O_RDONLY | O_CREAT, 0644), -EACCES);
    CHECK_EQ(sys_open((long)"/proc/meminfo", O_RDONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
    CHECK_EQ(sys_open((long)"/proc/meminfo/x", O_RDONLY, 0), -ENOTDIR);
    CHECK_EQ(sys_open((long)"/proc/meminfo", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
}

/* uptime: "S.CC I.CC\n"; cpuinfo: a block for CPU 0 at least. */
static void test_machine(void)
{
    long n = read_file("/proc/uptime", text, 4096);
    char *p;
    strtoul(text, &p, 10);
    CHECK(p[0] == '.' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] == ' ');
    strtoul(p + 4, &p, 10);
    CHECK(p[0] == '.' && p[3] == '\n' && p + 4 == text + n);
    read_file("/proc/cpuinfo", text, 4096);
    CHECK(strncmp(text, "processor\t: 0\n", 14) == 0);
    CHECK(find_line(text, "vendor_id\t: ") != 0);
    CHECK(find_line(text, "model name\t: ") != 0);
    CHECK(find_line(text, "flags\t\t: ") != 0);
}

/* show (only when named): print the files, for a person to look at. */
static void test_show(void)
{
    const char *files[] = { "/proc/meminfo", "/proc/cpuinfo", "/proc/uptime", "/proc/self/maps",
                            "/proc/self/stat", "/proc/self/status" };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        read_file(files[i], text, 4096);
        printf("==> %s <==\n%s", files[i], text);
    }
}

int main(int argc, char **argv)
{
    static const struct testrun_case named[] = {
        { "show", test_show, NULL, 30, "print /proc's files" },
    };
    static const struct testrun_case tests[] = {
        { "meminfo", test_meminfo, NULL, 30, "/proc/meminfo: Linux's lines, MemFree <= MemTotal" },
        { "maps", test_maps, NULL, 30, "/proc/self/maps: code, stack, an mmap of 3 pages" },
        { "child", test_child, NULL, 30, "/proc/PID/status and stat of a child" },
        { "zombie", test_zombie, NULL, 30, "an exited child until it is reaped" },
        { "threads", test_threads, NULL, 30, "Threads: counts a process's threads" },
        { "list", test_list, NULL, 30, "getdents64 on /proc and /proc/PID" },
        { "pieces", test_pieces, NULL, 60, "reads of any size give the same bytes" },
        { "offsets", test_offsets, NULL, 30, "one open, one snapshot: pread, lseek" },
        { "errors", test_errors, NULL, 30, "ENOENT, EACCES, EEXIST, ENOTDIR" },
        { "machine", test_machine, NULL, 30, "/proc/uptime and /proc/cpuinfo" },
    };
    static const struct testrun runner = {
        .prog = "proctest", .tests = tests, .ntests = (int)(sizeof tests / sizeof tests[0]),
        .named = named, .nnamed = 1,
    };
    return testrun_main(&runner, argc, argv);
}
