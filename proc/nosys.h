/* nosys.h -- what a call weensy does not have does (proc/nosys.c). */
#ifndef PROC_NOSYS_H
#define PROC_NOSYS_H
/* sys_nosys: -ENOSYS for call nr, reported once per program and number. */
long sys_nosys(unsigned long nr);
#endif
