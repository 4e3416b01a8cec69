/* aslr.c -- a new program's layout, random or fixed (see aslr.h). */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "kernel/random.h"
#include "proc/aslr.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "kernel/syscall.h"
#include "arch/x86_64/memlayout.h"

bool aslr_enabled(void)
{
    return !cmdline_has("norandmaps");
}

/* aslr_pages: a random multiple of PAGE_SIZE below span (0 if span is
 * under a page). The modulo's bias is a few parts in 2^40: immaterial. */
static uintptr_t aslr_pages(uintptr_t span)
{
    uint64_t r;
    uint64_t pages = span / PAGE_SIZE;
    if (pages == 0)
        return 0;
    random_bytes(&r, sizeof(r));
    return (uintptr_t)(r % pages) * PAGE_SIZE;
}

/* The end of img's highest segment once loaded at base. */
static uintptr_t aslr_image_end(const struct elf_image *img, uintptr_t base)
{
    const struct elf_segment *last = &img->seg[img->nsegs - 1];   /* sorted by vaddr */
    return PAGE_ALIGN_UP(base + last->vaddr + last->memsz);
}

/* personality(2): 0xffffffff asks; any other value is kept (Linux keeps
 * any), the old one returned. ADDR_NO_RANDOMIZE turns randomization off
 * for the next exec on (setarch -R), as `norandmaps` does for all. */
long sys_personality(long persona)
{
    struct sighand *sh = myproc()->sig;
    spin_lock(&sh->lock);
    uint32_t old = sh->personality;
    if ((uint32_t)persona != 0xffffffffu)
        sh->personality = (uint32_t)persona;
    spin_unlock(&sh->lock);
    return old;
}

bool aslr_off_for(struct proc *p)
{
    struct sighand *sh = p->sig;
    if (!sh)
        return false;
    spin_lock(&sh->lock);
    bool off = sh->personality & ADDR_NO_RANDOMIZE;
    spin_unlock(&sh->lock);
    return off;
}

void aslr_layout(const struct elf_image *img, bool norandom, struct exec_layout *out)
{
    bool rnd = aslr_enabled() && !img->fixed && !norandom;
    out->base = !img->pie ? 0 : USER_PIE_BASE + (rnd ? aslr_pages(USER_PIE_RAND) : 0);
    /* The stack comes down no further than leaves its reach and guard gap
     * above the image (elf.c keeps an ET_EXEC image below USER_MMAP_TOP,
     * possibly right under it; a PIE image is far below). */
    uintptr_t end = aslr_image_end(img, out->base);
    assert(end <= USER_MMAP_TOP);
    uintptr_t room = USER_MMAP_TOP - end;
    out->stack_top = USER_STACK_TOP - (rnd ? aslr_pages(MIN(room + PAGE_SIZE, USER_STACK_RAND)) : 0);
    out->mmap_top = out->stack_top - USER_STACK_MAX - USER_STACK_GAP - (rnd ? aslr_pages(USER_MMAP_RAND) : 0);
}
