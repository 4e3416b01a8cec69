/* concurrent.c -- file calls from several processes or threads at once,
 * for the -smp 2 and -smp 4 runs (tests/files.cmake): on one CPU they
 * only take turns, on more they really meet in the kernel (one file's
 * lock and page cache, one open file's offset, one directory's list of
 * names, one descriptor table).
 *
 * Each test forks CC_PROCS children (or starts threads sharing one
 * descriptor table) that work at the same time and then checks what they
 * left: every record whole and in its writer's order, no name listed
 * twice or skipped, what a reader saw equal to what was written, every
 * write through a shared mapping in the one page of the file, no
 * descriptor given to two threads. The expectations hold on Linux as well
 * (linux/run).
 */
#include "ft.h"

#define CC_PROCS 4
#define CC_RECS 100                  /* records each child writes */
#define CC_REC 64                    /* bytes in a record */
#define CC_TOTAL (CC_PROCS * CC_RECS * CC_REC)

/* cc_fork: CC_PROCS children, child i running fn(i, arg) then exit(0).
 * They start together: each waits for end of file on a pipe whose write
 * end the parent closes once all are forked (a fork takes longer than
 * many file calls, so the first child would otherwise be done before the
 * last began). */
static void cc_fork(pid_t pids[CC_PROCS], void (*fn)(int, void *), void *arg)
{
    int go[2];
    char c;
    OK(pipe(go));
    for (int i = 0; i < CC_PROCS; i++) {
        pids[i] = FORK();
        if (pids[i] == 0) {
            OK(close(go[1]));
            CHECK_EQ(read(go[0], &c, 1), 0);
            OK(close(go[0]));
            fn(i, arg);
            exit(0);
        }
    }
    OK(close(go[0]));
    OK(close(go[1]));
}

static void cc_reap(pid_t pids[CC_PROCS])
{
    for (int i = 0; i < CC_PROCS; i++)
        EXPECT_EXIT(pids[i], 0);
}

/* ---- writes: O_APPEND and a shared offset ----------------------------------- */

/* cc_record: record `i` of writer `who`: "<letter><3 digits>" then the
 * letter repeated, then a newline. */
static void cc_record(char rec[CC_REC], int who, int i)
{
    char letter = (char)('A' + who);
    memset(rec, letter, CC_REC);
    rec[1] = (char)('0' + i / 100);
    rec[2] = (char)('0' + i / 10 % 10);
    rec[3] = (char)('0' + i % 10);
    rec[CC_REC - 1] = '\n';
}

/* cc_check_records: the file holds CC_PROCS * CC_RECS whole records (none
 * overwritten or torn), each writer's in the order it wrote them. */
static void cc_check_records(const char *path)
{
    static char data[CC_TOTAL + 1];
    int fd = OK(open(path, O_RDONLY));
    long got = 0, n;
    while (got < (long)sizeof data && (n = OK(read(fd, data + got, sizeof data - (size_t)got))) > 0)
        got += n;
    OK(close(fd));
    CHECK_EQ(got, CC_TOTAL);
    int next[CC_PROCS] = { 0 };
    for (int r = 0; r < CC_PROCS * CC_RECS; r++) {
        const char *rec = data + r * CC_REC;
        int who = rec[0] - 'A';
        if (who < 0 || who >= CC_PROCS)
            FAIL("%s: record %d starts with %02x", path, r, (unsigned char)rec[0]);
        char want[CC_REC];
        cc_record(want, who, next[who]);
        if (memcmp(rec, want, CC_REC) != 0)
            FAIL("%s: record %d is not writer %c's record %d (torn, overwritten or out of order)",
                 path, r, rec[0], next[who]);
        next[who]++;
    }
}

/* cc_append_child: its own open file, O_APPEND: each record at the end. */
static void cc_append_child(int who, void *arg)
{
    (void)arg;
    char rec[CC_REC];
    int fd = OK(open("log", O_WRONLY | O_APPEND));
    for (int i = 0; i < CC_RECS; i++) {
        cc_record(rec, who, i);
        CHECK_EQ(write(fd, rec, CC_REC), CC_REC);
    }
    OK(close(fd));
}

/* cc_shared_child: the parent's open file, inherited: one offset, which
 * each write moves past what it wrote before another write starts (Linux
 * takes the open file's position lock for a shared regular file). */
static void cc_shared_child(int who, void *arg)
{
    int fd = *(int *)arg;
    char rec[CC_REC];
    for (int i = 0; i < CC_RECS; i++) {
        cc_record(rec, who, i);
        CHECK_EQ(write(fd, rec, CC_REC), CC_REC);
    }
}

void test_concurrent_writes(void)
{
    pid_t pids[CC_PROCS];
    OK(close(OK(open("log", O_WRONLY | O_CREAT | O_EXCL, 0644))));
    cc_fork(pids, cc_append_child, 0);
    cc_reap(pids);
    cc_check_records("log");
    OK(unlink("log"));

    int fd = OK(open("shared", O_WRONLY | O_CREAT | O_EXCL, 0644));
    cc_fork(pids, cc_shared_child, &fd);
    cc_reap(pids);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), CC_TOTAL);  /* the children moved the parent's offset */
    OK(close(fd));
    cc_check_records("shared");
    OK(unlink("shared"));
}

/* ---- names: one directory changing while it is listed ---------------------- */

#define CC_ROUNDS 40                 /* each child's create-rename-remove rounds */
#define CC_STAY 8                    /* names present throughout */

/* cc_names_child: round after round in the shared directory: a file made,
 * written, renamed, checked, removed; a directory made and removed. Names
 * are never reused, so a listing can tell a repeat from a new name. */
static void cc_names_child(int who, void *arg)
{
    (void)arg;
    char a[32], b[32], d[32];
    for (int i = 0; i < CC_ROUNDS; i++) {
        snprintf(a, sizeof a, "n%d.%d", who, i);
        snprintf(b, sizeof b, "m%d.%d", who, i);
        snprintf(d, sizeof d, "d%d.%d", who, i);
        int fd = OK(open(a, O_WRONLY | O_CREAT | O_EXCL, 0644));
        CHECK_EQ(write(fd, a, strlen(a)), (long)strlen(a));
        OK(close(fd));
        OK(rename(a, b));
        ERR(open(a, O_RDONLY), ENOENT);
        ft_expect(b, a, strlen(a));
        OK(mkdir(d, 0755));
        OK(rmdir(d));
        OK(unlink(b));
    }
}

/* cc_list_once: list the directory: ".", ".." and every name made before
 * and kept throughout exactly once, no name twice (POSIX leaves open
 * only whether names made or removed meanwhile are listed); how many. */
static int cc_list_once(void)
{
    static char seen[CC_PROCS * CC_ROUNDS * 3 + CC_STAY + 2][32];
    int nseen = 0, stay = 0, dots = 0;
    DIR *dir = OKP(opendir("."));
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dir))) {
        for (int i = 0; i < nseen; i++)
            if (strcmp(seen[i], e->d_name) == 0)
                FAIL("readdir gave %s twice in one pass", e->d_name);
        if (nseen == (int)(sizeof seen / sizeof seen[0]))
            FAIL("readdir gave more names than were ever made");
        strlcpy(seen[nseen++], e->d_name, sizeof seen[0]);
        if (e->d_name[0] == 's')
            stay++;
        else if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            dots++;
        else if (!strchr("nmd", e->d_name[0]))
            FAIL("readdir gave %s, a name nobody made", e->d_name);
    }
    CHECK_EQ(errno, 0);
    OK(closedir(dir));
    CHECK_EQ(dots, 2);
    CHECK_EQ(stay, CC_STAY);
    return nseen;
}

void test_concurrent_names(void)
{
    char s[16];
    for (int i = 0; i < CC_STAY; i++) {
        snprintf(s, sizeof s, "s%d", i);
        ft_put(s, s, strlen(s));
    }
    pid_t pids[CC_PROCS];
    cc_fork(pids, cc_names_child, 0);
    /* List while they work; then once more after, when only the names
     * kept throughout are left. */
    int left = CC_PROCS;
    while (left > 0) {
        cc_list_once();
        int status;
        pid_t pid;
        while (left > 0 && (pid = OK(waitpid(-1, &status, WNOHANG))) > 0) {
            char st[32];
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                FAIL("child %d ended with %s", pid, testrun_status(status, st));
            left--;
        }
    }
    CHECK_EQ(cc_list_once(), CC_STAY + 2);
    for (int i = 0; i < CC_STAY; i++) {
        snprintf(s, sizeof s, "s%d", i);
        ft_expect(s, s, strlen(s));
        OK(unlink(s));
    }
}

/* ---- reads of a file that grows -------------------------------------------- */

#define CC_GROW (64 * 1024)          /* the file's final size: 16 pages */
#define CC_PIECE 700                 /* the writer's writes: across page edges */
#define CC_EDGE 3000                 /* a reader's look behind the end */

static unsigned char cc_want[CC_GROW];

/* cc_grow_writer: child 0 writes the file in small pieces, with a short
 * sleep after every few: one file's reads and writes take turns at its
 * lock, and a writer that takes it straight back would be done before the
 * readers had a look. */
static void cc_grow_writer(void)
{
    int fd = OK(open("grow", O_WRONLY));
    for (long off = 0; off < CC_GROW; off += CC_PIECE) {
        long n = CC_GROW - off < CC_PIECE ? CC_GROW - off : CC_PIECE;
        CHECK_EQ(write(fd, cc_want + off, (size_t)n), n);
        if (off / CC_PIECE % 4 == 3)
            testrun_msleep(1);
    }
    OK(close(fd));
}

/* cc_grow_reader: again and again, the last CC_EDGE bytes before the end
 * the file's size gives, until it has seen all of it: each must be the
 * written byte (a page the cache adds while another process reads its
 * neighbour, a size published before its bytes, would show here). Those
 * bytes are there in full: the file never shrinks. */
static void cc_grow_reader(int who)
{
    static unsigned char got[CC_EDGE];
    int fd = OK(open("grow", O_RDONLY));
    long size = 0;
    while (size < CC_GROW) {
        struct stat st;
        OK(fstat(fd, &st));
        CHECK(st.st_size >= size && st.st_size <= CC_GROW);
        size = st.st_size;
        long from = size > CC_EDGE ? size - CC_EDGE : 0;
        CHECK_EQ(pread(fd, got, (size_t)(size - from), from), size - from);
        if (memcmp(got, cc_want + from, (size_t)(size - from)) != 0)
            FAIL("reader %d: bytes %ld..%ld differ from what was written", who, from, size);
    }
    OK(close(fd));
}

static void cc_grow_child(int who, void *arg)
{
    (void)arg;
    if (who == 0)
        cc_grow_writer();
    else
        cc_grow_reader(who);
}

void test_concurrent_reads(void)
{
    ft_pattern(cc_want, sizeof cc_want, 16);
    OK(close(OK(open("grow", O_WRONLY | O_CREAT | O_EXCL, 0644))));
    pid_t pids[CC_PROCS];
    cc_fork(pids, cc_grow_child, 0);
    cc_reap(pids);
    ft_expect("grow", cc_want, CC_GROW);
    OK(unlink("grow"));
}

/* ---- faults on one file's pages ------------------------------------------------ */

#define CC_PG 4096
#define CC_FPAGES 16                 /* the mapped file's pages: all holes at first */
#define CC_FROUNDS 3                 /* files, each faulted in by all at once */

/* cc_fault_child: map the file shared and, page by page (each child
 * starting at another one), read a byte and then write its own 8 bytes,
 * at who * 8. Two faults on one hole that each made a page for it would
 * lose a write: the file would keep only one of the two pages. */
static void cc_fault_child(int who, void *arg)
{
    int fd = *(int *)arg;
    volatile uint8_t *m = mmap(0, CC_FPAGES * CC_PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        FAIL("mmap: %s", ft_errname(errno));
    for (int k = 0; k < CC_FPAGES; k++) {
        int p = (k + who * (CC_FPAGES / CC_PROCS)) % CC_FPAGES;
        CHECK(m[p * CC_PG + 4000] == 0);
        *(volatile uint64_t *)(m + p * CC_PG + who * 8) = (uint64_t)(who + 1) << 32 | (uint64_t)p;
    }
    OK(munmap((void *)m, CC_FPAGES * CC_PG));
}

void test_concurrent_faults(void)
{
    static uint64_t page[CC_PG / 8];
    for (int round = 0; round < CC_FROUNDS; round++) {
        int fd = OK(open("faults", O_RDWR | O_CREAT | O_EXCL, 0644));
        OK(ftruncate(fd, CC_FPAGES * CC_PG));
        pid_t pids[CC_PROCS];
        cc_fork(pids, cc_fault_child, &fd);
        cc_reap(pids);
        for (int p = 0; p < CC_FPAGES; p++) {
            CHECK_EQ(pread(fd, page, CC_PG, (off_t)p * CC_PG), CC_PG);
            for (int who = 0; who < CC_PROCS; who++)
                if (page[who] != ((uint64_t)(who + 1) << 32 | (uint64_t)p))
                    FAIL("round %d, page %d: child %d's write is not there (%#lx)", round, p,
                         who, (unsigned long)page[who]);
            for (int i = CC_PROCS; i < CC_PG / 8; i++)
                CHECK_EQ(page[i], 0);
        }
        OK(close(fd));
        OK(unlink("faults"));
    }
}

/* ---- one descriptor table, several threads ------------------------------------ */

#define CC_THREADS 4
#define CC_FD_ROUNDS 3               /* processes, each with a table that starts small */
#define CC_FD_LOOPS 40
#define CC_FD_HIGH 16                /* dup2 targets from here: past a new table's size */

/* cc_fd_thread: open its own file, dup it to a number of its own past the
 * table's first size (so the threads grow the table at once) and to the
 * lowest free one; each descriptor must be its file (its one byte), and
 * each close must find it. A descriptor given twice, or lost while the
 * table grew, would show. */
static void *cc_fd_thread(void *arg)
{
    int who = (int)(intptr_t)arg;
    char name[8] = { 'f', (char)('0' + who), 0 }, c;
    for (int i = 0; i < CC_FD_LOOPS; i++) {
        int fd = OK(open(name, O_RDONLY));
        int hi = CC_FD_HIGH + who * 48 + i % 48;
        CHECK_EQ(dup2(fd, hi), hi);
        int low = OK(dup(fd));
        int fds[3] = { fd, hi, low };
        for (int k = 0; k < 3; k++) {
            CHECK_EQ(pread(fds[k], &c, 1, 0), 1);
            if (c != name[1])
                FAIL("thread %d: descriptor %d reads %c, another thread's file", who, fds[k], c);
        }
        for (int k = 0; k < 3; k++)
            OK(close(fds[k]));
    }
    return 0;
}

static void cc_fd_process(void)
{
    thread_t t[CC_THREADS];
    for (int i = 0; i < CC_THREADS; i++)
        if (!(t[i] = thread_create(cc_fd_thread, (void *)(intptr_t)i, 0)))
            FAIL("thread_create: %s", ft_errname(errno));
    for (int i = 0; i < CC_THREADS; i++)
        OK(thread_join(t[i], 0));
}

void test_concurrent_fds(void)
{
    char name[8] = { 'f', 0, 0 };
    for (int i = 0; i < CC_THREADS; i++) {
        name[1] = (char)('0' + i);
        ft_put(name, name + 1, 1);
    }
    for (int round = 0; round < CC_FD_ROUNDS; round++) {
        pid_t pid = FORK();
        if (pid == 0) {
            cc_fd_process();
            exit(0);
        }
        EXPECT_EXIT(pid, 0);
    }
    for (int i = 0; i < CC_THREADS; i++) {
        name[1] = (char)('0' + i);
        OK(unlink(name));
    }
}
