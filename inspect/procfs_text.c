/* procfs_text.c -- /proc's open files. Each file's whole text is made when
 * it is opened, into pages of its own, and reads copy from there: a reader
 * sees one snapshot whatever the offsets and sizes of its reads (reading
 * byte by byte gives the same bytes as one large read), and no copy to
 * user memory ever happens under the locks the text was made under (a
 * copy may fault and sleep).
 *
 * f->priv is the text; only the file's holders see it, and it does not
 * change after open, so reads need no lock of their own (the VFS's f->lock
 * orders the position).
 */
#include "kernel/kernel.h"
#include "inspect/procfs_internal.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/uaccess.h"
#include "lib/fmt.h"
#include "include/weensy/errno.h"

static struct procfs_text *procfs_text_new(void)
{
    return kmalloc(sizeof(struct procfs_text));
}

static void procfs_text_free(struct procfs_text *t)
{
    for (size_t i = 0; i < t->npages; i++)
        kfree(t->page[i]);
    kfree(t);
}

int procfs_text_reserve(struct procfs_text *t, size_t n)
{
    assert(n <= PAGE_SIZE);
    if (procfs_text_room(t) >= n)
        return 0;
    if (t->npages == PROCFS_TEXT_PAGES)
        return -ENOMEM;
    char *pg = kmalloc(PAGE_SIZE);
    if (!pg)
        return -ENOMEM;
    t->page[t->npages++] = pg;
    return 0;
}

void procfs_text_put(struct procfs_text *t, const char *s, size_t n)
{
    assert_le(n, procfs_text_room(t));
    while (n > 0) {
        size_t off = t->len % PAGE_SIZE;
        size_t chunk = MIN(n, PAGE_SIZE - off);
        memcpy(t->page[t->len / PAGE_SIZE] + off, s, chunk);
        t->len += chunk;
        s += chunk;
        n -= chunk;
    }
}

int procfs_printf(struct procfs_text *t, const char *fmt, ...)
{
    char line[PROCFS_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    assert(n >= 0 && n < PROCFS_LINE_MAX);   /* every format here is bounded */
    int err = procfs_text_reserve(t, (size_t)n);
    if (!err)
        procfs_text_put(t, line, (size_t)n);
    return err;
}

/* procfs_read: the text's bytes from *pos on. */
static long procfs_read(struct file *f, uintptr_t ubuf, size_t n, uint64_t *pos)
{
    const struct procfs_text *t = f->priv;
    if (*pos >= t->len)
        return 0;
    n = MIN(n, t->len - *pos);
    size_t done = 0;
    while (done < n) {
        uint64_t at = *pos + done;
        size_t off = at % PAGE_SIZE;
        size_t chunk = MIN(n - done, PAGE_SIZE - off);
        if (copyout(ubuf + done, t->page[at / PAGE_SIZE] + off, chunk) < 0) {
            if (!done)
                return -EFAULT;
            break;               /* what was copied counts, as read(2) says */
        }
        done += chunk;
    }
    *pos += done;
    return (long)done;
}

static void procfs_close(struct file *f)
{
    procfs_text_free(f->priv);
    f->priv = 0;
}

static const struct file_ops procfs_text_ops = {
    .read = procfs_read,
    .close = procfs_close,
    .seekable = true,
};

typedef int procfs_gen_fn(struct procfs_text *t, const struct procfs_node *n);

static procfs_gen_fn *const procfs_gens[PROCFS_NKINDS] = {
    [PROCFS_MEMINFO] = procfs_gen_meminfo, [PROCFS_CPUINFO] = procfs_gen_cpuinfo,
    [PROCFS_UPTIME] = procfs_gen_uptime,   [PROCFS_MAPS] = procfs_gen_maps,
    [PROCFS_STAT] = procfs_gen_stat,       [PROCFS_STATUS] = procfs_gen_status,
    [PROCFS_CMDLINE] = procfs_gen_cmdline, [PROCFS_TID_STAT] = procfs_gen_stat,
    [PROCFS_TID_STATUS] = procfs_gen_status, [PROCFS_MOUNTS] = procfs_gen_mounts,
};

int procfs_file_open(struct vnode *v, struct file *f)
{
    const struct procfs_node *n = v->priv;
    assert(n->kind > 0 && n->kind < PROCFS_NKINDS && procfs_gens[n->kind]);
    if (file_writable(f))
        return -EACCES;
    struct procfs_text *t = procfs_text_new();
    if (!t)
        return -ENOMEM;
    int err = procfs_gens[n->kind](t, n);
    if (err < 0) {
        procfs_text_free(t);
        return err;
    }
    f->ops = &procfs_text_ops;
    f->priv = t;
    return 0;
}
