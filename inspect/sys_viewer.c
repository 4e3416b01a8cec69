/* sys_viewer.c -- the viewer call: the shell's `viewer` command. Only the
 * console's foreground process group (or anyone, while none is set) may
 * take over the screen; what the viewer shows goes to the screen and the
 * log, never to the caller. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "inspect/viewer/viewer.h"
#include "proc/proc.h"
#include "tty/tty.h"
#include "include/weensy/info.h"
#include "include/weensy/errno.h"

long sys_viewer(long how)
{
    if (how != WEENSY_VIEWER_SHOW)
        return -EINVAL;
    struct proc *p = myproc();
    spin_lock(&p->lock);
    int pgid = p->pgid;
    spin_unlock(&p->lock);
    if (!tty_in_foreground(pgid))
        return -EPERM;           /* a background job may not take the screen */
    return viewer_show_until_hidden();
}
