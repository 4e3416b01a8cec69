/* report.c -- what the coordinator prints: a process's last calls (from
 * its ring in the shared page), the last call of every process of a round,
 * and what was called how often over the whole run. */
#include "fuzz.h"

static const char *const errnames[] = {
    [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR",
    [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF", [ECHILD] = "ECHILD",
    [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM", [EACCES] = "EACCES", [EFAULT] = "EFAULT",
    [EBUSY] = "EBUSY", [EEXIST] = "EEXIST", [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR",
    [EINVAL] = "EINVAL", [ENOTTY] = "ENOTTY", [ENOSPC] = "ENOSPC",
    [ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS", [EIO] = "EIO", [ENXIO] = "ENXIO",
    [EXDEV] = "EXDEV", [EISDIR] = "EISDIR", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE",
    [ETXTBSY] = "ETXTBSY", [EFBIG] = "EFBIG", [ESPIPE] = "ESPIPE", [EROFS] = "EROFS",
    [EMLINK] = "EMLINK", [EPIPE] = "EPIPE", [ERANGE] = "ERANGE", [ENOTEMPTY] = "ENOTEMPTY",
    [ELOOP] = "ELOOP", [EIDRM] = "EIDRM", [EOVERFLOW] = "EOVERFLOW", [ETIMEDOUT] = "ETIMEDOUT",
};

const char *fuzz_val(long v, char buf[32])
{
    long e = -v;
    if (v == FUZZ_PENDING)
        snprintf(buf, 32, "(running)");
    else if (e > 0 && e < (long)(sizeof errnames / sizeof errnames[0]) && errnames[e])
        snprintf(buf, 32, "-%s", errnames[e]);
    else if (v > 4096 || v < -4096)
        snprintf(buf, 32, "%#lx", v);
    else
        snprintf(buf, 32, "%ld", v);
    return buf;
}

static void print_call(const char *lead, const struct fuzz_call *c)
{
    char name[32], v[7][32];
    for (int i = 0; i < 6; i++)
        fuzz_val(c->a[i], v[i]);
    printf("%s%s(%s, %s, %s, %s, %s, %s) = %s\n", lead, call_name(c->nr, name), v[0], v[1], v[2],
           v[3], v[4], v[5], fuzz_val(c->ret, v[6]));
}

void report_bad_call(int slot)
{
    print_call("fuzz:   the call: ", (const struct fuzz_call *)&fz->slots[slot].bad_call);
}

void report_ring(int slot, const char *why)
{
    if (slot < 0 || slot >= FUZZ_SLOTS)
        return;
    const struct fuzz_slot *s = &fz->slots[slot];
    uint64_t head = s->head;
    printf("fuzz: pid %d (slot %d, parent slot %d) %s after %lu calls (seed %lu, round %d); its last calls:\n",
           s->pid, slot, s->parent_slot, why, s->ncalls, run.seed, run.round);
    uint64_t first = head > FUZZ_RING ? head - FUZZ_RING : 0;
    for (uint64_t i = first; i < head; i++)
        print_call("fuzz:   ", &s->ring[i % FUZZ_RING]);
}

/* For a leak: the last call of each process of the round (the leak came
 * from one of the round's calls; these are where each process stopped). */
void report_last_calls(void)
{
    int n = fz->nslots < FUZZ_SLOTS ? fz->nslots : FUZZ_SLOTS;
    printf("fuzz: the last call of each of the round's %d processes (seed %lu, round %d):\n", n,
           run.seed, run.round);
    for (int i = 0; i < n && i < 64; i++) {
        const struct fuzz_slot *s = &fz->slots[i];
        if (s->head == 0)
            continue;
        char lead[32];
        snprintf(lead, sizeof lead, "fuzz:   pid %d: ", s->pid);
        print_call(lead, &s->ring[(s->head - 1) % FUZZ_RING]);
    }
}

/* Every call: how often it was made and how often it succeeded. */
void report_calls(void)
{
    char line[120];
    int len = 0;
    printf("fuzz: calls made (succeeded):\n");
    for (int i = 0; i < fuzz_ncalls; i++) {
        char name[32];
        const char *nm = i < fuzz_nreal ? fuzz_calls[i].name : call_name(fuzz_calls[i].nr, name);
        char item[48];
        int k = snprintf(item, sizeof item, " %s %lu (%lu)", nm, fz->per_call[i][0], fz->per_call[i][1]);
        if (len + k > 96) {
            printf("fuzz:%s\n", line);
            len = 0;
        }
        memcpy(line + len, item, (size_t)k + 1);
        len += k;
    }
    if (len)
        printf("fuzz:%s\n", line);
    printf("fuzz: %lu calls changed by the guards, %lu let hurt their caller\n", fz->skipped,
           fz->self_harm);
}
