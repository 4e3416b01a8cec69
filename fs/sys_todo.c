/* sys_todo.c -- the file calls not written yet: -ENOSYS. (Temporary: each
 * moves to its file as it is written.) */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "include/weensy/errno.h"
