/* uaccess.h -- the only way the kernel reads or writes user memory.
 *
 * Every user address a system call receives goes through these. They check
 * the whole range first (no wrap, inside the user half), then translate
 * each page through the current address space's page table, requiring
 * PTE_U (and PTE_W to write), and copy through the direct map. A page that
 * is missing or forbidden goes to vm_fault(), as a trap would; if that
 * refuses, the copy fails with -EFAULT. No user value can make the kernel
 * fault, and SMAP stays on: the kernel never dereferences a user address.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* uaccess_range_ok: [uva, uva+n) lies in the user half without wrapping
 * (an empty range always does). */
bool uaccess_range_ok(uintptr_t uva, size_t n);

/* 0, -EFAULT, or -ENOMEM when a page the copy needed could not be made. */
int copyin(void *dst, uintptr_t usrc, size_t n);
int copyout(uintptr_t udst, const void *src, size_t n);
/* copyin_vm / copyout_vm: the same, in address space vm, which need not be
 * the current one (exec writes the new program's stack before switching to
 * it). The caller must not hold vm->lock. */
struct vmspace;
int copyin_vm(struct vmspace *vm, void *dst, uintptr_t usrc, size_t n);
int copyout_vm(struct vmspace *vm, uintptr_t udst, const void *src, size_t n);
/* strnlen_user: the length of the user string at us, without its NUL, if
 * the NUL comes within max bytes; max if it does not; -EFAULT if a byte
 * before it cannot be read. (The string may change once this returns: a
 * caller that copies it must check what it copied.) */
long strnlen_user(uintptr_t us, size_t max);
long strnlen_user_vm(struct vmspace *vm, uintptr_t us, size_t max);
/* copyinstr: a NUL-terminated string of at most max bytes (NUL included):
 * its length, -EFAULT, or -ENAMETOOLONG. */
long copyinstr(char *dst, uintptr_t usrc, size_t max);
/* uaccess_check: every page of the range lies in an area that allows the
 * access (VM_READ or VM_WRITE, mm/vm_fault.h); 0 or -EFAULT. Pages are not
 * made: a copy may still fail with -ENOMEM. Lets a call refuse a bad
 * buffer before it does anything (write prints nothing, wait reaps nobody). */
int uaccess_check(uintptr_t uva, size_t n, int access);
#endif
