/* procfs.h -- /proc: processes and memory as text files, in Linux's
 * formats (proc(5)), for ps, free and whoever reads them (docs/files.md).
 *
 * It observes proc/ and mm/, so it lives above both, with the memory
 * viewer and the dump.
 */
#ifndef INSPECT_PROCFS_H
#define INSPECT_PROCFS_H

/* procfs_init: make the file system and mount it at /proc (a directory the
 * initrd root has); prints "procfs: ...". After vfs_init. */
void procfs_init(void);
#endif
