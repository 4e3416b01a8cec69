/* cat [FILE...] -- each file's bytes to the standard output, in order; no
 * FILE, or "-", is the standard input. Exit 1 if a file could not be read
 * (the others are still copied), as POSIX cat.
 *
 * The library's libc-style open is not there yet: the raw calls return
 * -errno.
 */
#include "weensy.h"
#include "include/weensy/fs.h"

static char buf[4096];

/* copy: fd to the standard output. 0, 1 after a read error (said), or 2
 * after a write error (the reader is gone: stop). */
static int copy(long fd, const char *name)
{
    long n;
    while ((n = sys_read(fd, (long)buf, sizeof buf)) > 0) {
        for (long done = 0; done < n;) {
            long w = sys_write(1, (long)(buf + done), n - done);
            if (w < 0) {
                if (w != -EPIPE)
                    dprintf(2, "cat: write error: %s\n", strerror((int)-w));
                return 2;
            }
            done += w;
        }
    }
    if (n < 0) {
        dprintf(2, "cat: %s: %s\n", name, strerror((int)-n));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return copy(0, "-") ? 1 : 0;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            int r = copy(0, "-");
            if (r == 2)
                return 1;
            status |= r;
            continue;
        }
        long fd = sys_open((long)argv[i], O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) {
            dprintf(2, "cat: %s: %s\n", argv[i], strerror((int)-fd));
            status = 1;
            continue;
        }
        int r = copy(fd, argv[i]);
        sys_close(fd);
        if (r == 2)
            return 1;
        status |= r;
    }
    return status;
}
