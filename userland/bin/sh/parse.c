/* parse.c -- splitting a command line into words.
 *
 * Words are separated by blanks. "double quotes" and 'single quotes' keep
 * blanks inside a word; a backslash takes the next character as it is
 * (outside single quotes). A last word "&" (or a word ending in &) asks
 * for the background. The words are made in place, in the line itself.
 */
#include "sh.h"

/* parse_word: the word starting at *s, unquoted in place; *s moves past
 * it. NULL (and cl->error) on an unclosed quote. */
static char *parse_word(char **s, struct cmdline *cl)
{
    char *in = *s, *out = *s, *word = *s;
    char quote = 0;
    for (; *in; in++) {
        if (quote) {
            if (*in == quote)
                quote = 0;
            else if (*in == '\\' && quote == '"' && in[1])
                *out++ = *++in;
            else
                *out++ = *in;
        } else if (*in == '"' || *in == '\'') {
            quote = *in;
        } else if (*in == '\\' && in[1]) {
            *out++ = *++in;
        } else if (isspace(*in)) {
            break;
        } else {
            *out++ = *in;
        }
    }
    if (quote) {
        cl->error = "a quote is not closed";
        return 0;
    }
    *s = *in ? in + 1 : in;
    *out = 0;
    return word;
}

void parse_line(char *line, struct cmdline *cl)
{
    cl->argc = 0;
    cl->background = false;
    cl->error = 0;
    char *s = line;
    for (;;) {
        while (isspace(*s))
            s++;
        if (!*s)
            break;
        if (cl->argc == SH_WORDS_MAX) {
            cl->error = "too many words (at most 64)";
            return;
        }
        char *word = parse_word(&s, cl);
        if (!word)
            return;
        cl->argv[cl->argc++] = word;
    }
    cl->argv[cl->argc] = 0;
    if (cl->argc == 0)
        return;
    char *last = cl->argv[cl->argc - 1];
    size_t len = strlen(last);
    if (len && last[len - 1] == '&') {
        cl->background = true;
        last[len - 1] = 0;
        if (len == 1)
            cl->argv[--cl->argc] = 0;
    }
}

bool parse_long(const char *s, long *out)
{
    if (!*s)
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 0);
    if (*end || errno)
        return false;
    *out = v;
    return true;
}
