/* badargs.c -- every system call given bad pointers, ranges, fds, lengths
 * and numbers returns the exact error, changes nothing (no page allocated,
 * no byte written or printed) and does not fault in the kernel.
 *
 * The write tests aim at text starting with "@@nothing-printed": the ctest
 * rejects a log that contains it. */
#include <limits.h>
#include "ut.h"

#define MARK "@@nothing-printed@@"

/* Pointers that are bad for any use. */
static const uintptr_t bad_ptrs[] = {
    0, 1, 0xff8, KIMAGE_ADDR, DMAP_ADDR, KSTACK_ADDR, KSTACK_ADDR - 0x1000,
    NONCANON_ADDR, USER_TOP, USER_TOP + 0x800, UNMAPPED_ADDR,
    0xfffffffffffff000UL, 0xfffffffffffffff0UL,
};
#define NBAD (sizeof bad_ptrs / sizeof bad_ptrs[0])

struct range {
    uintptr_t buf;
    size_t len;
    const char *what;
};

/* bad_ranges: ranges that start in mapped user memory but are bad as a
 * whole. `end` is a page_alloc'd page with nothing mapped after it,
 * holding MARK at its very end. */
static int bad_ranges(struct range *r, uintptr_t end)
{
    uintptr_t top = USER_TOP - 16;      /* on the stack: mapped */
    uintptr_t mark = end + PAGE_SIZE - sizeof MARK;
    int n = 0;
    r[n++] = (struct range){ mark, sizeof MARK + 1, "runs off a page" };
    r[n++] = (struct range){ mark, 0x10000, "runs 64 KiB off a page" };
    r[n++] = (struct range){ mark, (size_t)0 - mark + 16, "wraps to 16" };
    r[n++] = (struct range){ mark, (size_t)0 - mark, "wraps to 0" };
    r[n++] = (struct range){ mark, SIZE_MAX, "length SIZE_MAX" };
    r[n++] = (struct range){ mark, (size_t)1 << 40, "length 1 TiB" };
    r[n++] = (struct range){ mark, (size_t)1 << 63, "length 2^63" };
    r[n++] = (struct range){ top, 32, "crosses USER_TOP" };
    r[n++] = (struct range){ top, KERNEL_HALF - top + 16,
                             "reaches the kernel half" };
    r[n++] = (struct range){ top, KIMAGE_ADDR - top + 16,
                             "reaches the kernel image" };
    r[n++] = (struct range){ top, (size_t)0 - top + 16, "wraps (stack)" };
    r[n++] = (struct range){ end - PAGE_SIZE, 3 * PAGE_SIZE,
                             "starts unmapped, ends unmapped" };
    return n;
}

static void check_read_write(uintptr_t end)
{
    struct range r[16];
    char v[48];
    int n = bad_ranges(r, end);
    uintptr_t code = (uintptr_t)&test_badargs;

    for (size_t i = 0; i < NBAD; i++) {
        CHECK_EQ(sys_write(1, bad_ptrs[i], 16), -EFAULT);
        CHECK_EQ(sys_write(2, bad_ptrs[i], 1), -EFAULT);
        CHECK_EQ(sys_read(0, bad_ptrs[i], 16), -EFAULT);
        CHECK_EQ(sys_read(0, bad_ptrs[i], 1), -EFAULT);
    }
    for (int i = 0; i < n; i++) {
        long w = sys_write(1, r[i].buf, (long)r[i].len);
        long rd = sys_read(0, r[i].buf, (long)r[i].len);
        if (w != -EFAULT)
            FAIL("write(1, 0x%lx, 0x%lx) (%s): got %s, want -EFAULT",
                 r[i].buf, r[i].len, r[i].what, testrun_val(w, v));
        if (rd != -EFAULT)
            FAIL("read(0, 0x%lx, 0x%lx) (%s): got %s, want -EFAULT",
                 r[i].buf, r[i].len, r[i].what, testrun_val(rd, v));
    }
    /* read needs writable memory: code and rodata are not. */
    CHECK_EQ(sys_read(0, code, 1), -EFAULT);
    CHECK_EQ(sys_read(0, (long)ro_page, 16), -EFAULT);
    CHECK_EQ(sys_read(0, (long)ro_page + PAGE_SIZE - 8, 8), -EFAULT);
    CHECK(memcmp(MARK, (void *)(end + PAGE_SIZE - sizeof MARK),
                 sizeof MARK) == 0);

    /* Bad fds, with a good buffer. read on a good fd would block. 0, 1
     * and 2 are all the console, open for reading and writing, as on
     * Linux; 200 is within the table, past anything open. */
    char buf[16] = "0123456789";
    static const long bad_read_fds[] = { 3, 200, -1, 256, 1000, INT_MAX };
    static const long bad_write_fds[] = { 3, 200, -1, 256, 1000, INT_MAX };
    for (size_t i = 0; i < sizeof bad_read_fds / sizeof bad_read_fds[0]; i++)
        CHECK_EQ(sys_read(bad_read_fds[i], (long)buf, 4), -EBADF);
    for (size_t i = 0; i < sizeof bad_write_fds / sizeof bad_write_fds[0]; i++)
        CHECK_EQ(sys_write(bad_write_fds[i], (long)MARK, 4), -EBADF);
    CHECK(strcmp(buf, "0123456789") == 0);

    /* Zero lengths, and lengths that are right. */
    CHECK_EQ(sys_read(0, (long)buf, 0), 0);
    CHECK_EQ(sys_write(1, (long)buf, 0), 0);
    static const char ok[] = "usertests: badargs: a good write\n";
    CHECK_EQ(sys_write(1, (long)ok, sizeof ok - 1), sizeof ok - 1);
    CHECK_EQ(sys_write(2, (long)ok, sizeof ok - 1), sizeof ok - 1);
}

static void check_wait4(void)
{
    int status = -1;
    unsigned char ru[160];

    CHECK_EQ(sys_wait4(-1, (long)&status, 0, 0), -ECHILD);
    CHECK_EQ(sys_wait4(-1, (long)&status, WNOHANG, 0), -ECHILD);
    CHECK_EQ(sys_wait4(1, (long)&status, 0, 0), -ECHILD);
    CHECK_EQ(sys_wait4(getpid(), (long)&status, 0, 0), -ECHILD);
    CHECK_EQ(sys_wait4(99999, (long)&status, 0, 0), -ECHILD);

    pid_t pid = FORK();
    if (pid == 0)
        exit(5);
    CHECK_EQ(sys_wait4(-99999, (long)&status, 0, 0), -ECHILD);   /* a group with no child of ours */
    CHECK_EQ(sys_wait4(INT_MIN, (long)&status, 0, 0), -ESRCH);  /* Linux: no group -INT_MIN */
    CHECK_EQ(sys_wait4(pid, (long)&status, 0x100, 0), -EINVAL);
    CHECK_EQ(sys_wait4(pid, (long)&status, 0x10, 0), -EINVAL);
    CHECK_EQ(sys_wait4(pid, (long)&status, -1, 0), -EINVAL);
    CHECK_EQ(status, -1);
    /* A bad status pointer: -EFAULT and the child stays to be reaped. */
    for (size_t i = 1; i < NBAD; i++)
        CHECK_EQ(sys_wait4(pid, bad_ptrs[i], 0, 0), -EFAULT);
    CHECK_EQ(sys_wait4(pid, (long)&test_badargs, 0, 0), -EFAULT);
    CHECK_EQ(sys_wait4(pid, (long)ro_page, 0, 0), -EFAULT);
    CHECK_EQ(sys_wait4(pid, USER_TOP - 2, 0, 0), -EFAULT);
    CHECK_EQ(sys_kill(pid, 0), 0);
    memset(ru, 0xee, sizeof ru);
    CHECK_EQ(sys_wait4(pid, (long)&status, 0, (long)ru), pid);
    CHECK_EQ(status, W_EXITCODE(5));
    for (int i = 0; i < 160; i++)
        CHECK_EQ(ru[i], i < 144 ? 0 : 0xee);
    CHECK_EQ(sys_wait4(pid, (long)&status, 0, 0), -ECHILD);
    CHECK_EQ(sys_kill(pid, 0), -ESRCH);

    /* A bad rusage pointer: -EFAULT, checked before reaping (docs/
     * syscalls.md), so the child is still there with its status. */
    pid = FORK();
    if (pid == 0)
        exit(6);
    testrun_msleep(20);
    status = -1;
    CHECK_EQ(sys_wait4(pid, (long)&status, 0, KIMAGE_ADDR), -EFAULT);
    CHECK_EQ(sys_wait4(pid, (long)&status, 0, 0x10), -EFAULT);
    CHECK_EQ(sys_wait4(pid, (long)&status, 0, USER_TOP - 64), -EFAULT);
    CHECK_EQ(sys_wait4(pid, (long)&status, 0, (long)ro_page), -EFAULT);
    CHECK_EQ(status, -1);
    CHECK_EQ(sys_wait4(pid, (long)&status, 0, 0), pid);
    CHECK_EQ(status, W_EXITCODE(6));
}

/* is_syscall: n is in include/weensy/syscalls.h. */
static int is_syscall(long n)
{
#define SYSCALL_IS(num, name, nargs) if (n == num) return 1;
    WEENSY_SYSCALLS(SYSCALL_IS)
#undef SYSCALL_IS
    return 0;
}

static void check_other_calls(void)
{
    for (size_t i = 0; i < NBAD; i++) {
        CHECK_EQ(sys_nanosleep(bad_ptrs[i], 0), -EFAULT);
        CHECK_EQ(sys_virt_to_phys(bad_ptrs[i]), -EFAULT);
        CHECK_EQ(sys_page_refs(bad_ptrs[i]), -EFAULT);
    }
    /* A timespec whose second half is unmapped. */
    CHECK_EQ(sys_nanosleep(USER_TOP - 8, 0), -EFAULT);

    /* Unknown system call numbers, including ones whose low 32 bits name
     * a real call (a kernel that truncates rax would run getpid). Numbers
     * that syscalls.h has since given a call are skipped. */
    static const long unknown[] = {
        2, 3, 500, 999, 1006, 1023, 1024, 5000, 0x7fffffff, -1, -39,
        (long)1 << 40, ((long)1 << 32) + SYS_getpid, LONG_MIN, LONG_MAX,
        (long)0x80000000UL + SYS_getpid,
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        if (is_syscall(unknown[i]))
            continue;
        long r = syscall6(unknown[i], 1, 2, 3, 4, 5, 6);
        if (r != -ENOSYS) {
            char v[48];
            FAIL("system call %ld (0x%lx): got %s, want -ENOSYS", unknown[i],
                 unknown[i], testrun_val(r, v));
        }
    }
}

void test_badargs(void)
{
    /* A page with nothing after it, holding MARK at its end. */
    uintptr_t end = SCRATCH + 0x10000;
    CHECK_EQ(sys_page_alloc(end), 0);
    memcpy((void *)(end + PAGE_SIZE - sizeof MARK), MARK, sizeof MARK);
    CHECK_EQ(sys_virt_to_phys(end + PAGE_SIZE), -EFAULT);
    CHECK_EQ(sys_virt_to_phys(end - PAGE_SIZE), -EFAULT);

    long before = page_count();
    check_read_write(end);
    CHECK_EQ(page_count(), before);
    check_other_calls();
    CHECK_EQ(page_count(), before);
    check_wait4();
    CHECK_EQ(page_count(), before);
}
