/* pager -- a workload that pages, for the viewer with swap (docs/swap.md):
 * like WeensyOS's allocator it grows its heap a page at a time
 * (page_alloc), each page holding its pid and index, until the call fails
 * (swap full too) or it has MAX pages; then it goes round its pages for
 * ever, in order, checking each one and writing it again. On a
 * small machine with a swap device (mem=2M swap=ram), pages go out and
 * come back all the time: '~' cells come and go in the viewer's virtual
 * map, and the status line counts the slots in use.
 *
 *   pager [N]     N: which copy (1, 2, ...), for the speed and the line
 *
 * Prints one line when it has grown, and MISMATCH (then exits 1) if a
 * page ever reads back wrong. */
#include "weensy.h"
#include "arch/x86_64/memlayout.h"

#define MAX 100

extern char _end[];

static uint64_t mark(long i) { return ((uint64_t)getpid() << 32) | (uint64_t)i; }

int main(int argc, char **argv)
{
    int copy = argc > 1 ? atoi(argv[1]) : 1;
    uintptr_t heap = PAGE_ALIGN_UP((uintptr_t)_end);
    long n = 0;
    for (; n < MAX && sys_page_alloc((long)(heap + n * PAGE_SIZE)) == 0; n++) {
        *(volatile uint64_t *)(heap + n * PAGE_SIZE) = mark(n);
        if (n % (4 * copy) == 0)
            sched_yield();
    }
    printf("pager: pid %d has %ld pages; going round them\n", getpid(), n);
    if (n == 0)
        return 1;
    for (long round = 0;; round++) {
        for (long i = 0; i < n; i++) {
            volatile uint64_t *w = (volatile uint64_t *)(heap + i * PAGE_SIZE);
            if (*w != mark(i)) {
                printf("pager: MISMATCH: pid %d page %ld holds %#lx\n", getpid(), i, (unsigned long)*w);
                return 1;
            }
            *w = mark(i);
            if (i % 8 == 0)
                sched_yield();
        }
    }
}
