/* allocator.c -- the allocator workload (see allocator.h). */
#include "weensy.h"
#include "allocator.h"
#include "arch/x86_64/memlayout.h"

extern char _end[];

_Noreturn void allocator_run(int speed)
{
    uintptr_t heap_top = PAGE_ALIGN_UP((uintptr_t)_end);
    uintptr_t stack_bottom = USER_STACK_LIMIT;
    long pages = 0;
    srand((unsigned)getpid() * 2654435761u);
    for (;;) {
        if (rand() % 100 < speed) {
            if (heap_top >= stack_bottom || sys_page_alloc((long)heap_top) < 0)
                break;
            /* Touch the page, so the memory is really used. */
            *(volatile long *)heap_top = getpid();
            heap_top += PAGE_SIZE;
            pages++;
        }
        sched_yield();
    }
    printf("allocator: pid %d out of memory after %ld pages\n", getpid(), pages);
    for (;;)
        sched_yield();
}
