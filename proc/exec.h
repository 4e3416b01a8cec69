/* exec.h -- loading a program from the initrd into a process. */
#ifndef PROC_EXEC_H
#define PROC_EXEC_H
struct proc;
/* exec_load: map program `name` and a stack holding argv into p's empty
 * address space and point p's trapframe at the entry. 0, or -ENOENT,
 * -ENOEXEC (*why says why), -E2BIG or -ENOMEM; on failure the address
 * space may hold part of the program: the caller destroys it. */
int exec_load(struct proc *p, const char *name, int argc, const char *const argv[], const char **why);
#endif
