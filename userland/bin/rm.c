/* rm [-f] FILE... -- remove each name (unlink); a directory is refused
 * (EISDIR, as unlink says: rmdir removes those). -f: a missing name is no
 * error and says nothing. Exit 1 if a name could not be removed (the
 * others still are), as POSIX rm.
 */
#include "weensy.h"

int main(int argc, char **argv)
{
    int i = 1, status = 0;
    bool force = argc > 1 && strcmp(argv[1], "-f") == 0;
    if (force)
        i++;
    if (i == argc && !force) {
        dprintf(2, "usage: rm [-f] FILE...\n");
        return 2;
    }
    for (; i < argc; i++) {
        if (unlink(argv[i]) == 0 || (force && errno == ENOENT))
            continue;
        dprintf(2, "rm: cannot remove '%s': %s\n", argv[i], strerror(errno));
        status = 1;
    }
    return status;
}
