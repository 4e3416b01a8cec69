/* viewer_virt.c -- one process's virtual map. The user half is 128 TiB and
 * nearly empty, so only the 64-page rows that hold a mapping are kept, in
 * address order: the program at 0x400000 and its heap, then the stack just
 * below USER_TOP. Each mapped page shows the owner of the physical page
 * behind it (shared program text is 'S' in every process), in reverse
 * video when the PTE lets user mode in. */
#include "kernel/kernel.h"
#include "inspect/viewer/viewer_internal.h"
#include "mm/vmspace.h"
#include "mm/page.h"

static uint16_t viewer_virt_cell(pte_t pte)
{
    if (!pte_present(pte))
        return viewer_swapped_cell();
    return viewer_page_cell(pa_to_page(PTE_ADDR(pte)), pte & PTE_U);
}

static void viewer_vrow_start(struct viewer_vrow *row, uintptr_t base)
{
    row->base = base;
    for (int i = 0; i < VIEWER_ROW_PAGES; i++)
        row->cell[i] = SCREEN_CELL(' ', SCREEN_DEFAULT_ATTR);
}

/* Walk vm's user half with the leaf iterator, which jumps over absent
 * tables, so a few mapped pages cost a few steps. Stops at the first leaf
 * that would need a row beyond `max`: the work is bounded by what fits on
 * the screen, not by the size of the process. */
static int viewer_virt_walk(struct vmspace *vm, struct viewer_vrow *const *rows, int max,
                            bool *more)
{
    int n = 0;
    struct pt_iter it;
    for (pt_iter_init(&it, vm->pml4, 0, USER_TOP); pt_iter_next(&it);) {
        uintptr_t base = ALIGN_DOWN(it.va, VIEWER_ROW_BYTES);
        if (n == 0 || rows[n - 1]->base != base) {
            if (n == max) {
                *more = true;
                break;
            }
            viewer_vrow_start(rows[n++], base);
        }
        rows[n - 1]->cell[(it.va - base) / PAGE_SIZE] = viewer_virt_cell(*it.pte);
    }
    return n;
}

/* Why tries and not waits: this runs in the timer tick. On the tick's CPU
 * neither lock can be held, because a spinlock keeps interrupts off for as
 * long as it is held, so the tick never lands inside a holder; waiting
 * would then be safe there. But another CPU may hold them for a whole
 * fork or exit, and a tick must not spin that long with interrupts off:
 * a busy lock skips the frame and the next tick tries again.
 * The list lock is kept while the table is read: vmspace_destroy takes
 * the space off the list (under that lock) before freeing anything, so a
 * space found on the list stays whole until the lock is dropped. Order as
 * in docs/locking.md: vmspace_list_lock, then vm->lock. */
int viewer_virt_collect(int pid, struct viewer_vrow *const *rows, int max, bool *more)
{
    *more = false;
    if (!spin_trylock(&vmspace_list_lock))
        return -1;
    struct vmspace *vm = vmspace_list;
    while (vm && vm->id != pid)
        vm = vm->next;
    int n = 0;
    if (vm && !spin_trylock(&vm->lock))
        n = -1;
    else if (vm) {
        n = viewer_virt_walk(vm, rows, max, more);
        spin_unlock(&vm->lock);
    }
    spin_unlock(&vmspace_list_lock);
    return n;
}
