/* proctest -- /proc from a program's side (inspect/procfs*.c): each test
 * reads files there and checks what they say against what the program
 * knows of itself, and the errors against Linux's (tests/files_proc.cmake).
 *
 * It uses the raw sys_* calls for the file calls (open, read, getdents64,
 * close), which return -E... directly. The runner (testrun.h) runs each
 * test in a child and checks that every page came back afterwards, so a
 * file whose text is not freed at close fails the test that opened it.
 */
#include "pt.h"

int main(int argc, char **argv)
{
    static const struct testrun_case named[] = {
        { "show", test_show, NULL, 30, "print /proc's files" },
    };
    static const struct testrun_case tests[] = {
        { "meminfo", test_meminfo, NULL, 30, "/proc/meminfo: Linux's lines, MemFree <= MemTotal" },
        { "maps", test_maps, NULL, 30, "/proc/self/maps: code, stack, an mmap of 3 pages" },
        { "mapfile", test_mapfile, NULL, 30, "a mapped file's offset, device and inode" },
        { "child", test_child, NULL, 30, "/proc/PID/status and stat of a child" },
        { "zombie", test_zombie, NULL, 30, "an exited child until it is reaped" },
        { "threads", test_threads, NULL, 30, "Threads: counts a process's threads" },
        { "cmdline", test_cmdline, NULL, 30, "/proc/PID/cmdline and task/ of a program" },
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
