/* demo.h -- WeensyOS's workloads, picked by the command line
 * (demo=allocators|fork|forkexit) and switched at run time by keys: a, f,
 * e restart all processes with that workload (no reboot), q powers off.
 * demo_ticks=N ends the run after N timer ticks with the shutdown check
 * (docs/processes.md), for tests. The memory viewer is on unless the
 * command line says noviewer. */
#ifndef PROC_DEMO_H
#define PROC_DEMO_H
#include <stdbool.h>
/* demo_init: true if the command line asks for a demo (it then replaces
 * init). */
bool demo_init(void);
/* demo_poll: from the scheduler loop; switches workloads when asked. */
void demo_poll(void);
#endif
