/* stubs_tmp.c -- placeholders while the tty is written. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "include/weensy/errno.h"
long sys_ioctl(long a, long b, uintptr_t c) { (void)a; (void)b; (void)c; return -ENOSYS; }
