/* viewer.c -- the memory viewer's life: off, shown (it owns the screen) or
 * hidden (started, but the text console is back on screen: key 'v'); its
 * keys; and the timer tick that redraws it and prints snapshots.
 *
 * Everything happens in the tick, under viewer_lock. Keys arrive in other
 * interrupt handlers and only queue themselves, so they run in order and
 * a snapshot ('s') shows the effect of every key typed before it.
 *
 * Why the tick may touch locks at all: it runs with interrupts off on the
 * CPU it interrupted, and that CPU held no spinlock at that moment (every
 * spinlock keeps interrupts off while held, so an interrupt never lands
 * inside a holder). So on its own CPU the tick can never wait for itself.
 * Another CPU may hold any of them for a long time, though (a fork copies
 * a whole address space under vm->lock), and a tick must not spin with
 * interrupts off meanwhile: every lock the tick takes is tried, and a
 * busy one skips the frame (the next tick tries again). viewer_start,
 * viewer_stop and viewer_note run in process context and simply wait.
 */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "kernel/keys.h"
#include "kernel/spinlock.h"
#include "kernel/console/console.h"
#include "inspect/viewer/viewer.h"
#include "inspect/viewer/viewer_internal.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "include/weensy/errno.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/x86.h"

/* At most 20 frames a second. An unchanged frame costs only compares
 * (docs/viewer.md has the measured cost), so this is about how quickly
 * the picture follows the processes, not about saving time. */
#define VIEWER_REFRESH_TICKS 5
#define VIEWER_KEYQ_SIZE 16

enum viewer_state { VIEWER_OFF, VIEWER_SHOWN, VIEWER_HIDDEN };

/* viewer_lock guards everything below it; it comes before the locks the
 * frame takes (process, address-space, screen and log locks). */
static struct spinlock viewer_lock = SPINLOCK_INIT("viewer");
static enum viewer_state state;
static struct viewer_view view;
static bool keys_were_on;          /* keys_enabled() before the viewer started */
static uint64_t next_frame;        /* tick of the next periodic redraw */
static bool frame_due;             /* redraw at the next tick (a key, a note) */
static bool report_cost;           /* print what the next frame cost */
static uint64_t cost_last, cost_max, cost_sum, cost_frames;
static long snapshot_every;        /* viewer_snapshot=N: every N ticks */
static int shown_chan;             /* viewer_show_until_hidden sleeps here */
static bool session;               /* and is sleeping there now */
static uint64_t next_snapshot;

/* The key queue has its own lock, held for a few instructions, so a key's
 * interrupt never waits for a frame being drawn. */
static struct spinlock keyq_lock = SPINLOCK_INIT("viewer keys");
static char keyq[VIEWER_KEYQ_SIZE];
static unsigned keyq_head, keyq_tail;

static void viewer_key(char c)
{
    spin_lock(&keyq_lock);
    if (keyq_tail - keyq_head < VIEWER_KEYQ_SIZE)
        keyq[keyq_tail++ % VIEWER_KEYQ_SIZE] = c;
    spin_unlock(&keyq_lock);
}

static bool viewer_key_take(char *c)
{
    spin_lock(&keyq_lock);
    bool got = keyq_head != keyq_tail;
    if (got)
        *c = keyq[keyq_head++ % VIEWER_KEYQ_SIZE];
    spin_unlock(&keyq_lock);
    return got;
}

/* ---- owning the screen -------------------------------------------------- */

static void viewer_show(void)
{
    console_enable_screen(false);      /* first, so no log line lands on us */
    screen_save();                     /* the console's cells */
    screen_show_cursor(false);
    state = VIEWER_SHOWN;
    frame_due = true;
    report_cost = true;
}

static void viewer_hide(enum viewer_state to)
{
    if (state == VIEWER_SHOWN) {
        /* The console's cursor never moved (the viewer draws cells, not
         * text): its cells back are all it takes. Log lines printed
         * meanwhile went to the serial port only. */
        screen_restore();
        screen_show_cursor(true);
        console_enable_screen(true);
        wakeup(&shown_chan);
    }
    state = to;
}

static void viewer_start_locked(void)
{
    if (state == VIEWER_OFF) {
        keys_were_on = keys_enabled();
        keys_enable(true);
    }
    if (state != VIEWER_SHOWN)
        viewer_show();
}

void viewer_start(void)
{
    if (screen_kind() == SCREEN_NONE) {
        kprintf("viewer: no screen to draw on\n");
        return;
    }
    spin_lock(&viewer_lock);
    viewer_start_locked();
    spin_unlock(&viewer_lock);
}

void viewer_stop(void)
{
    spin_lock(&viewer_lock);
    if (state != VIEWER_OFF && !keys_were_on)
        keys_enable(false);
    viewer_hide(VIEWER_OFF);
    spin_unlock(&viewer_lock);
}

int viewer_show_until_hidden(void)
{
    if (screen_kind() == SCREEN_NONE)
        return -ENODEV;
    spin_lock(&viewer_lock);
    if (state == VIEWER_SHOWN) {
        spin_unlock(&viewer_lock);
        return -EBUSY;
    }
    bool was_off = state == VIEWER_OFF;
    viewer_start_locked();
    kprintf("viewer: shown on the screen; 'v' goes back, 's' prints a snapshot here\n");
    struct proc *p = myproc();
    session = true;
    while (state == VIEWER_SHOWN && !p->killed)
        sleep(&shown_chan, &viewer_lock);
    session = false;
    int err = state == VIEWER_SHOWN ? -EINTR : 0;
    viewer_hide(was_off ? VIEWER_OFF : VIEWER_HIDDEN);
    if (was_off && !keys_were_on)
        keys_enable(false);
    spin_unlock(&viewer_lock);
    return err;
}

bool viewer_running(void) { return __atomic_load_n(&state, __ATOMIC_RELAXED) != VIEWER_OFF; }

void viewer_note(const char *msg)
{
    spin_lock(&viewer_lock);
    strlcpy(view.note, msg, sizeof(view.note));
    frame_due = true;
    spin_unlock(&viewer_lock);
}

/* ---- the tick ------------------------------------------------------------- */

/* viewer_refresh: draw a frame and time it (rdtsc: cycles, whatever the
 * accelerator). A busy lock leaves the screen as it was until next tick. */
static void viewer_refresh(uint64_t now)
{
    uint64_t t0 = rdtsc();
    bool drawn = viewer_draw(&view, now);
    uint64_t cost = rdtsc() - t0;
    if (!drawn) {
        next_frame = now + 1;
        return;
    }
    frame_due = false;
    next_frame = now + VIEWER_REFRESH_TICKS;
    cost_last = cost;
    cost_max = MAX(cost_max, cost);
    cost_sum += cost;
    cost_frames++;
    if (report_cost) {
        report_cost = false;
        kprintf("viewer: refresh %lu cycles (%lu us), first frame: every cell drawn\n", cost,
                cost / timer_tsc_per_us());
    }
}

static void viewer_toggle(uint64_t now)
{
    if (screen_kind() == SCREEN_NONE)
        return;
    if (state == VIEWER_SHOWN) {
        viewer_hide(VIEWER_HIDDEN);
        if (session)
            kprintf("viewer: closed, the console is back\n");
        else
            kprintf("viewer: hidden, console back ('v' shows the viewer)\n");
        return;
    }
    viewer_start_locked();
    viewer_refresh(now);
    kprintf("viewer: shown\n");
}

static void viewer_pin(void)
{
    if (!view.pid)
        return;
    view.pinned = !view.pinned;
    kprintf("viewer: %s pid %d\n", view.pinned ? "pinned" : "unpinned", view.pid);
}

static void viewer_scroll(int dir)
{
    viewer_phys_step(&view, dir);
    kprintf("viewer: physical map from 0x%lx\n", view.phys_top * VIEWER_ROW_BYTES);
}

/* 's': the snapshot shows every key typed before it, so draw first. */
static void viewer_snapshot_key(uint64_t now)
{
    if (state == VIEWER_SHOWN)
        viewer_refresh(now);
    viewer_snapshot();
    uint64_t avg = cost_frames ? cost_sum / cost_frames : 0;
    kprintf("viewer: refresh %lu cycles last frame, %lu on average over %lu frames (%lu us), "
            "%lu the slowest\n", cost_last, avg, cost_frames, avg / timer_tsc_per_us(), cost_max);
}

static void viewer_do_key(char c, uint64_t now)
{
    switch (c) {
    case 'v': viewer_toggle(now); return;
    case 'p': viewer_pin(); break;
    case 'n': view.advance = true; break;
    case 'j': viewer_scroll(1); break;
    case 'k': viewer_scroll(-1); break;
    case 's': viewer_snapshot_key(now); return;
    }
    frame_due = true;
}

static void viewer_tick(const struct trapframe *tf)
{
    (void)tf;
    if (!spin_trylock(&viewer_lock))
        return;                        /* start/stop/note on another CPU */
    uint64_t now = timer_ticks();
    char c;
    while (viewer_key_take(&c))
        viewer_do_key(c, now);
    if (state == VIEWER_SHOWN && (frame_due || now >= next_frame))
        viewer_refresh(now);
    if (snapshot_every > 0 && state != VIEWER_OFF && now >= next_snapshot) {
        next_snapshot = now + (uint64_t)snapshot_every;
        viewer_snapshot();
    }
    spin_unlock(&viewer_lock);
}

/* Room for a frame is taken now, at boot, sized from the screen, so that
 * starting the viewer later (a demo workload) allocates nothing: the
 * shutdown check counts every page taken after init started as a leak.
 * (The console's cells are kept by the screen: screen_save.) */
void viewer_init(void)
{
    viewer_draw_init();
    keys_register('v', viewer_key, "viewer/console");
    keys_register('p', viewer_key, "pin");
    keys_register('n', viewer_key, "next process");
    keys_register('j', viewer_key, "down");
    keys_register('k', viewer_key, "up");
    keys_register('s', viewer_key, "snapshot");
    snapshot_every = cmdline_get_long("viewer_snapshot", 0);
    proc_set_fault_observer(viewer_note);
    timer_add_tick_hook(viewer_tick);
    if (cmdline_has("viewer"))
        viewer_start();
}
