/* privtest -- what a program may not do to the whole machine, on a boot
 * without the test harness or debugcalls (tests/security.cmake runs it as
 * the first process, with no command-line options):
 *
 *  - weensy's debugging calls 1002-1006 (physical addresses, others'
 *    sharing, the long self-check and memory dump) are EPERM;
 *  - test_exit (1001) is EPERM, even for the first process;
 *  - reboot needs the magic numbers (EINVAL) and, from any process but the
 *    first, is EPERM.
 *
 * Then, as the first process, it powers the machine off with reboot: the
 * test expects the kernel's power-off after its page check.
 */
#include "weensy.h"

static int failures;

static void expect(const char *what, long got, long want)
{
    if (got != want) {
        printf("privtest: %s: got %ld, want %ld FAILED\n", what, got, want);
        failures++;
    }
}

static void check_child_reboot(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        long r = sys_reboot(REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, 0);
        exit(r == -EPERM ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    expect("reboot from a child", status, 0);
}

int main(void)
{
    if (getpid() != 1) {
        printf("privtest: run me as the first process, without the harness (tests/security.cmake)\n");
        return 2;
    }
    long page = (long)&failures;
    expect("page_count", sys_page_count(), -EPERM);
    expect("mm_check", sys_mm_check(), -EPERM);
    expect("virt_to_phys", sys_virt_to_phys(page), -EPERM);
    expect("page_refs", sys_page_refs(page), -EPERM);
    expect("mem_dump", sys_mem_dump(), -EPERM);
    expect("test_exit", sys_test_exit(1), -EPERM);
    expect("reboot, bad magic1", sys_reboot(0x12345678, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, 0), -EINVAL);
    expect("reboot, bad magic2", sys_reboot(REBOOT_MAGIC1, 42, REBOOT_CMD_POWER_OFF, 0), -EINVAL);
    expect("reboot, bad command", sys_reboot(REBOOT_MAGIC1, REBOOT_MAGIC2, 0x1234, 0), -EINVAL);
    expect("reboot, Ctrl-Alt-Del on", sys_reboot(REBOOT_MAGIC1, REBOOT_MAGIC2A, REBOOT_CMD_CAD_ON, 0), 0);
    check_child_reboot();
    printf("privtest: %s\n", failures ? "FAILED" : "ok");
    if (failures)
        return 1;
    reboot(REBOOT_CMD_POWER_OFF);
    printf("privtest: reboot returned: FAILED\n");
    return 1;
}
