/* stubs_tmp.c -- placeholders while the shell's calls are written. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "include/weensy/errno.h"
long sys_setpgid(long a, long b) { (void)a; (void)b; return -ENOSYS; }
long sys_getpgid(long a) { (void)a; return -ENOSYS; }
long sys_getpgrp(void) { return -ENOSYS; }
long sys_sched_setaffinity(long a, size_t b, uintptr_t c) { (void)a; (void)b; (void)c; return -ENOSYS; }
long sys_sched_getaffinity(long a, size_t b, uintptr_t c) { (void)a; (void)b; (void)c; return -ENOSYS; }
long sys_ioctl(long a, long b, uintptr_t c) { (void)a; (void)b; (void)c; return -ENOSYS; }
long sys_procs(uintptr_t a, size_t b, size_t c) { (void)a; (void)b; (void)c; return -ENOSYS; }
long sys_meminfo(uintptr_t a, size_t b) { (void)a; (void)b; return -ENOSYS; }
long sys_programs(uintptr_t a, size_t b, size_t c) { (void)a; (void)b; (void)c; return -ENOSYS; }
long sys_viewer(long a) { (void)a; return -ENOSYS; }
