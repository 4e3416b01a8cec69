/* syscall_names.h -- Linux's x86-64 system-call names (syscall_names.c). */
#ifndef KERNEL_SYSCALL_NAMES_H
#define KERNEL_SYSCALL_NAMES_H
/* syscall_name: the name of call nr, or NULL if Linux has none. */
const char *syscall_name(unsigned long nr);
#endif
