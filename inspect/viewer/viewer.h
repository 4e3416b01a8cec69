/* viewer.h -- the live memory viewer: who owns every physical page, and one
 * process's virtual address space, drawn on the screen as the machine runs
 * (WeensyOS's picture; docs/viewer.md).
 *
 * It redraws from the timer tick, at most every VIEWER_REFRESH_TICKS, and
 * never waits for a lock there. While it shows, the kernel log goes to the
 * serial port and debug console only; the text console comes back when it
 * is hidden ('v') or stopped.
 */
#ifndef KERNEL_VIEWER_VIEWER_H
#define KERNEL_VIEWER_VIEWER_H
#include <stdbool.h>

/* viewer_init: at boot, after the memory core and the timer: registers the
 * keys and the tick hook, keeps room to save the console, and starts the
 * viewer if the command line has the word "viewer". */
void viewer_init(void);
/* viewer_start / viewer_stop: take the screen (and turn single-key
 * commands on) / give it back to the console (keys as they were before). */
void viewer_start(void);
void viewer_stop(void);
bool viewer_running(void);
/* viewer_show_until_hidden: show the viewer and sleep until the person at
 * the keyboard hides it ('v'); then the console is back, and the viewer
 * as it was before (off, or hidden). 0, -ENODEV (no screen), -EBUSY (it is
 * already shown), -EINTR (the caller was killed meanwhile). */
int viewer_show_until_hidden(void);
/* viewer_note: remember msg (a fault report) for the status line. A copy
 * is kept; nothing is printed. */
void viewer_note(const char *msg);
#endif
