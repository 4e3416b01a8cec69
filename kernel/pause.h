/* pause.h -- hold every other CPU still for a moment, so one CPU can look
 * at the whole machine at once (mm_check, the memory dump). */
#ifndef KERNEL_PAUSE_H
#define KERNEL_PAUSE_H
void cpus_pause_init(void);
/* cpus_pause: return once every other online CPU waits in an interrupt
 * handler. Each took the interrupt with interrupts on, so it holds no
 * spinlock and is between critical sections, as a preempted process is
 * on one CPU. The caller must hold no spinlock (one held could be the
 * one a CPU spins for with interrupts off, never taking the IPI).
 * cpus_resume lets them go. */
void cpus_pause(void);
/* cpus_try_pause: the same from an interrupt handler (interrupts off, no
 * spinlock held): false, pausing nothing, if another CPU is pausing now
 * (waiting for it with interrupts off would deadlock: it waits for us). */
#include <stdbool.h>
bool cpus_try_pause(void);
/* cpus_paused: this CPU has the others paused (or is the only one). */
bool cpus_paused(void);
void cpus_resume(void);
#endif
