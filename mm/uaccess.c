/* uaccess.c -- copies between the kernel and the current process's user
 * memory, page by page, under the address space's lock (see uaccess.h). */
#include "kernel/kernel.h"
#include "mm/uaccess.h"
#include "mm/vm_fault.h"
#include "mm/vm_area.h"
#include "mm/vmspace.h"
#include "include/weensy/errno.h"

bool uaccess_range_ok(uintptr_t uva, size_t n)
{
    if (n == 0)
        return true;
    return uva >= USER_BASE && uva < USER_TOP && n <= USER_TOP - uva;
}

/* uaccess_page: the kernel address of user byte va if its page allows
 * `access`, asking vm_fault() (as a trap would) to make it so. 0, or
 * -EFAULT / -ENOMEM. */
static int uaccess_page(struct vmspace *vm, uintptr_t va, int access, uint8_t **kva)
{
    uint64_t need = PTE_P | PTE_U | (access & VM_WRITE ? PTE_W : 0);
    /* Two faults may be needed: a page back from swap comes read-only (in
     * the swap cache, mm/swap.h), and a write then breaks copy-on-write.
     * -EAGAIN (the page was read, the lock let go) does not count. */
    for (int faults = 0; faults <= 2;) {
        pte_t e = pt_lookup(vm->pml4, va);
        if ((e & need) == need) {
            *kva = (uint8_t *)pa_to_kva(PTE_ADDR(e)) + (va & (PAGE_SIZE - 1));
            return 0;
        }
        int err = faults++ < 2 ? vm_fault(vm, va, access) : -EFAULT;
        if (err == -EAGAIN)
            faults--;
        else if (err)
            return err == -ENOMEM ? -ENOMEM : -EFAULT;
    }
    return -EFAULT;
}

/* uaccess_walk: for each page-sized piece of [uva, uva+n) in vm, find it
 * with `access` and, if kbuf is given, copy it in (VM_READ) or out
 * (VM_WRITE). */
static int uaccess_walk(struct vmspace *vm, uintptr_t uva, uint8_t *kbuf, size_t n, int access)
{
    if (!uaccess_range_ok(uva, n))
        return -EFAULT;
    if (n && vm == &kernel_vmspace)
        return -EFAULT;
    while (n) {
        size_t chunk = PAGE_SIZE - (uva & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        uint8_t *k = 0;
        spin_lock(&vm->lock);
        int err = uaccess_page(vm, uva, access, &k);
        if (!err && kbuf) {
            if (access & VM_WRITE)
                memcpy(k, kbuf, chunk);
            else
                memcpy(kbuf, k, chunk);
        }
        spin_unlock(&vm->lock);
        if (err)
            return err;
        uva += chunk;
        n -= chunk;
        if (kbuf)
            kbuf += chunk;
    }
    return 0;
}

int copyin(void *dst, uintptr_t usrc, size_t n)
{
    return uaccess_walk(vmspace_current(), usrc, dst, n, VM_READ);
}

int copyout(uintptr_t udst, const void *src, size_t n)
{
    return uaccess_walk(vmspace_current(), udst, (uint8_t *)src, n, VM_WRITE);
}

int copyin_vm(struct vmspace *vm, void *dst, uintptr_t usrc, size_t n)
{
    return uaccess_walk(vm, usrc, dst, n, VM_READ);
}

int copyout_vm(struct vmspace *vm, uintptr_t udst, const void *src, size_t n)
{
    return uaccess_walk(vm, udst, (uint8_t *)src, n, VM_WRITE);
}

/* uaccess_mapped: every page of [uva, uva+n) is mapped with `access`
 * allowed. A leaf never allows more than its area (mm_check's rule 6), so
 * a yes needs no area lookup: the table answers most checks (a small
 * buffer, such as wait4's status, on a page in use). */
static bool uaccess_mapped(struct vmspace *vm, uintptr_t uva, size_t n, int access)
{
    assert(spin_holding(&vm->lock));
    uint64_t need = PTE_P | PTE_U | (access & VM_WRITE ? PTE_W : 0);
    for (uintptr_t va = PAGE_ALIGN_DOWN(uva); va < uva + n; va += PAGE_SIZE)
        if ((pt_lookup(vm->pml4, va) & need) != need)
            return false;
    return true;
}

/* uaccess_check asks the areas, not the page table, so checking a large
 * buffer in untouched memory does not fill it in; a buffer of a page or
 * two is looked up in the table first. */
int uaccess_check(uintptr_t uva, size_t n, int access)
{
    if (!uaccess_range_ok(uva, n))
        return -EFAULT;
    if (n == 0)
        return 0;
    struct vmspace *vm = vmspace_current();
    if (vm == &kernel_vmspace)
        return -EFAULT;
    spin_lock(&vm->lock);
    bool ok = (n <= PAGE_SIZE && uaccess_mapped(vm, uva, n, access)) || vm_area_allows(vm, uva, uva + n, access);
    spin_unlock(&vm->lock);
    return ok ? 0 : -EFAULT;
}

/* strnlen_user_vm: scan page by page under the lock, so a long string costs
 * one translation per page, not per byte. */
long strnlen_user_vm(struct vmspace *vm, uintptr_t us, size_t max)
{
    if (vm == &kernel_vmspace)
        return -EFAULT;
    size_t len = 0;
    while (len < max) {
        uintptr_t va = us + len;
        if (va < us || !uaccess_range_ok(va, 1))
            return -EFAULT;
        size_t chunk = MIN(PAGE_SIZE - (va & (PAGE_SIZE - 1)), max - len);
        uint8_t *k = 0;
        spin_lock(&vm->lock);
        int err = uaccess_page(vm, va, VM_READ, &k);
        const uint8_t *nul = err ? 0 : memchr(k, 0, chunk);
        spin_unlock(&vm->lock);
        if (err)
            return -EFAULT;
        if (nul)
            return (long)(len + (size_t)(nul - k));
        len += chunk;
    }
    return (long)max;
}

long strnlen_user(uintptr_t us, size_t max)
{
    return strnlen_user_vm(vmspace_current(), us, max);
}

long copyinstr(char *dst, uintptr_t usrc, size_t max)
{
    long len = strnlen_user(usrc, max);
    if (len < 0)
        return len;
    if ((size_t)len == max)
        return -ENAMETOOLONG;
    if (copyin(dst, usrc, (size_t)len) < 0)
        return -EFAULT;
    dst[len] = 0;
    return len;
}
