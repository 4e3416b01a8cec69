/* parse.c -- a command line into a pipeline of commands, as POSIX sh
 * splits it (a subset: no variables, no globs, no ; && ||).
 *
 * Words are separated by blanks. "double quotes" and 'single quotes' keep
 * blanks and operators inside a word; a backslash takes the next character
 * as it is (outside single quotes). Unquoted, | < > & are operators even
 * with no blank around them (`ls|cat`, `echo hi>f`): | joins commands into
 * a pipeline; <, >, >> redirect a descriptor to a file, >& and <& to a copy
 * of another descriptor; a single digit right before < or > names the
 * descriptor (`2>err`, `2>&1`); a final & asks for the background.
 *
 * Two passes: lex() makes tokens, unquoting each word in place in the line
 * (a word only ever shrinks, so it never overwrites what is still to be
 * read; its ending NUL is written after the whole line is read, because it
 * may fall on the operator that ended it); then the tokens are assembled
 * into commands.
 */
#include "sh.h"

enum tok { T_WORD, T_PIPE, T_AMP, T_LESS, T_GREAT, T_DGREAT, T_LESSAND, T_GREATAND };
#define TOKENS_MAX (2 * SH_WORDS_MAX)

struct token {
    enum tok kind;
    int fd;                      /* a redirection's descriptor, -1 if none given */
    char *word, *end;            /* T_WORD: the word, unquoted, and its end */
};

struct lexer {
    char *s;
    int n;
    struct token toks[TOKENS_MAX];
};

static bool is_op(char c) { return c == '|' || c == '&' || c == '<' || c == '>'; }

static void fail(struct cmdline *cl, const char *fmt, const char *what)
{
    snprintf(cl->errbuf, sizeof cl->errbuf, fmt, what);
    cl->error = cl->errbuf;
}

/* lex_word: the word at lx->s, unquoted in place. NULL (and cl->error) on
 * an unclosed quote. *quoted: some of it was quoted or escaped. */
static char *lex_word(struct lexer *lx, struct cmdline *cl, bool *quoted)
{
    char *in = lx->s, *out = lx->s, *word = lx->s;
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
            *quoted = true;
        } else if (*in == '\\' && in[1]) {
            *out++ = *++in;
            *quoted = true;
        } else if (isspace(*in) || is_op(*in)) {
            break;
        } else {
            *out++ = *in;
        }
    }
    if (quote) {
        cl->error = "a quote is not closed";
        return 0;
    }
    lx->s = in;
    lx->toks[lx->n].end = out;
    return word;
}

/* lex_op: the operator at lx->s into tok (its descriptor, if any, set by
 * the caller). */
static void lex_op(struct lexer *lx, struct token *tok)
{
    char c = *lx->s++;
    tok->kind = c == '|' ? T_PIPE : c == '&' ? T_AMP : c == '<' ? T_LESS : T_GREAT;
    if (c == '>' && *lx->s == '>') {
        tok->kind = T_DGREAT;
        lx->s++;
    } else if ((c == '<' || c == '>') && *lx->s == '&') {
        tok->kind = c == '<' ? T_LESSAND : T_GREATAND;
        lx->s++;
    }
}

/* lex: every token of the line; false (and cl->error) if it cannot be. */
static bool lex(struct lexer *lx, struct cmdline *cl)
{
    int words = 0;
    for (;;) {
        while (isspace(*lx->s))
            lx->s++;
        if (!*lx->s)
            break;
        if (lx->n == TOKENS_MAX || words == SH_WORDS_MAX) {
            cl->error = "too many words (at most 64)";
            return false;
        }
        struct token *tok = &lx->toks[lx->n];
        tok->fd = -1;
        tok->word = 0;
        if (is_op(*lx->s)) {
            lex_op(lx, tok);
            lx->n++;
            continue;
        }
        bool quoted = false;
        tok->kind = T_WORD;
        tok->word = lex_word(lx, cl, &quoted);
        if (!tok->word)
            return false;
        /* "2>": a lone unquoted digit against a redirection names its descriptor. */
        if (!quoted && tok->end == tok->word + 1 && isdigit(tok->word[0]) &&
            (*lx->s == '<' || *lx->s == '>')) {
            tok->fd = tok->word[0] - '0';
            lex_op(lx, tok);
        } else {
            words++;
        }
        lx->n++;
    }
    for (int i = 0; i < lx->n; i++)
        if (lx->toks[i].kind == T_WORD)
            *lx->toks[i].end = 0;
    return true;
}

static const char *tok_text(enum tok k)
{
    static const char *const text[] = { "word", "|", "&", "<", ">", ">>", "<&", ">&" };
    return text[k];
}

/* redirect: the redirection at toks[*i] (its target word follows) into c. */
static bool redirect(struct lexer *lx, int *i, struct command *c, struct cmdline *cl)
{
    struct token *op = &lx->toks[*i];
    bool dup = op->kind == T_LESSAND || op->kind == T_GREATAND;
    if (*i + 1 == lx->n || lx->toks[*i + 1].kind != T_WORD) {
        fail(cl, dup ? "syntax error: %s needs a descriptor (0 to 9)" : "syntax error: %s needs a file name",
             tok_text(op->kind));
        return false;
    }
    if (c->nredirs == SH_REDIRS_MAX) {
        cl->error = "too many redirections (at most 8 a command)";
        return false;
    }
    char *word = lx->toks[++*i].word;
    struct redir *r = &c->redirs[c->nredirs++];
    bool in = op->kind == T_LESS || op->kind == T_LESSAND;
    r->fd = op->fd >= 0 ? op->fd : in ? 0 : 1;
    r->path = word;
    r->from = -1;
    r->kind = op->kind == T_LESS ? REDIR_IN : op->kind == T_DGREAT ? REDIR_APPEND : REDIR_OUT;
    if (dup) {
        if (!isdigit(word[0]) || word[1]) {
            fail(cl, "syntax error: %s needs a descriptor (0 to 9)", tok_text(op->kind));
            return false;
        }
        r->kind = REDIR_DUP;
        r->from = word[0] - '0';
    }
    return true;
}

/* command: tokens from *i up to a | or the end into cmds[ncmds]; its words
 * go on at *nwords in cl->words. */
static bool command(struct lexer *lx, int *i, int *nwords, struct cmdline *cl)
{
    struct command *c = &cl->cmds[cl->ncmds++];
    c->argc = 0;
    c->nredirs = 0;
    c->argv = &cl->words[*nwords];
    for (; *i < lx->n && lx->toks[*i].kind != T_PIPE; ++*i) {
        struct token *t = &lx->toks[*i];
        if (t->kind == T_AMP) {
            if (*i + 1 != lx->n) {
                cl->error = "syntax error: & goes at the end of a line";
                return false;
            }
            cl->background = true;
        } else if (t->kind == T_WORD) {
            cl->words[(*nwords)++] = t->word;
            c->argc++;
        } else if (!redirect(lx, i, c, cl)) {
            return false;
        }
    }
    cl->words[(*nwords)++] = 0;
    if (c->argc == 0 && c->nredirs == 0) {
        fail(cl, "syntax error: %s", *i < lx->n ? "| without a command before it" :
                                     cl->ncmds > 1 ? "| without a command after it" : "& alone");
        return false;
    }
    return true;
}

void parse_line(char *line, struct cmdline *cl)
{
    struct lexer lx;
    lx.s = line;
    lx.n = 0;
    cl->ncmds = 0;
    cl->background = false;
    cl->error = 0;
    if (!lex(&lx, cl) || lx.n == 0)
        return;
    int i = 0, nwords = 0;
    for (;;) {
        if (cl->ncmds == SH_STAGES_MAX) {
            cl->error = "too many commands in a pipeline (at most 16)";
            return;
        }
        if (!command(&lx, &i, &nwords, cl))
            return;
        if (i == lx.n)
            return;
        i++;                     /* the | */
        if (i == lx.n) {
            cl->error = "syntax error: | without a command after it";
            return;
        }
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
