/* shutdown.h -- the end of the system: when init (pid 1) exits, every
 * other process is killed and reaped, and the kernel checks that all the
 * memory processes used came back (the page accounting check run after
 * every test), then powers off or, under the test harness, ends QEMU with
 * the verdict. */
#ifndef PROC_SHUTDOWN_H
#define PROC_SHUTDOWN_H
#include <stdbool.h>
/* shutdown_baseline: remember the free-page count before init exists. */
void shutdown_baseline(void);
/* shutdown_begin: init is exiting with wstatus: kill everyone else. */
void shutdown_begin(int wstatus);
/* shutdown_request: end the system as if init had exited with 0 (the
 * demo workloads' fixed run length). */
void shutdown_request(const char *why);
/* shutdown_reap_all: free every zombie; false while some process lives. */
bool shutdown_reap_all(void);
/* shutdown_check_pages: mm_check, then is every page processes took back
 * (less the program cache)? Prints the figures. */
bool shutdown_check_pages(const char *when);
/* shutdown_poll: from the idle scheduler; finishes the shutdown once only
 * zombies are left. */
void shutdown_poll(void);
#endif
