/* fdtable_internal.h -- between fdtable.c (the descriptors) and
 * fdtable_share.c (the tables as wholes). */
#ifndef FS_FDTABLE_INTERNAL_H
#define FS_FDTABLE_INTERNAL_H
#include "fs/fdtable.h"

/* files_current_slot: where the calling thread's process keeps its
 * table (files_set_current's function). */
struct files **files_current_slot(void);
/* files_mine_at: the table in *slot, the process's own to change (a
 * table shared copy-on-write is copied first); NULL only if the pool were
 * short of its bound. */
struct files *files_mine_at(struct files **slot);
#endif
