/* dirclean.h -- removing what a killed program left in a directory.
 *
 * A program killed part-way (fuzz's workers at the end of a round, every
 * program exec_all starts and kills) leaves its files and directories in
 * /tmp, and their pages would look like a leak to the page count that
 * follows. dirclean removes the entries of a directory that a predicate
 * does not keep, depth first through directory descriptors (unlinkat,
 * openat), re-reading a directory from its start after each entry it
 * removes (one static buffer for every level: directories there are
 * small). A directory made unreadable is given mode 0700 first. The
 * recursion stops at DIRCLEAN_DEPTH_MAX levels, and a tree deeper than
 * that is reported: each level costs a name on the caller's stack, which
 * a caller counting pages has made present beforehand.
 *
 * Not for threads sharing one buffer: callers are single-threaded.
 */
#ifndef USER_DIRCLEAN_H
#define USER_DIRCLEAN_H
#include <stdbool.h>
#include "include/weensy/fs.h"

#define DIRCLEAN_DEPTH_MAX 24
#define DIRNAMES_MAX 32

/* The names a directory held at one moment (dirnames_read), so that
 * dirclean can keep them. `all` is false if there were more than
 * DIRNAMES_MAX (or more than one buffer of records). */
struct dirnames {
    int n;
    bool all;
    char name[DIRNAMES_MAX][NAME_MAX + 1];
};

/* dirnames_read: note the entries of dir (without . and ..); 0 or -errno
 * (a missing directory is noted as empty). */
long dirnames_read(const char *dir, struct dirnames *out);
bool dirnames_has(const struct dirnames *names, const char *name);

/* dirclean: remove every entry of dir for which keep(name, arg) is false;
 * true if all of them went (a missing dir counts as clean). `who` starts
 * the line printed for an entry that could not be removed. */
bool dirclean(const char *dir, bool (*keep)(const char *name, void *arg), void *arg,
              const char *who);

/* dirclean_touch: write the static buffer, so that its pages are present
 * before a caller's page-count baseline. */
void dirclean_touch(void);
#endif
