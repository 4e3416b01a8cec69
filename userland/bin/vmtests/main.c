/* vmtests -- user-side tests of virtual memory: areas, demand paging,
 * copy-on-write fork, mmap/munmap/mprotect/brk, System V shared memory and
 * the growing stack (docs/vm.md has the contract they check). The runner
 * (testrun.h, in the user library) runs them; "vmtests NAME:ARG" hands ARG
 * to a test (testrun_arg), e.g. random:7. The tests are in the other files
 * of this folder; vt.h explains the rules they follow.
 */
#include "vt.h"

static const struct testrun_case tests[] = {
    { "lazy", test_lazy, NULL, 30, "1 GiB costs nothing until touched" },
    { "tables", test_tables, NULL, 30, "munmap frees the page tables it empties" },
    { "errors", test_errors, NULL, 30, "mmap/munmap/mprotect/brk: exact errors" },
    { "shmerrors", test_shmerrors, NULL, 30, "shmget/shmat/shmdt/shmctl errors" },
    { "pagealloc", test_pagealloc, NULL, 30, "page_alloc makes a one-page area" },
    { "brk", test_brk, NULL, 30, "brk grows and shrinks lazily" },
    { "split", test_split, NULL, 30, "munmap splits areas and spans two" },
    { "fixed", test_fixed, NULL, 30, "MAP_FIXED replaces; hints" },
    { "mremap", test_mremap, NULL, 30, "mremap: shorter, longer, moved without a copy" },
    { "mprotect", test_mprotect, NULL, 30, "mprotect splits; R, NONE, NX" },
    { "cow", test_cow, NULL, 30, "copy-on-write fork, page by page" },
    { "cowchain", test_cowchain, NULL, 30, "three generations, three views" },
    { "consensus", test_consensus, NULL, 60, "MAP_SHARED counters under a lock" },
    { "sharedlazy", test_sharedlazy, NULL, 30, "untouched MAP_SHARED pages" },
    { "shmkey", test_shmkey, NULL, 60, "shmget by key from 4 processes" },
    { "shmsurvive", test_shmsurvive, NULL, 30, "a segment outlives its creator" },
    { "shmrmid", test_shmrmid, NULL, 30, "segment lifetime, IPC_RMID" },
    { "shmrdonly", test_shmrdonly, NULL, 30, "a read-only attachment stays so" },
    { "stack", test_stack, NULL, 30, "the stack grows to 8 MiB" },
    { "stackoverflow", test_stackoverflow, NULL, 60, "past 8 MiB: SIGSEGV" },
    { "oom", test_oom, NULL, 120, "out of memory kills only the toucher" },
    { "oomcow", test_oomcow, NULL, 120, "out of memory in a copy-on-write" },
    { "random", test_random, NULL, 120, "random steps against a model" },
    { "oomfixed", test_oomfixed, NULL, 120, "no memory: refused changes change nothing" },
    { "arealimit", test_arealimit, NULL, 120, "65530 areas, and not one more" },
};
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

/* Tests that need something from outside (input on the console) run only
 * when named. */
static const struct testrun_case named_tests[] = {
    { "readcow", test_readcow, NULL, 60, "read() into copy-on-write and new pages" },
};
#define NNAMED ((int)(sizeof named_tests / sizeof named_tests[0]))

/* Each test's process starts with its stack and data already its own and
 * its pages of area records all there, so its page counts see only what
 * the test does. */
static void vmtests_child_setup(void)
{
    vt_grow_areas();
    vt_settle();
}

int main(int argc, char **argv)
{
    static const struct testrun runner = {
        .prog = "vmtests", .tests = tests, .ntests = NTESTS,
        .named = named_tests, .nnamed = NNAMED,
        .sweep_grace = 5,        /* orphans of a killed test still dying */
        .runner_setup = vt_settle, .child_setup = vmtests_child_setup,
    };
    return testrun_main(&runner, argc, argv);
}
