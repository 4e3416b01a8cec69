/* dirent.h -- reading directories (<dirent.h>): opendir/readdir/closedir
 * over getdents64, whose record (struct linux_dirent64) and DT_* types are
 * Linux's, from include/weensy/fs.h.
 *
 * A DIR holds a descriptor (opened O_RDONLY | O_DIRECTORY | O_CLOEXEC) and
 * a buffer of records from malloc; readdir returns the next record, valid
 * until the next readdir or closedir on that DIR. A DIR is not shared
 * between threads without a lock of the caller's.
 */
#ifndef USER_DIRENT_H
#define USER_DIRENT_H
#include <stddef.h>
#include "include/weensy/fs.h"
#include "types.h"

/* readdir's entry, glibc's layout: the kernel's record with room for the
 * longest name. */
struct dirent {
    ino_t d_ino;
    off_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[NAME_MAX + 1];
};

typedef struct weensy_dir DIR;

/* opendir: NULL and errno (ENOENT, ENOTDIR, EMFILE, ENOMEM, ...).
 * fdopendir: a DIR over an open directory descriptor (closedir closes it). */
DIR *opendir(const char *path);
DIR *fdopendir(int fd);
/* readdir: the next entry (. and .. included), or NULL at the end (errno
 * untouched) or on an error (errno set). */
struct dirent *readdir(DIR *d);
void rewinddir(DIR *d);
int closedir(DIR *d);
int dirfd(DIR *d);

/* getdents64: fill buf with up to n bytes of whole records from the
 * directory open at fd; the bytes used, 0 at the end, or -1 and errno
 * (EINVAL: buf too small for the next record). */
ssize_t getdents64(int fd, void *buf, size_t n);
#endif
