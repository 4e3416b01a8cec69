/* exec_stack.c -- a new program's stack: arguments, environment and the
 * auxiliary vector, laid out as the System V x86-64 ABI says a process
 * starts (its figure "Initial Process Stack"), and as Linux does it:
 *
 *   vm->stack_top  ->  8 zero bytes (USER_STACK_TOP, or lower by a
 *                      random offset: proc/aslr.h)
 *                      the path given to exec            <- AT_EXECFN
 *                      env strings: envp[0] lowest ... envp[envc-1]
 *                      arg strings: argv[0] lowest ... argv[argc-1]
 *                      (padding to 16)
 *                      16 random bytes                   <- AT_RANDOM
 *                      (padding, so that rsp ends 16-aligned)
 *                      auxv: (type, value) pairs, then AT_NULL, 0
 *                      NULL
 *                      envp[0] ... envp[envc-1]
 *                      NULL
 *                      argv[0] ... argv[argc-1]
 *   rsp (16-aligned) -> argc
 *
 * Everything is copied straight from the caller's memory (or the kernel's,
 * for the first process) into the new address space, whose stack pages
 * appear as they are written (copyout_vm faults them in). The strings go
 * down from the top, last one first, so they end up in order. The caller's
 * memory can change meanwhile (another process may share it): a vector or
 * string that changed between the count and the copy is -EFAULT, and the
 * pointers are made from the copied strings, never from the caller's.
 */
#include "kernel/kernel.h"
#include "kernel/random.h"
#include "proc/exec.h"
#include "proc/program.h"
#include "mm/vmspace.h"
#include "mm/vm_area.h"
#include "mm/uaccess.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/timer.h"
#include "include/weensy/auxv.h"
#include "include/weensy/errno.h"

#define EXEC_COPY_CHUNK 256
#define EXEC_AUX_MAX 18          /* auxv pairs, AT_NULL included */
#define USER_HZ 100              /* AT_CLKTCK: times() ticks, as on Linux */

enum { ARGV, ENVP };

/* ---- reading the caller's vectors --------------------------------------- */

static int exec_src_ptr(const struct exec_args *a, int which, size_t i, uintptr_t *out)
{
    if (!a->from_user) {
        const char *const *vec = which == ARGV ? a->kargv : a->kenvp;
        *out = vec ? (uintptr_t)vec[i] : 0;
        return 0;
    }
    uintptr_t vec = which == ARGV ? a->uargv : a->uenvp;
    if (!vec) {
        *out = 0;
        return 0;
    }
    if (i > (UINTPTR_MAX - vec) / sizeof(uintptr_t))
        return -EFAULT;
    int err = copyin(out, vec + i * sizeof(uintptr_t), sizeof(uintptr_t));
    return err == -ENOMEM ? err : err ? -EFAULT : 0;
}

static long exec_src_strlen(const struct exec_args *a, uintptr_t s, size_t max)
{
    if (!a->from_user)
        return (long)strnlen((const char *)s, max);
    return strnlen_user(s, max);
}

static int exec_src_copy(const struct exec_args *a, void *dst, uintptr_t s, size_t n)
{
    if (!a->from_user) {
        memcpy(dst, (const void *)s, n);
        return 0;
    }
    int err = copyin(dst, s, n);
    return err == -ENOMEM ? err : err ? -EFAULT : 0;
}

/* exec_count: the entries of vector `which` before its NULL; each costs a
 * pointer's 8 bytes of *budget. */
static long exec_count(const struct exec_args *a, int which, size_t *budget)
{
    for (size_t i = 0;; i++) {
        uintptr_t s;
        int err = exec_src_ptr(a, which, i, &s);
        if (err)
            return err;
        if (!s)
            return (long)i;
        if (*budget < sizeof(uintptr_t))
            return -E2BIG;
        *budget -= sizeof(uintptr_t);
    }
}

/* ---- writing the new stack ---------------------------------------------- */

/* exec_copy_string: len bytes from src, then a NUL, at dst in vm. A NUL
 * among the bytes means the string changed since it was measured. */
static int exec_copy_string(struct vmspace *vm, const struct exec_args *a, uintptr_t src,
                            uintptr_t dst, size_t len)
{
    char buf[EXEC_COPY_CHUNK];
    for (size_t done = 0; done < len;) {
        size_t k = MIN(sizeof(buf), len - done);
        int err = exec_src_copy(a, buf, src + done, k);
        if (err)
            return err;
        if (memchr(buf, 0, k))
            return -EFAULT;
        err = copyout_vm(vm, dst + done, buf, k);
        if (err)
            return err;
        done += k;
    }
    return copyout_vm(vm, dst + len, "", 1);
}

/* exec_put_string: string s below *sp, charged to *budget. */
static int exec_put_string(struct vmspace *vm, const struct exec_args *a, uintptr_t s,
                           uintptr_t *sp, size_t *budget)
{
    if (!s)
        return -EFAULT;          /* the vector changed since it was counted */
    long len = exec_src_strlen(a, s, *budget);
    if (len < 0)
        return -EFAULT;
    if ((size_t)len >= *budget)
        return -E2BIG;
    *budget -= (size_t)len + 1;
    *sp -= (size_t)len + 1;
    return exec_copy_string(vm, a, s, *sp, (size_t)len);
}

/* exec_put_strings: strings first .. n-1 of vector `which`, last first. */
static int exec_put_strings(struct vmspace *vm, const struct exec_args *a, int which, size_t first, size_t n,
                            uintptr_t *sp, size_t *budget)
{
    for (size_t i = n; i-- > first;) {
        uintptr_t s;
        int err = exec_src_ptr(a, which, i, &s);
        if (!err)
            err = exec_put_string(vm, a, s, sp, budget);
        if (err)
            return err;
    }
    return 0;
}

/* Words go to the new stack through a small buffer. */
struct exec_words {
    struct vmspace *vm;
    uintptr_t at;                /* where buf[0] goes */
    uint64_t buf[32];
    int n, err;
};

static void exec_words_flush(struct exec_words *w)
{
    if (!w->err && w->n)
        w->err = copyout_vm(w->vm, w->at, w->buf, (size_t)w->n * sizeof(uint64_t));
    w->at += (uintptr_t)w->n * sizeof(uint64_t);
    w->n = 0;
}

static void exec_word(struct exec_words *w, uint64_t v)
{
    w->buf[w->n++] = v;
    if (w->n == (int)(sizeof(w->buf) / sizeof(w->buf[0])))
        exec_words_flush(w);
}

/* exec_pointers: pointers to n consecutive strings starting at *s in vm
 * (copied there by us: each ends in a NUL within EXEC_ARG_MAX), then NULL.
 * *s moves past them. */
static void exec_pointers(struct exec_words *w, uintptr_t *s, size_t n)
{
    for (size_t i = 0; i < n && !w->err; i++) {
        exec_word(w, *s);
        long len = strnlen_user_vm(w->vm, *s, EXEC_ARG_MAX);
        if (len < 0) {
            w->err = (int)len;
            return;
        }
        *s += (size_t)len + 1;
    }
    exec_word(w, 0);
}

struct exec_aux {
    uint64_t v[EXEC_AUX_MAX][2];
    int n;
};

static void exec_aux_add(struct exec_aux *x, uint64_t type, uint64_t value)
{
    assert(x->n < EXEC_AUX_MAX);
    x->v[x->n][0] = type;
    x->v[x->n++][1] = value;
}

/* exec_aux_fill: the auxiliary vector. A static PIE program's start code
 * (musl's rcrt1) finds its load base from AT_PHDR and its PT_DYNAMIC
 * header, so AT_PHDR and AT_ENTRY give the image where it is, base added;
 * AT_BASE is the interpreter's base, 0: there is none. */
static void exec_aux_fill(struct exec_aux *x, const struct program *prog, uintptr_t base,
                          uintptr_t random, uintptr_t execfn)
{
    uint32_t a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    if (prog->img.phdr)
        exec_aux_add(x, AT_PHDR, base + prog->img.phdr);
    exec_aux_add(x, AT_PHENT, 56);
    exec_aux_add(x, AT_PHNUM, (uint64_t)prog->img.phnum);
    exec_aux_add(x, AT_PAGESZ, PAGE_SIZE);
    exec_aux_add(x, AT_BASE, 0);
    exec_aux_add(x, AT_FLAGS, 0);
    exec_aux_add(x, AT_ENTRY, base + prog->img.entry);
    exec_aux_add(x, AT_UID, 0);
    exec_aux_add(x, AT_EUID, 0);
    exec_aux_add(x, AT_GID, 0);
    exec_aux_add(x, AT_EGID, 0);
    exec_aux_add(x, AT_HWCAP, d);
    exec_aux_add(x, AT_CLKTCK, USER_HZ);
    exec_aux_add(x, AT_SECURE, 0);
    exec_aux_add(x, AT_RANDOM, random);
    exec_aux_add(x, AT_EXECFN, execfn);
    exec_aux_add(x, AT_NULL, 0);
}

/* exec_summary: argv's strings (at s, `bytes` long) joined by spaces, for
 * ps; anything unprintable (an escape sequence, say) shows as '?', so that
 * ps cannot be made to drive the terminal. */
static void exec_summary(struct vmspace *vm, uintptr_t s, size_t bytes, char *out, size_t size)
{
    size_t n = MIN(bytes, size - 1);
    if (copyin_vm(vm, out, s, n) < 0)
        n = 0;
    out[n] = 0;
    for (size_t i = 0; i < n; i++)
        if (!out[i])
            out[i] = ' ';
        else if (out[i] < ' ' || out[i] > '~')
            out[i] = '?';
    while (n && out[n - 1] == ' ')
        out[--n] = 0;
}

static int exec_stack_area(struct vmspace *vm)
{
    struct vm_area a = {
        .start = vm->stack_top - USER_STACK_MAX, .end = vm->stack_top, .prot = VM_READ | VM_WRITE, .maxprot = VM_PROT_ALL,
        .kind = VMA_STACK,
    };
    spin_lock(&vm->lock);
    int err = vm_area_add(vm, &a);
    spin_unlock(&vm->lock);
    return err;
}

/* exec_strings: the strings, from the top down; argv's start at *argv_at.
 * argv is a script's words (a->pre), then the caller's from a->skip on.
 * An empty argv gets one empty string as argv[0], as Linux gives it since
 * 5.18 (programs may assume argc >= 1). */
static int exec_strings(struct vmspace *vm, const char *path, const struct exec_args *a,
                        long *argc, size_t envc, size_t *budget, uintptr_t *sp,
                        uintptr_t *execfn, uintptr_t *argv_at)
{
    static const struct exec_args kernel = { .from_user = false };
    *sp = vm->stack_top - sizeof(uint64_t);
    int err = exec_put_string(vm, &kernel, (uintptr_t)path, sp, budget);
    *execfn = *sp;
    if (!err)
        err = exec_put_strings(vm, a, ENVP, 0, envc, sp, budget);
    size_t first = MIN((size_t)a->skip, (size_t)*argc);
    if (!err)
        err = exec_put_strings(vm, a, ARGV, first, (size_t)*argc, sp, budget);
    for (int i = a->npre; !err && i-- > 0;)
        err = exec_put_string(vm, &kernel, (uintptr_t)a->pre[i], sp, budget);
    *argc = *argc - (long)first + a->npre;
    if (!err && *argc == 0) {
        err = exec_put_string(vm, &kernel, (uintptr_t)"", sp, budget);
        *argc = 1;
    }
    *argv_at = *sp;
    return err;
}

/* exec_vectors: argc, argv, envp and auxv below `random`, rsp 16-aligned;
 * *argv_bytes is how long argv's strings are. */
static int exec_vectors(struct vmspace *vm, const struct exec_aux *aux, long argc, long envc,
                        uintptr_t argv_at, uintptr_t random, uintptr_t *rsp, size_t *argv_bytes)
{
    size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1 + 2 * (size_t)aux->n;
    struct exec_words w = { .vm = vm, .at = (random - words * 8) & ~0xfUL };
    *rsp = w.at;
    exec_word(&w, (uint64_t)argc);
    uintptr_t s = argv_at;
    exec_pointers(&w, &s, (size_t)argc);
    *argv_bytes = s - argv_at;
    exec_pointers(&w, &s, (size_t)envc);
    for (int i = 0; i < aux->n; i++) {
        exec_word(&w, aux->v[i][0]);
        exec_word(&w, aux->v[i][1]);
    }
    exec_words_flush(&w);
    return w.err;
}

int exec_stack_build(struct vmspace *vm, const struct program *prog, uintptr_t base, const char *path,
                     const struct exec_args *a, struct exec_start *out)
{
    size_t budget = EXEC_ARG_MAX;
    long argc = exec_count(a, ARGV, &budget);
    long envc = argc < 0 ? 0 : exec_count(a, ENVP, &budget);
    if (argc < 0 || envc < 0)
        return (int)(argc < 0 ? argc : envc);
    int err = exec_stack_area(vm);
    uintptr_t sp, execfn, argv_at;
    if (!err)
        err = exec_strings(vm, path, a, &argc, (size_t)envc, &budget, &sp, &execfn, &argv_at);
    if (err)
        return err;
    uint8_t rnd[16];
    random_bytes(rnd, sizeof(rnd));
    uintptr_t random = (sp & ~0xfUL) - sizeof(rnd);
    err = copyout_vm(vm, random, rnd, sizeof(rnd));
    if (err)
        return err;
    struct exec_aux aux = { .n = 0 };
    exec_aux_fill(&aux, prog, base, random, execfn);
    size_t argv_bytes;
    out->entry = base + prog->img.entry;
    err = exec_vectors(vm, &aux, argc, envc, argv_at, random, &out->rsp, &argv_bytes);
    if (!err)
        exec_summary(vm, argv_at, argv_bytes, out->args, sizeof(out->args));
    return err;
}
