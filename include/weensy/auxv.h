/* auxv.h -- the auxiliary vector's entry types (the System V x86-64 ABI and
 * Linux's <elf.h>): what exec puts above envp on a new program's stack.
 * Shared by the kernel (proc/exec_stack.c) and userland (getauxval). */
#ifndef WEENSY_AUXV_H
#define WEENSY_AUXV_H
#define AT_NULL    0             /* the end of the vector */
#define AT_PHDR    3             /* where the program headers are in memory */
#define AT_PHENT   4             /* the size of one program header */
#define AT_PHNUM   5             /* how many program headers */
#define AT_PAGESZ  6             /* the page size */
#define AT_BASE    7             /* the interpreter's base (0: none) */
#define AT_FLAGS   8
#define AT_ENTRY   9             /* the program's entry point */
#define AT_UID     11
#define AT_EUID    12
#define AT_GID     13
#define AT_EGID    14
#define AT_HWCAP   16            /* CPUID leaf 1's edx */
#define AT_CLKTCK  17            /* times() ticks per second */
#define AT_SECURE  23
#define AT_RANDOM  25            /* the address of 16 random bytes */
#define AT_EXECFN  31            /* the address of the path exec was given */
#endif
