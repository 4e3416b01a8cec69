/* usertests -- the user-side test suite of processes, system calls and
 * memory, in the style of xv6's usertests. The runner (how tests are run,
 * chosen on the command line, checked for leftovers and leaked pages, and
 * reported) is the user library's, testrun.h; this file is the table. The
 * tests are in the other files of this folder; ut.h explains the rules
 * they follow.
 */
#include "ut.h"

static const struct testrun_case tests[] = {
    { "args", test_args, NULL, 10,
      "argv, envp, auxv and initial data as exec set them up" },
    { "faults", test_faults, NULL, 30,
      "bad accesses and instructions kill only the culprit" },
    { "regs", test_regs, NULL, 60,
      "system calls and interrupts keep the user's registers" },
    { "badargs", test_badargs, NULL, 30,
      "bad pointers, fds, lengths, numbers: exact errors" },
    { "sleep", test_sleep, NULL, 30, "nanosleep: errors and order" },
    { "page_alloc", test_page_alloc, NULL, 30,
      "page_alloc: errors, zero fill, replace, private frames" },
    { "oom", test_oom, NULL, 120,
      "page_alloc and fork when memory is exhausted" },
    { "forkoom", test_forkoom, NULL, 120,
      "fork failing at every point for lack of memory (low memory)" },
    { "fork", test_fork, NULL, 30,
      "fork: pids, private writable pages, shared code" },
    { "forkfull", test_forkfull, NULL, 60, "fork until the table is full" },
    { "exitwait", test_exitwait, NULL, 60,
      "exit statuses, wait4 by pid, WNOHANG, ECHILD, zombies" },
    { "orphan", NULL, test_orphan, 30,
      "orphans are re-parented to pid 1 and reaped by it" },
    { "kill", test_kill, NULL, 30,
      "kill: the signals, sig 0, errors, sleepers" },
    { "sigframe", test_sigframe, NULL, 30,
      "rt_sigreturn of made-up frames: bad ones kill only the caller" },
    { "preempt", test_preempt, NULL, 60,
      "a spinning process does not stop the others" },
    { "stress", test_stress, NULL, 240,
      "hundreds of processes: fork, exit, kill, wait" },
    { "forkers", test_forkers, NULL, 120,
      "processes that fork, exit and wait all at once" },
    { "exec_errors", test_exec_errors, NULL, 60,
      "execve's errors leave the caller exactly as it was" },
    { "exec_args", test_exec_args, NULL, 60,
      "argv, envp and auxv on the new program's stack" },
    { "exec_random", test_exec_random, NULL, 30, "AT_RANDOM differs between runs" },
    { "exec_keeps", test_exec_keeps, NULL, 30, "exec keeps pid, parent, children, group" },
    { "exec_frees", test_exec_frees, NULL, 30, "exec frees every page of the old image" },
    { "exec_bigbss", test_exec_bigbss, NULL, 30, "a bss larger than memory costs what is touched" },
    { "exec_all", test_exec_all, NULL, 60, "every program of the initrd can be exec'd" },
    { "fuzz_job", test_fuzz_job, NULL, 60, "fuzz as a job: a kill of its group ends all it made" },
    { "groups", test_groups, NULL, 30, "process groups: setpgid, getpgid, group kills" },
    { "affinity", test_affinity, NULL, 30, "sched_setaffinity and sched_getaffinity" },
    { "shootdown", test_shootdown, NULL, 120, "after munmap/mprotect returns, no thread on another CPU uses the page" },
    { "shootdown_cow", test_shootdown_cow, NULL, 60, "after fork returns, a sibling thread's write does not reach the child" },
    { "mix_stress", test_mix_stress, NULL, 240, "processes of threads forking, exec'ing, mapping, protecting at once" },
    { "affinity_move", test_affinity_move, NULL, 30, "a pinned process runs only on its CPU; a new mask moves it" },
    { "info", test_info, NULL, 30, "procs, meminfo, programs: errors and truth" },
    { "debug_throttle", test_debug_throttle, NULL, 30,
      "a loop of mm_check cannot stall the machine" },
    { "checkrace", test_checkrace, NULL, 30,
      "mm_check while other processes free kernel pages" },
    { "threads", test_threads, NULL, 60, "many threads: create, count under a mutex, join, a full table" },
    { "thread_memory", test_thread_memory, NULL, 30, "threads see each other's writes, heap and mappings" },
    { "thread_exit", test_thread_exit, NULL, 30, "one thread's exit leaves the others; the first may end first" },
    { "thread_exit_group", test_thread_exit_group, NULL, 30, "exit_group ends every thread with its status" },
    { "thread_tls", test_thread_tls, NULL, 30, "each thread reads its own value through %fs" },
    { "thread_kill", test_thread_kill, NULL, 30, "kill by pid, tid or group, and a fault, end every thread" },
    { "thread_fork", test_thread_fork, NULL, 30, "fork from a thread copies that thread only" },
    { "thread_exec", test_thread_exec, NULL, 30, "exec from a thread ends the others; pid kept" },
    { "thread_calls", test_thread_calls, NULL, 30, "clone's flags and tid words, set_tid_address, arch_prctl" },
    { "futex", test_futex, NULL, 30, "futex: wake counts, timeouts, EAGAIN, EFAULT, EINVAL, ENOSYS, kills" },
};
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

/* Run only when named: they need the harness to do something alongside. */
static const struct testrun_case named_tests[] = {
    { "nmi", test_nmi, NULL, 30,
      "system calls back to back while the harness sends NMIs" },
};
#define NNAMED ((int)(sizeof named_tests / sizeof named_tests[0]))

int main(int argc, char **argv, char **envp)
{
    static const struct testrun runner = {
        .prog = "usertests", .tests = tests, .ntests = NTESTS,
        .named = named_tests, .nnamed = NNAMED,
    };
    ut_argc = argc;
    ut_argv = argv;
    ut_envp = envp;
    return testrun_main(&runner, argc, argv);
}
