/* cmdline.c -- parse the command line GRUB passed, once, into words. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"

#define CMDLINE_MAX 1024
#define CMDLINE_WORDS 64

static char text[CMDLINE_MAX];
static const char *keys[CMDLINE_WORDS], *values[CMDLINE_WORDS];
static int nopts;
static const char *args[CMDLINE_WORDS];
static int nargs;

/* Split in place at spaces; "key=value" words split again at the '='. */
void cmdline_init(const char *s)
{
    strlcpy(text, s, sizeof(text));
    bool after_dashes = false;
    for (char *p = text; *p;) {
        while (*p == ' ')
            *p++ = 0;
        if (!*p)
            break;
        char *word = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = 0;
        if (after_dashes) {
            if (nargs < CMDLINE_WORDS)
                args[nargs++] = word;
        } else if (strcmp(word, "--") == 0) {
            after_dashes = true;
        } else if (nopts < CMDLINE_WORDS) {
            char *eq = strchr(word, '=');
            if (eq)
                *eq = 0;
            keys[nopts] = word;
            values[nopts++] = eq ? eq + 1 : "";
        }
    }
}

/* The last occurrence wins, as on Linux. */
const char *cmdline_get(const char *key)
{
    for (int i = nopts - 1; i >= 0; i--)
        if (strcmp(keys[i], key) == 0)
            return values[i];
    return 0;
}

bool cmdline_has(const char *key) { return cmdline_get(key) != 0; }

long cmdline_get_long(const char *key, long dflt)
{
    const char *v = cmdline_get(key);
    if (!v || !*v)
        return dflt;
    long n = 0;
    for (; *v >= '0' && *v <= '9'; v++)
        n = n * 10 + (*v - '0');
    return *v ? dflt : n;
}

uint64_t cmdline_parse_size(const char *v)
{
    if (!v || !*v)
        return 0;
    uint64_t n = 0;
    for (; *v >= '0' && *v <= '9'; v++)
        n = n * 10 + (*v - '0');
    switch (*v) {
    case 'k': case 'K': n <<= 10; v++; break;
    case 'm': case 'M': n <<= 20; v++; break;
    case 'g': case 'G': n <<= 30; v++; break;
    default: break;
    }
    return *v ? 0 : n;
}

uint64_t cmdline_get_size(const char *key)
{
    return cmdline_parse_size(cmdline_get(key));
}

int cmdline_init_args(const char **argv, int max)
{
    int n = MIN(nargs, max);
    for (int i = 0; i < n; i++)
        argv[i] = args[i];
    return n;
}
