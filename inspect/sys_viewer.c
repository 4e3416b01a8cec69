/* sys_viewer.c -- the viewer call: the shell's `viewer` command. */
#include "kernel/kernel.h"
#include "kernel/syscall.h"
#include "inspect/viewer/viewer.h"
#include "include/weensy/info.h"
#include "include/weensy/errno.h"

long sys_viewer(long how)
{
    if (how != WEENSY_VIEWER_SHOW)
        return -EINVAL;
    return viewer_show_until_hidden();
}
