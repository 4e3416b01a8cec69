/* files.c -- proctest's tests of /proc's files: their formats, reads of
 * any size and at any offset, and the errors. */
#include "pt.h"

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

void test_meminfo(void)
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

void test_maps(void)
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


/* ino_in: the inode number directory dir lists for name (getdents64). */
static uint64_t ino_in(const char *dir, const char *name)
{
    long fd = sys_open((long)dir, O_RDONLY | O_DIRECTORY, 0);
    CHECK(fd >= 0);
    static char buf[4096] __attribute__((aligned(8)));
    uint64_t ino = 0;
    long n;
    while (!ino && (n = sys_getdents64(fd, (long)buf, sizeof(buf))) > 0)
        for (long off = 0; off < n; off += ((const struct linux_dirent64 *)(buf + off))->d_reclen)
            if (strcmp(((const struct linux_dirent64 *)(buf + off))->d_name, name) == 0)
                ino = ((const struct linux_dirent64 *)(buf + off))->d_ino;
    CHECK_EQ(sys_close(fd), 0);
    CHECK(ino != 0);
    return ino;
}

/* A file mapped (our own program, from the initrd, mounted first: device
 * 00:01): its offset, device and inode, private p and shared s; the line
 * outlives the descriptor. */
void test_mapfile(void)
{
    uint64_t ino = ino_in("/bin", "proctest");
    long fd = open_ro("/bin/proctest");
    CHECK(fd >= 0);
    char *priv = mmap(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, (int)fd, PAGE);
    char *shared = mmap(0, PAGE, PROT_READ, MAP_SHARED, (int)fd, 2 * PAGE);
    CHECK(priv != MAP_FAILED && shared != MAP_FAILED);
    CHECK_EQ(sys_close(fd), 0);
    read_file("/proc/self/maps", text, 4096);
    char want[96];
    snprintf(want, sizeof(want), "%08lx-%08lx r--p 00001000 00:01 %lu \n", (unsigned long)priv,
             (unsigned long)(priv + 2 * PAGE), (unsigned long)ino);
    if (!find_line(text, want))
        FAIL("no '%s' in:\n%s", want, text);
    snprintf(want, sizeof(want), "%08lx-%08lx r--s 00002000 00:01 %lu \n", (unsigned long)shared,
             (unsigned long)(shared + PAGE), (unsigned long)ino);
    if (!find_line(text, want))
        FAIL("no '%s' in:\n%s", want, text);
    CHECK_EQ(munmap(priv, 2 * PAGE), 0);
    CHECK_EQ(munmap(shared, PAGE), 0);
}

/* One open, read in pieces of every size from 1 up: the same bytes. */
void test_pieces(void)
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
void test_offsets(void)
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

void test_errors(void)
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
void test_machine(void)
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
void test_show(void)
{
    const char *files[] = { "/proc/meminfo", "/proc/cpuinfo", "/proc/uptime", "/proc/self/maps",
                            "/proc/self/stat", "/proc/self/status" };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        read_file(files[i], text, 4096);
        printf("==> %s <==\n%s", files[i], text);
    }
}

