/* exec.h -- running a program in place of a process's current one: the
 * execve system call, and the kernel's own start of the first process
 * (and of the demo workloads), through the same code.
 *
 * The new image is built completely, in a new address space, before the
 * old one is touched: any failure leaves the caller exactly as it was.
 * On success the old address space goes (every page of it) and the
 * process keeps its pid, parent, children, process group and CPU mask.
 */
#ifndef PROC_EXEC_H
#define PROC_EXEC_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct proc;
struct vmspace;
struct program;
struct vnode;

/* The longest path exec accepts, NUL included, and the longest name in it
 * (Linux's PATH_MAX and NAME_MAX): longer is -ENAMETOOLONG. */
#define EXEC_PATH_MAX 4096
#define EXEC_NAME_MAX 255
/* What the arguments and the environment may take on the new stack: their
 * strings with their NULs, plus 8 bytes per pointer, plus the path. More
 * is -E2BIG. (Linux allows a quarter of the stack limit, 2 MiB by default,
 * and at least 128 KiB.) */
#define EXEC_ARG_MAX (256 * 1024)

/* Scripts (proc/exec_script.c): how many interpreters deep, and the most
 * words they put before the caller's arguments. */
#define EXEC_SCRIPT_DEPTH 4
#define EXEC_PRE_MAX 12

/* Where argv and envp come from: the calling process's memory (execve), or
 * NULL-terminated kernel arrays (the first process). A NULL vector is an
 * empty one. A script's interpreter puts npre kernel strings first, pre,
 * in place of argv's first skip entries. */
struct exec_args {
    bool from_user;
    uintptr_t uargv, uenvp;
    const char *const *kargv, *const *kenvp;
    const char *pre[EXEC_PRE_MAX];
    int npre, skip;
};

/* exec_script_next (proc/exec_script.c): *file, in which exec found no
 * ELF program, is a script: *file becomes its interpreter and a gets the
 * words it puts first. -ENOEXEC if it is no script either, -ELOOP past
 * EXEC_SCRIPT_DEPTH, -ENOMEM, or the lookup's error. sc keeps the lines
 * the words point into until exec_script_done. */
struct exec_script {
    struct page *page;
    int depth;
};
int exec_script_next(struct exec_script *sc, struct proc *p, const char **file, struct exec_args *a);
void exec_script_done(struct exec_script *sc);

/* What exec_stack_build leaves for the commit. */
struct exec_start {
    uintptr_t rsp;
    uintptr_t entry;             /* where the program starts (a PIE's base added) */
    char args[96];               /* argv joined by spaces, for ps */
};

/* exec_program: run the program at path in p, with args. p is the caller
 * (execve) or an EMBRYO nobody else runs yet (the first process).
 * => 0, or -ENOENT, -ENOTDIR, -EACCES, -ENAMETOOLONG (path), -ENOEXEC
 *    (*why says what is wrong with the file), -EFAULT, -E2BIG (args),
 *    -ENOMEM; on failure p is untouched.
 * => on success p's trapframe starts the program. */
int exec_program(struct proc *p, const char *path, const struct exec_args *args, const char **why);

/* exec_lookup (proc/exec_path.c): the file path names for p, referenced:
 * looked up from p's working directory, a bare name ("hello") from /bin
 * first. -ENOENT, -ENOTDIR, -ENAMETOOLONG (the lookup's), -EACCES (not a
 * regular file, or no execute bit). */
int exec_lookup(struct proc *p, const char *path, struct vnode **out);
/* exec_basename: path's last component, cut to size (the process's name). */
void exec_basename(const char *path, char *name, size_t size);

/* exec_stack_build (proc/exec_stack.c): the stack area of vm, under
 * vm->stack_top, and on it argc, argv, envp, the auxiliary vector (which
 * gives prog's addresses plus base, where its image is loaded) and the
 * strings (the layout is drawn in exec_stack.c). Caller does not hold
 * vm->lock. */
int exec_stack_build(struct vmspace *vm, const struct program *prog, uintptr_t base, const char *path,
                     const struct exec_args *args, struct exec_start *out);
#endif
