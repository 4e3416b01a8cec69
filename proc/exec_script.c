/* exec_script.c -- programs that are scripts: a file that starts with
 * "#!" names the program that runs it, as Linux's binfmt_script does.
 *
 *     #!INTERPRETER [ARGUMENT]
 *
 * exec then runs INTERPRETER with, as its arguments, INTERPRETER itself,
 * ARGUMENT if there is one (the rest of the line, as one word), the
 * script's path, and the caller's arguments but its argv[0]. An
 * interpreter may itself be a script, EXEC_SCRIPT_DEPTH deep (then
 * -ELOOP). The line must end within EXEC_SCRIPT_LINE bytes (Linux's
 * BINPRM_BUF_SIZE), or the file must; an empty interpreter is -ENOEXEC.
 *
 * Only a file exec found no ELF program in is looked at (program_get said
 * -ENOEXEC), so scripts cost ELF programs nothing. The lines live in one
 * page taken for the first script of an exec. */
#include "kernel/kernel.h"
#include "proc/exec.h"
#include "fs/vfs.h"
#include "mm/page.h"
#include "include/weensy/errno.h"

#define EXEC_SCRIPT_LINE 256
_Static_assert(EXEC_SCRIPT_DEPTH * EXEC_SCRIPT_LINE <= PAGE_SIZE, "the lines fit their page");
_Static_assert(EXEC_PRE_MAX >= 3 + 2 * (EXEC_SCRIPT_DEPTH - 1), "each level adds two words");

static bool exec_script_space(char c) { return c == ' ' || c == '\t'; }

/* exec_script_line: the first line of v in line (NUL-terminated); 1 if it
 * starts with "#!", 0 if not, or an error. */
static int exec_script_line(struct vnode *v, char *line)
{
    long n = vnode_read(v, 0, line, EXEC_SCRIPT_LINE);
    if (n < 0)
        return (int)n;
    if (n < 2 || line[0] != '#' || line[1] != '!')
        return 0;
    char *end = memchr(line, '\n', (size_t)n);
    if (!end) {
        if (n == EXEC_SCRIPT_LINE)
            return -ENOEXEC;     /* the line goes on past what we read */
        end = line + n;
    }
    *end = 0;
    return 1;
}

/* exec_script_split: line (after "#!") into the interpreter and its one
 * optional argument, trailing spaces cut; -ENOEXEC with no interpreter. */
static int exec_script_split(char *line, const char **interp, const char **arg)
{
    char *s = line + 2;
    while (exec_script_space(*s))
        s++;
    if (!*s)
        return -ENOEXEC;
    *interp = s;
    while (*s && !exec_script_space(*s))
        s++;
    char *rest = s;
    while (exec_script_space(*rest))
        rest++;
    *s = 0;
    char *end = rest + strlen(rest);
    while (end > rest && exec_script_space(end[-1]))
        *--end = 0;
    *arg = *rest ? rest : 0;
    return 0;
}

/* exec_script_words: a's words become interp, arg (if any), script, and
 * the words an earlier level gave but the first (which named this
 * script's file); the caller's argv[0] is left out. */
static void exec_script_words(struct exec_args *a, const char *interp, const char *arg, const char *script)
{
    const char *old[EXEC_PRE_MAX];
    int nold = a->npre > 0 ? a->npre - 1 : 0;
    memcpy(old, a->pre + 1, (size_t)nold * sizeof(old[0]));
    int n = 0;
    a->pre[n++] = interp;
    if (arg)
        a->pre[n++] = arg;
    a->pre[n++] = script;
    memcpy(a->pre + n, old, (size_t)nold * sizeof(old[0]));
    a->npre = n + nold;
    a->skip = 1;
}

int exec_script_next(struct exec_script *sc, struct proc *p, const char **file, struct exec_args *a)
{
    struct vnode *v;
    int err = exec_lookup(p, *file, &v);
    if (err)
        return err;
    if (sc->depth == EXEC_SCRIPT_DEPTH) {
        vnode_put(v);
        return -ELOOP;
    }
    if (!sc->page && !(sc->page = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0))) {
        vnode_put(v);
        return -ENOMEM;
    }
    char *line = (char *)page_kva(sc->page) + sc->depth * EXEC_SCRIPT_LINE;
    err = exec_script_line(v, line);
    vnode_put(v);
    if (err <= 0)
        return err ? err : -ENOEXEC;
    const char *interp, *arg;
    err = exec_script_split(line, &interp, &arg);
    if (err)
        return err;
    exec_script_words(a, interp, arg, *file);
    *file = interp;
    sc->depth++;
    return 0;
}

void exec_script_done(struct exec_script *sc)
{
    if (sc->page)
        page_put(sc->page);
}
