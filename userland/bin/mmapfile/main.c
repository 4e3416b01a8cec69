/* mmapfile -- mmap of files (issue 16, docs/files.md): a private mapping
 * copies a page at its first write and nobody else sees it; a shared one
 * writes the page cache itself, which read(), a fork child, an unrelated
 * program and a later open all see, and which outlives close and unlink;
 * two processes mapping an initrd file map the same physical pages; a
 * page wholly past the end is SIGBUS, and a shrinking ftruncate unmaps
 * such pages from every mapping; Linux's errors; and every page of it
 * comes back. One file per group of tests: share.c, edges.c, pages.c,
 * truncate.c (helpers in util.c, mf.h).
 *
 *   mmapfile [TEST]...      the tests (testrun.h), as init in the suite
 *   mmapfile --peer PATH OFF WANT OFF2 VAL
 *                           (exec'd by "shared") map PATH shared; byte OFF
 *                           must be WANT; write VAL at OFF2; exit 0
 *   mmapfile --samephys PATH PHYS
 *                           (exec'd by "initrd") PATH's first page, mapped
 *                           here, must be at physical address PHYS
 *
 * Needs the debugging calls (virt_to_phys: "harness" on the command line).
 */
#include "mf.h"

static const struct testrun_case tests[] = {
    { "private", test_private, NULL, 30, "MAP_PRIVATE: copies at the first write, fork" },
    { "shared", test_shared, NULL, 30, "MAP_SHARED: read, fork, exec, reopen, unlink" },
    { "initrd", test_initrd, NULL, 30, "two processes map one physical page" },
    { "sigbus", test_sigbus, NULL, 30, "past the end: zeros, then SIGBUS" },
    { "errors", test_errors, NULL, 30, "EACCES, ENODEV, EBADF, EINVAL" },
    { "around", test_around, NULL, 30, "a read fault maps its cached neighbours" },
    { "truncate", test_truncate, NULL, 30, "a shrinking ftruncate unmaps what is past the end" },
    { "truncfork", test_truncate_fork, NULL, 30, "... in another process's mappings too" },
    { "leak", test_leak, NULL, 30, "every page and the cache figure back" },
};

static void child_setup(void)
{
    turn = mmap(0, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (turn == MAP_FAILED)
        FAIL("mmap of the turn page: errno %d", errno);
}

int main(int argc, char **argv)
{
    if (argc == 7 && strcmp(argv[1], "--peer") == 0)
        return peer_main(argv + 2);
    if (argc == 4 && strcmp(argv[1], "--samephys") == 0)
        return samephys_main(argv + 2);
    static const struct testrun runner = {
        .prog = "mmapfile", .tests = tests, .ntests = (int)(sizeof tests / sizeof tests[0]),
        .sweep_grace = 5, .child_setup = child_setup,
    };
    return testrun_main(&runner, argc, argv);
}
