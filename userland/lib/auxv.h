/* auxv.h -- the auxiliary vector the kernel put on the stack at exec
 * (include/weensy/auxv.h names the entries). */
#ifndef USER_AUXV_H
#define USER_AUXV_H
#include "include/weensy/auxv.h"

/* getauxval: the value of entry type, or 0 (errno ENOENT) if absent. */
unsigned long getauxval(unsigned long type);
/* The stack pointer the kernel started the program with (crt0 saves it):
 * argc is there, then argv, envp and the auxiliary vector. */
extern unsigned long *__initial_sp;
#endif
