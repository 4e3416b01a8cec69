/* mmap.h -- the cores of the system calls in mm/mmap.c that in-kernel
 * tests call on an address space of their own (kernel/syscall.h has the
 * calls themselves, which work on the caller's). */
#ifndef MM_MMAP_H
#define MM_MMAP_H
#include <stdint.h>

struct vmspace;
struct vm_object;

/* mmap's flags (Linux's) */
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_KNOWN     (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS)

/* The halves of mmap, for its system call (fs/sys_mmap.c), which sorts
 * anonymous memory from files: each checks the flags, length and offset
 * as Linux does and returns the address or an error.
 * mmap_anon: private zero-fill memory, or a new shared segment (fork
 * keeps it shared). mmap_object: obj's pages from offset off on, shared
 * (MAP_SHARED) or copy-on-write (MAP_PRIVATE), never with more than
 * maxprot (-EACCES); the area takes its own reference on obj.
 * mmap_msync: msync's checks (the range must be mapped: -ENOMEM); nothing
 * is waiting to be written anywhere. */
long mmap_anon(uintptr_t addr, size_t len, long prot, long flags, long off);
long mmap_object(uintptr_t addr, size_t len, long prot, long flags, long off, struct vm_object *obj,
                 int maxprot);
long mmap_msync(uintptr_t addr, size_t len, long flags);

/* mmap_page_alloc: page_alloc(addr) in vm (addr checked by the caller):
 * a one-page anonymous area at addr with a fresh zeroed page mapped, in
 * place of whatever was there. 0, or -ENOMEM with vm as it was. */
long mmap_page_alloc(struct vmspace *vm, uintptr_t addr);
#endif
