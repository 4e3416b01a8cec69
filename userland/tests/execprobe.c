/* execprobe -- a program for exec's tests to run: it checks what it was
 * started with and answers through its exit status (0: all as expected;
 * 1: something was not, with a line saying what).
 *
 *   execprobe check ARGC ENVC EXECFN [ARG...]
 *       argc and envc are as given, AT_EXECFN names EXECFN, and each
 *       further argument and every environment string describes itself:
 *       "<tag>:<len>:" then 'x' up to len bytes in all (exec_selfdesc in
 *       usertests makes them); the start-up stack is laid out as the
 *       System V ABI says (docs/processes.md), the auxiliary vector is
 *       complete and true
 *   execprobe ids PID PPID PGID   getpid, getppid, getpgid are these
 *   execprobe child PID CODE      PID is still our child: it exits CODE
 *   execprobe free MIN            at least MIN pages are free
 *   execprobe random KEY          write AT_RANDOM's 16 bytes into the first
 *                                 bytes of shared memory segment KEY
 *   execprobe exit CODE           exit at once with CODE
 *   execprobe sleep               sleep until killed
 */
#include "weensy.h"
#include "arch/x86_64/memlayout.h"
#include "kernel/elf.h"

extern char _start[];

static int failed;

#define PROBE(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("execprobe: line %d: CHECK(%s) FAILED\n", __LINE__, #cond); \
            failed = 1;                                                      \
        }                                                                    \
    } while (0)

static long num(const char *s)
{
    return strtol(s, 0, 0);
}

static bool on_stack(const void *p)
{
    uintptr_t a = (uintptr_t)p;
    return a >= USER_STACK_LIMIT && a < USER_STACK_TOP;
}

/* A self-describing string: "<tag>:<len>:xxx..." of len bytes. */
static bool selfdesc_ok(const char *s)
{
    const char *c = strchr(s, ':');
    if (!c)
        return false;
    size_t len = (size_t)strtoul(c + 1, 0, 10);
    const char *x = strchr(c + 1, ':');
    if (!x || strlen(s) != len)
        return false;
    for (x++; *x; x++)
        if (*x != 'x')
            return false;
    return true;
}

static void check_layout(int argc, char **argv, char **envp)
{
    unsigned long *sp = __initial_sp;
    PROBE((uintptr_t)sp % 16 == 0);
    PROBE(sp[0] == (unsigned long)argc);
    PROBE((char **)(sp + 1) == argv);
    PROBE(argv[argc] == NULL);
    PROBE(envp == argv + argc + 1);
    char *last = (char *)&argv[argc];
    for (int i = 0; i < argc; i++) {
        PROBE(on_stack(argv[i]) && argv[i] > last);
        last = argv[i] + strlen(argv[i]);
    }
    for (char **e = envp; *e; e++) {
        PROBE(on_stack(*e) && *e > last);
        last = *e + strlen(*e);
    }
}

static void check_phdrs(void)
{
    const struct elf64_phdr *ph = (const void *)getauxval(AT_PHDR);
    unsigned long n = getauxval(AT_PHNUM);
    PROBE(ph != NULL && n >= 1 && n < 16);
    PROBE(getauxval(AT_PHENT) == sizeof(struct elf64_phdr));
    bool entry_found = false;
    for (unsigned long i = 0; ph && i < n && i < 16; i++)
        if (ph[i].type == PT_LOAD && (ph[i].flags & PF_X) && (uintptr_t)_start >= ph[i].vaddr &&
            (uintptr_t)_start - ph[i].vaddr < ph[i].memsz)
            entry_found = true;
    PROBE(entry_found);
}

static void check_auxv(const char *execfn, char **argv, int argc)
{
    PROBE(getauxval(AT_PAGESZ) == 4096);
    PROBE(getauxval(AT_ENTRY) == (unsigned long)_start);
    PROBE(getauxval(AT_BASE) == 0);
    PROBE(getauxval(AT_SECURE) == 0);
    check_phdrs();
    const unsigned char *r = (const void *)getauxval(AT_RANDOM);
    PROBE(r && on_stack(r) && on_stack(r + 15));
    int nonzero = 0;
    for (int i = 0; r && i < 16; i++)
        nonzero |= r[i];
    PROBE(nonzero);
    PROBE((uintptr_t)r > (uintptr_t)&argv[argc]);
    const char *fn = (const char *)getauxval(AT_EXECFN);
    PROBE(fn && on_stack(fn) && strcmp(fn, execfn) == 0);
}

static int probe_check(int argc, char **argv, char **envp)
{
    PROBE(argc >= 5 && argc == num(argv[2]));
    int envc = 0;
    while (envp[envc])
        envc++;
    PROBE(envc == num(argv[3]));
    for (int i = 5; i < argc; i++)
        PROBE(selfdesc_ok(argv[i]));
    for (int i = 0; i < envc; i++)
        PROBE(selfdesc_ok(envp[i]));
    check_layout(argc, argv, envp);
    check_auxv(argv[4], argv, argc);
    return failed;
}

static int probe_ids(char **argv)
{
    PROBE(getpid() == num(argv[2]));
    PROBE(getppid() == num(argv[3]));
    PROBE(getpgid(0) == num(argv[4]));
    return failed;
}

static int probe_child(char **argv)
{
    int status;
    pid_t pid = (pid_t)num(argv[2]);
    PROBE(waitpid(pid, &status, 0) == pid);
    PROBE(WIFEXITED(status) && WEXITSTATUS(status) == num(argv[3]));
    return failed;
}

static int probe_random(char **argv)
{
    long id = sys_shmget(num(argv[2]), 4096, 0);
    long addr = id < 0 ? id : sys_shmat(id, 0, 0);
    PROBE(id >= 0 && addr > 0);
    if (failed)
        return 1;
    memcpy((void *)addr, (const void *)getauxval(AT_RANDOM), 16);
    return sys_shmdt(addr) == 0 ? 0 : 1;
}

int main(int argc, char **argv, char **envp)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "check") == 0)
        return probe_check(argc, argv, envp);
    if (strcmp(mode, "ids") == 0 && argc == 5)
        return probe_ids(argv);
    if (strcmp(mode, "child") == 0 && argc == 4)
        return probe_child(argv);
    if (strcmp(mode, "free") == 0 && argc == 3)
        return page_count() >= num(argv[2]) ? 0 : 1;
    if (strcmp(mode, "random") == 0 && argc == 3)
        return probe_random(argv);
    if (strcmp(mode, "exit") == 0 && argc == 3)
        return (int)num(argv[2]);
    if (strcmp(mode, "sleep") == 0)
        for (;;)
            sleep_ms(1000);
    printf("execprobe: unknown mode '%s' (argc %d)\n", mode, argc);
    return 2;
}
