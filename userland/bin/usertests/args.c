/* args.c -- what the kernel's exec set up for the first process
 * (docs/processes.md): the stack's top page holds argc, argv[], NULL, the
 * kernel's environment for init (HOME, PATH, TERM), the auxiliary vector
 * and the strings, with rsp 16-byte aligned; .data has its initial values and
 * .bss is zero (the loader must not copy file bytes past a segment's end
 * into the page the data and bss share). */
#include "ut.h"

static volatile int data_init[4] = { 11, 22, 33, 44 };
static volatile unsigned char bss_init[32];

static int on_stack_top_page(const void *p)
{
    uintptr_t a = (uintptr_t)p;
    return a >= USER_STACK_TOP - PAGE_SIZE && a < USER_STACK_TOP;
}

void test_args(void)
{
    int argc = ut_argc;
    char **argv = ut_argv;

    CHECK(argc >= 1);
    CHECK_EQ((uintptr_t)argv % 16, 8);      /* rsp % 16 == 0, argv = rsp + 8 */
    CHECK_EQ(((long *)argv)[-1], argc);
    CHECK(on_stack_top_page(argv - 1));
    CHECK(argv[argc] == NULL);
    CHECK(strcmp(argv[0], "usertests") == 0);
    for (int i = 0; i < argc; i++) {
        CHECK(on_stack_top_page(argv[i]));
        CHECK(on_stack_top_page(argv[i] + strlen(argv[i])));
        CHECK((uintptr_t)argv[i] > (uintptr_t)&argv[argc]);
        CHECK(argv[i][0] != 0);
    }
    char **envp = argv + argc + 1;
    CHECK(envp == ut_envp);
    if (getpid() == 1 || getppid() == 1) {   /* started by the kernel, or its child */
        CHECK(envp[0] && strcmp(envp[0], "HOME=/") == 0);
        CHECK(envp[1] && strcmp(envp[1], "PATH=/bin") == 0);
        CHECK(envp[2] && strcmp(envp[2], "TERM=vt100") == 0);
        CHECK(envp[3] == NULL);
    }
    int envc = 0;
    while (envp[envc])
        envc++;
    CHECK(envc < 64);
    envp += envc;

    long *aux = (long *)(envp + 1), pagesz = -1;
    int n = 0;
    for (; n < 64 && aux[2 * n] != AT_NULL; n++)
        if (aux[2 * n] == AT_PAGESZ)
            pagesz = aux[2 * n + 1];
    CHECK(n < 64);
    CHECK_EQ(pagesz, PAGE_SIZE);
    CHECK(on_stack_top_page(&aux[2 * n + 1]));

    for (int i = 0; i < 4; i++)
        CHECK_EQ(data_init[i], 11 * (i + 1));
    for (size_t i = 0; i < sizeof bss_init; i++)
        CHECK_EQ(bss_init[i], 0);
}
