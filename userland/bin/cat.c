/* cat [FILE...] -- each file's bytes to the standard output, in order; no
 * FILE, or "-", is the standard input. Exit 1 if a file could not be read
 * (the others are still copied), as POSIX cat.
 */
#include "weensy.h"

static char buf[4096];

/* copy: fd to the standard output. 0, 1 after a read error (said), or 2
 * after a write error (the reader is gone, say: stop). */
static int copy(int fd, const char *name)
{
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(1, buf + done, (size_t)(n - done));
            if (w < 0) {
                if (errno != EPIPE)  /* a reader that left is no news */
                    dprintf(2, "cat: write error: %s\n", strerror(errno));
                return 2;
            }
            done += w;
        }
    }
    if (n < 0) {
        dprintf(2, "cat: %s: %s\n", name, strerror(errno));
        return 1;
    }
    return 0;
}

/* cat_one: the file named name ("-": the standard input). */
static int cat_one(const char *name)
{
    if (strcmp(name, "-") == 0)
        return copy(0, name);
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        dprintf(2, "cat: %s: %s\n", name, strerror(errno));
        return 1;
    }
    int r = copy(fd, name);
    close(fd);
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return copy(0, "-") ? 1 : 0;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int r = cat_one(argv[i]);
        if (r == 2)
            return 1;
        status |= r;
    }
    return status;
}
