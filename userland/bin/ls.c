/* ls [-l] [-a] [FILE or DIR...] -- what is in each directory, read with
 * getdents64, sorted by name, one name a line; a FILE is listed as itself.
 * -l adds each one's type and mode (as `ls -l` writes them) and its size
 * in bytes; -a also lists the names that begin with a dot. With no
 * operand, the current directory. Exit 2 if an operand could not be read
 * (the others are still listed), as GNU ls.
 */
#include "weensy.h"

#define ENTRIES_MAX 512

static bool long_form, all;
static char pool[16384];                  /* the names of one directory */
static char *names[ENTRIES_MAX];

/* mode_text: "drwxr-xr-x" for mode. */
static void mode_text(uint32_t mode, char out[11])
{
    static const char rwx[] = "rwxrwxrwx";
    out[0] = S_ISDIR(mode) ? 'd' : S_ISCHR(mode) ? 'c' : S_ISFIFO(mode) ? 'p' : S_ISLNK(mode) ? 'l'
             : S_ISREG(mode) ? '-' : '?';
    for (int i = 0; i < 9; i++)
        out[1 + i] = mode & (0400u >> i) ? rwx[i] : '-';
    out[10] = 0;
}

/* show: one line for name; st is its stat (only read for -l). */
static void show(const char *name, const struct stat *st)
{
    if (!long_form) {
        printf("%s\n", name);
        return;
    }
    char mode[11];
    mode_text(st->st_mode, mode);
    printf("%s %8ld %s\n", mode, (long)st->st_size, name);
}

static void sort_names(int n)
{
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
            char *t = names[k];
            names[k] = names[k - 1];
            names[k - 1] = t;
        }
}

/* read_names: the names in directory d into names[]; how many, or -1
 * (errno) if it could not be read. */
static int read_names(DIR *d, const char *path)
{
    size_t used = 0;
    int n = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' && !all)
            continue;
        size_t len = strlen(e->d_name) + 1;
        if (n == ENTRIES_MAX || used + len > sizeof pool) {
            dprintf(2, "ls: %s: more than %d names: the rest are left out\n", path, n);
            return n;
        }
        names[n++] = memcpy(pool + used, e->d_name, len);
        used += len;
    }
    return errno ? -1 : n;
}

/* list_dir: the directory at path; 0, or 2 after saying why not. */
static int list_dir(const char *path)
{
    DIR *d = opendir(path);
    int n = d ? read_names(d, path) : -1;
    if (n < 0) {
        dprintf(2, "ls: cannot open directory '%s': %s\n", path, strerror(errno));
        if (d)
            closedir(d);
        return 2;
    }
    sort_names(n);
    int status = 0;
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (long_form && fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
            dprintf(2, "ls: cannot access '%s/%s': %s\n", path, names[i], strerror(errno));
            status = 2;
            continue;
        }
        show(names[i], &st);
    }
    closedir(d);
    return status;
}

/* options: -l, -a (together or apart) before the operands; the index of
 * the first operand, or -1 after a usage message. */
static int options(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0)
            return i + 1;
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'l') {
                long_form = true;
            } else if (*o == 'a') {
                all = true;
            } else {
                dprintf(2, "ls: invalid option -- '%c'\nusage: ls [-l] [-a] [FILE or DIR...]\n", *o);
                return -1;
            }
        }
    }
    return i;
}

int main(int argc, char **argv)
{
    int first = options(argc, argv);
    if (first < 0)
        return 2;
    if (first == argc)
        return list_dir(".");
    /* As ls: the operands that are not directories first, then each
     * directory, named when there is more than one operand. */
    int status = 0, files = 0;
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            dprintf(2, "ls: cannot access '%s': %s\n", argv[i], strerror(errno));
            status = 2;
        } else if (!S_ISDIR(st.st_mode)) {
            show(argv[i], &st);
            files++;
        }
    }
    bool named = argc - first > 1, any = files > 0;
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0 || !S_ISDIR(st.st_mode))
            continue;
        if (named)
            printf("%s%s:\n", any ? "\n" : "", argv[i]);
        any = true;
        status |= list_dir(argv[i]);
    }
    return status;
}
