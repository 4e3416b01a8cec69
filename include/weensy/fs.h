/* fs.h -- the file system calls' flags and records, with Linux's x86-64
 * values and layouts (open(2), stat(2), getdents64(2), statfs(2),
 * fcntl(2)), so a program built for Linux reads them the same way. Shared
 * by the kernel and userland; docs/files.md says what weensy does with
 * each. */
#ifndef WEENSY_FS_H
#define WEENSY_FS_H
#include <stdint.h>

/* open flags */
#define O_ACCMODE   03
#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_LARGEFILE 0100000      /* accepted and ignored: offsets are 64-bit */
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_CLOEXEC   02000000

/* the *at calls */
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200    /* unlinkat */
#define AT_EACCESS          0x200    /* faccessat */
#define AT_EMPTY_PATH       0x1000

/* access modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* fcntl */
#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC      1

/* lseek */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* st_mode */
#define S_IFMT   0170000
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFDIR  0040000
#define S_IFREG  0100000
#define S_IFLNK  0120000
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)

/* d_type */
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_REG     8
#define DT_LNK     10

#define NAME_MAX 255             /* bytes in one path component */
#define PATH_MAX 4096            /* bytes in a path, its NUL included */

struct weensy_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

/* Linux's struct stat on x86-64 (144 bytes). */
struct stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint64_t st_nlink;
    uint32_t st_mode;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t __pad0;
    uint64_t st_rdev;
    int64_t st_size;
    int64_t st_blksize;
    int64_t st_blocks;           /* 512-byte units */
    struct weensy_timespec st_atim;
    struct weensy_timespec st_mtim;
    struct weensy_timespec st_ctim;
    int64_t st_reserved[3];
};
_Static_assert(sizeof(struct stat) == 144, "struct stat is Linux's");

/* Linux's struct statfs on x86-64 (120 bytes). */
struct statfs {
    int64_t f_type;
    int64_t f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail;
    uint64_t f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen;
    int64_t f_frsize;
    int64_t f_flags;
    int64_t f_spare[4];
};
_Static_assert(sizeof(struct statfs) == 120, "struct statfs is Linux's");
#define ST_RDONLY 1

/* f_type */
#define TMPFS_MAGIC      0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define DEVFS_MAGIC      0x1373      /* Linux's devfs; weensy's /dev */
#define INITRDFS_MAGIC   0x75737461  /* "usta": weensy's read-only ustar */

/* getdents64's record: d_reclen bytes, 8-byte aligned, name NUL-ended. */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;               /* the position after this entry */
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

/* readv / writev */
struct iovec {
    void *iov_base;
    uint64_t iov_len;
};
#define IOV_MAX 1024

/* mmap's msync flags */
#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4
#endif
