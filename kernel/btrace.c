/* btrace.c -- see btrace.h. */
#include "kernel/kernel.h"
#include "kernel/btrace.h"
#include "kernel/cmdline.h"

bool btrace_on;
static uint64_t sum[BT_COUNT], count[BT_COUNT];
static const char *const names[BT_COUNT] = {
    "fork", "fork.proc_alloc", "fork.proc_alloc.kstack", "fork.vmspace_copy",
    "exit", "exit.release_memory", "reap", "sched", "vm_fault",
    "exec", "exec.find", "exec.image", "exec.stack", "exec.commit",
    "swapin.read", "swapin.wait",
};

void btrace_init(void) { btrace_on = cmdline_has("bench_trace"); }

void btrace_add(enum btrace_span s, uint64_t cycles)
{
    __atomic_add_fetch(&sum[s], cycles, __ATOMIC_RELAXED);
    __atomic_add_fetch(&count[s], 1, __ATOMIC_RELAXED);
}

void btrace_report(void)
{
    if (!btrace_on)
        return;
    for (int s = 0; s < BT_COUNT; s++)
        if (count[s])
            kprintf("btrace: %-24s %8lu times, %10lu cycles each\n", names[s], count[s],
                    sum[s] / count[s]);
}
