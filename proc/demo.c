/* demo.c -- the WeensyOS workloads (see demo.h).
 *
 * A switch kills every process, waits in the scheduler until all are
 * reaped, checks that every page came back (the same check init's exit
 * runs), then starts the new workload's processes. Keys only set a flag;
 * the scheduler loop does the work, outside interrupt context.
 */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "kernel/keys.h"
#include "proc/proc.h"
#include "proc/demo.h"
#include "proc/shutdown.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/machine.h"
#include "inspect/viewer/viewer.h"

struct demo {
    char key;
    const char *name;
    const char *program;
    int copies;                  /* processes to start, argv[1] = 1..copies */
};

static const struct demo demos[] = {
    { 'a', "allocators", "allocator", 4 },
    { 'f', "fork", "fork", 1 },
    { 'e', "forkexit", "forkexit", 1 },
    { 'w', "swap", "pager", 2 },     /* with a swap device: pages out and back (docs/swap.md) */
};
#define NDEMOS ((int)(sizeof(demos) / sizeof(demos[0])))

static volatile int demo_next = -1;  /* requested by a key or the cmdline */
static bool demo_killing;            /* the switch has killed everyone */
static uint64_t demo_end_tick;       /* demo_ticks: when to stop, or 0 */
static bool demo_on;

static void demo_key(char key)
{
    for (int i = 0; i < NDEMOS; i++)
        if (demos[i].key == key)
            demo_next = i;
}

static void demo_quit(char key)
{
    (void)key;
    kprintf("demo: q pressed, powering off\n");
    machine_poweroff();
}

static void demo_start(const struct demo *d)
{
    kprintf("demo: starting %s (%d x %s)\n", d->name, d->copies, d->program);
    for (int i = 1; i <= d->copies; i++) {
        char num[4];
        snprintf(num, sizeof(num), "%d", i);
        const char *argv[] = { d->program, num, 0 };
        proc_spawn(d->program, 2, argv);
    }
}

bool demo_init(void)
{
    const char *name = cmdline_get("demo");
    if (!name)
        return false;
    for (int i = 0; i < NDEMOS; i++)
        if (strcmp(demos[i].name, name) == 0)
            demo_next = i;
    if (demo_next < 0)
        panic("demo: unknown workload '%s' (allocators, fork, forkexit)", name);
    for (int i = 0; i < NDEMOS; i++)
        keys_register(demos[i].key, demo_key, demos[i].name);
    keys_register('q', demo_quit, "power off");
    keys_enable(true);
    long ticks = cmdline_get_long("demo_ticks", 0);
    if (ticks > 0)
        demo_end_tick = timer_ticks() + ticks;
    demo_on = true;
    /* WeensyOS shows the memory viewer while its workloads run. */
    if (!cmdline_has("noviewer"))
        viewer_start();
    return true;
}

void demo_poll(void)
{
    if (!demo_on)
        return;
    if (demo_end_tick && timer_ticks() >= demo_end_tick) {
        demo_end_tick = 0;
        demo_next = -1;
        shutdown_request("demo_ticks reached");
        return;
    }
    int next = demo_next;
    if (next < 0)
        return;
    if (!demo_killing) {
        demo_killing = true;
        if (proc_kill_all())
            kprintf("demo: switching to %s: ending all processes\n", demos[next].name);
    }
    if (!shutdown_reap_all())
        return;                  /* not everyone has died yet */
    shutdown_check_pages("demo switch");
    demo_killing = false;
    demo_next = -1;
    demo_start(&demos[next]);
}
