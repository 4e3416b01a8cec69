/* tmpclean.c -- the coordinator's cleaning of /tmp. Workers make files
 * and directories under /tmp/fz<pid> (args_fs.c), and now and then
 * elsewhere in /tmp (a worker whose working directory moved to /tmp, a
 * rename out of its directory). A round's killed workers leave them all
 * behind, and their pages and kernel memory would look like a leak: so at
 * the end of each round the coordinator removes every entry of /tmp that
 * was not there when the run began, before it counts the pages.
 *
 * At the start the coordinator removes what killed runs left (a run
 * killed as a job, as usertests fuzz_job does, never gets to clean): the
 * names a worker can make in /tmp itself, fz* and the relative names of
 * the pool (args_fs.c), for a worker whose working directory became /tmp.
 * (A name a worker took from its random buffers is not known: a killed
 * run may leave one.) It then notes what else /tmp holds, so that started
 * from the shell it keeps the others' files. With more entries than it
 * can note, it removes only the names it knows.
 *
 * Removal is depth first through directory descriptors (unlinkat,
 * openat), re-reading a directory from its start after each entry it
 * removes (one buffer for every level; directories here are small). A
 * directory a worker made unreadable is given mode 0700 first. The
 * recursion is bounded (each level costs a name on the coordinator's
 * stack, which pretouch in round.c made present: a deeper stack would
 * take pages and look like a leak); a tree deeper than that is reported.
 */
#include "fuzz.h"

#define KEEP_MAX 32
#define DEPTH_MAX 24

static char keep[KEEP_MAX][NAME_MAX + 1];
static int nkeep;
static bool fz_only;             /* /tmp had more than KEEP_MAX entries: only ours() go */
static uint8_t dents[2048] __attribute__((aligned(8)));

/* ours: a name a worker makes in /tmp itself (args_fs.c): its directory,
 * or a name of the pool, relative or under /tmp. */
static bool ours(const char *name)
{
    static const char *const names[] = { "a", "b", "sub", "nope" };
    if (name[0] == 'f' && name[1] == 'z')
        return true;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static bool kept(const char *name)
{
    if (fz_only)
        return !ours(name);
    for (int i = 0; i < nkeep; i++)
        if (strcmp(keep[i], name) == 0)
            return true;
    return false;
}

/* first_entry: the first entry of the directory open at fd (not "." or
 * "..") that skip() does not keep, copied into name; false at the end
 * or on an error (*err). */
static bool first_entry(int fd, bool (*skip)(const char *), char name[NAME_MAX + 1], long *err)
{
    *err = sys_lseek(fd, 0, SEEK_SET);
    while (*err >= 0) {
        long n = sys_getdents64(fd, (long)dents, sizeof dents);
        if (n <= 0) {
            *err = n;
            return false;
        }
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(dents + off);
            off += d->d_reclen;
            if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0 || (skip && skip(d->d_name)))
                continue;
            memcpy(name, d->d_name, strlen(d->d_name) + 1);
            return true;
        }
    }
    return false;
}

static bool remove_name(int dirfd, const char *name, int depth);

/* empty_dir: remove everything in the directory open at fd. */
static bool empty_dir(int fd, int depth)
{
    char name[NAME_MAX + 1];
    long err;
    while (first_entry(fd, NULL, name, &err))
        if (!remove_name(fd, name, depth))
            return false;
    if (err < 0)
        printf("fuzz: cleaning /tmp: getdents64: %ld\n", err);
    return err == 0;
}

static bool remove_name(int dirfd, const char *name, int depth)
{
    long r = sys_unlinkat(dirfd, (long)name, 0);
    if (r == -EISDIR) {
        sys_fchmodat(dirfd, (long)name, 0700);
        r = sys_unlinkat(dirfd, (long)name, AT_REMOVEDIR);
        if ((r == -ENOTEMPTY || r == -EEXIST) && depth < DEPTH_MAX) {
            long sub = sys_openat(dirfd, (long)name, O_RDONLY | O_DIRECTORY, 0);
            r = sub;
            if (sub >= 0) {
                r = empty_dir((int)sub, depth + 1) ? sys_unlinkat(dirfd, (long)name, AT_REMOVEDIR) : 1;
                sys_close(sub);
            }
        }
    }
    if (r == 0 || r == -ENOENT)
        return true;
    if (r < 0)                   /* 1: a deeper level failed and said so */
        printf("fuzz: cleaning /tmp: cannot remove %s (depth %d): %ld\n", name, depth, r);
    return false;
}

/* clean: remove the entries of /tmp that skip() does not keep. */
static bool clean(bool (*skip)(const char *))
{
    long fd = sys_open((long)"/tmp", O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0)
        return fd == -ENOENT;    /* no /tmp: nothing to clean */
    char name[NAME_MAX + 1];
    long err;
    bool ok = true;
    while (ok && first_entry((int)fd, skip, name, &err))
        ok = remove_name((int)fd, name, 0);
    sys_close(fd);
    return ok && err == 0;
}

static bool not_ours(const char *name) { return !ours(name); }

/* The buffer is filled as far as /tmp's entries go: all of it is written
 * now, before the page count's baseline (round.c). */
void tmp_touch(void) { memset(dents, 0, sizeof dents); }

bool tmp_remove_leftovers(void) { return clean(not_ours); }

void tmp_setup(void)
{
    if (!tmp_remove_leftovers())
        printf("fuzz: /tmp still holds what an earlier run left\n");
    long fd = sys_open((long)"/tmp", O_RDONLY | O_DIRECTORY, 0);
    long n = fd < 0 ? 0 : sys_getdents64(fd, (long)dents, sizeof dents);
    for (long off = 0; off < n;) {
        struct linux_dirent64 *d = (struct linux_dirent64 *)(dents + off);
        off += d->d_reclen;
        if (nkeep == KEEP_MAX)
            fz_only = true;
        else
            memcpy(keep[nkeep++], d->d_name, strlen(d->d_name) + 1);
    }
    if (fd >= 0 && sys_getdents64(fd, (long)dents, sizeof dents) > 0)
        fz_only = true;          /* more than one buffer: not all noted */
    if (fd >= 0)
        sys_close(fd);
}

bool tmp_clean(void) { return clean(kept); }
