/* procfs_sys.c -- the files of /proc about the machine rather than a
 * process: meminfo, cpuinfo and uptime, in Linux's formats (proc(5)).
 */
#include "kernel/kernel.h"
#include "inspect/procfs_internal.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/swap.h"
#include "fs/pcache.h"
#include "proc/program.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/x86.h"
#include "include/weensy/errno.h"

/* ---- /proc/meminfo ------------------------------------------------------- */

/* SwapCached: pages in the swap cache, counted over the slots. The count
 * is a static the visit adds to, so one count runs at a time. Order:
 * procfs_swap_lock -> swap_lock. */
static struct spinlock procfs_swap_lock = SPINLOCK_INIT("procfs_swap");
static size_t procfs_swap_cached;    /* [procfs_swap_lock] */

static void procfs_count_cached(uint32_t s, uint32_t count, struct page *pg)
{
    (void)s;
    (void)count;
    procfs_swap_cached += pg != 0;
}

static size_t procfs_swap_cached_pages(void)
{
    spin_lock(&procfs_swap_lock);
    procfs_swap_cached = 0;
    swap_visit_slots(procfs_count_cached);
    size_t n = procfs_swap_cached;
    spin_unlock(&procfs_swap_lock);
    return n;
}

/* One line: the name with its colon left-aligned in 16 columns, the value
 * right-aligned in 8, as Linux's show_val_kb. */
static int procfs_meminfo_line(struct procfs_text *t, const char *name, size_t pages)
{
    char label[24];
    snprintf(label, sizeof(label), "%s:", name);
    return procfs_printf(t, "%-16s%8lu kB\n", label, (unsigned long)(pages * (PAGE_SIZE / 1024)));
}

/* Where the figures come from: the page allocator (MemFree: pages on the
 * free lists; MemAvailable: what an allocation can get, the kept kernel
 * stacks included), the page cache and, until exec maps programs from it,
 * the program cache (Cached), the swap device, and the page kinds. Each is
 * read on its own, so they may be a few pages apart while others run. */
int procfs_gen_meminfo(struct procfs_text *t, const struct procfs_node *n)
{
    (void)n;
    size_t kinds[PAGE_KIND_COUNT];
    page_count_kinds(kinds);
    size_t swap_total = swap_nslots(), swap_used = swap_nused();
    struct { const char *name; size_t pages; } lines[] = {
        { "MemTotal", page_nmanaged() },
        { "MemFree", page_nfree() },
        { "MemAvailable", page_navailable() },
        { "Buffers", 0 },
        { "Cached", pcache_total() + program_cache_pages() },
        { "SwapCached", procfs_swap_cached_pages() },
        { "SwapTotal", swap_total },
        { "SwapFree", swap_total > swap_used ? swap_total - swap_used : 0 },
        { "Slab", kmalloc_pages() },
        { "PageTables", kinds[PAGE_PAGETABLE] },
    };
    int err = 0;
    for (size_t i = 0; i < ARRAY_SIZE(lines) && !err; i++)
        err = procfs_meminfo_line(t, lines[i].name, lines[i].pages);
    return err;
}

/* ---- /proc/cpuinfo ------------------------------------------------------- */

/* What CPUID says of this CPU. Every CPU of a machine weensy runs on is
 * the same model, so the one reading describes them all. */
struct procfs_cpuid {
    char vendor[13];
    char model_name[49];
    unsigned family, model, stepping;
    uint32_t edx1, ecx1, edx_ext;    /* the feature words flags come from */
};

static void procfs_cpuid_read(struct procfs_cpuid *c)
{
    uint32_t a, b, cx, d;
    memset(c, 0, sizeof(*c));
    cpuid(0, 0, &a, &b, &cx, &d);
    memcpy(c->vendor, &b, 4);
    memcpy(c->vendor + 4, &d, 4);
    memcpy(c->vendor + 8, &cx, 4);
    cpuid(1, 0, &a, &b, &c->ecx1, &c->edx1);
    c->family = (a >> 8) & 0xf;
    c->model = (a >> 4) & 0xf;
    c->stepping = a & 0xf;
    if (c->family == 0xf)
        c->family += (a >> 20) & 0xff;
    if (c->family >= 6)
        c->model += ((a >> 16) & 0xf) << 4;
    uint32_t max_ext;
    cpuid(0x80000000, 0, &max_ext, &b, &cx, &d);
    if (max_ext >= 0x80000001)
        cpuid(0x80000001, 0, &a, &b, &cx, &c->edx_ext);
    if (max_ext < 0x80000004)
        return;
    uint32_t r[13];
    for (uint32_t i = 0; i < 3; i++)
        cpuid(0x80000002 + i, 0, &r[4 * i], &r[4 * i + 1], &r[4 * i + 2], &r[4 * i + 3]);
    r[12] = 0;                   /* the brand string need not end in a NUL */
    const char *name = (const char *)r;
    while (*name == ' ')
        name++;                  /* Intel right-aligns the brand string */
    strlcpy(c->model_name, name, sizeof(c->model_name));
}

/* Linux's names for the feature bits weensy shows, in Linux's order:
 * CPUID 1 EDX, then 0x80000001 EDX, then CPUID 1 ECX. */
enum { PROCFS_EDX1, PROCFS_EDX_EXT, PROCFS_ECX1 };
static const struct { uint8_t word, bit; const char *name; } procfs_flags[] = {
    { PROCFS_EDX1, 0, "fpu" },       { PROCFS_EDX1, 1, "vme" },        { PROCFS_EDX1, 2, "de" },
    { PROCFS_EDX1, 3, "pse" },       { PROCFS_EDX1, 4, "tsc" },        { PROCFS_EDX1, 5, "msr" },
    { PROCFS_EDX1, 6, "pae" },       { PROCFS_EDX1, 7, "mce" },        { PROCFS_EDX1, 8, "cx8" },
    { PROCFS_EDX1, 9, "apic" },      { PROCFS_EDX1, 11, "sep" },       { PROCFS_EDX1, 12, "mtrr" },
    { PROCFS_EDX1, 13, "pge" },      { PROCFS_EDX1, 14, "mca" },       { PROCFS_EDX1, 15, "cmov" },
    { PROCFS_EDX1, 16, "pat" },      { PROCFS_EDX1, 17, "pse36" },     { PROCFS_EDX1, 19, "clflush" },
    { PROCFS_EDX1, 23, "mmx" },      { PROCFS_EDX1, 24, "fxsr" },      { PROCFS_EDX1, 25, "sse" },
    { PROCFS_EDX1, 26, "sse2" },     { PROCFS_EDX1, 28, "ht" },        { PROCFS_EDX_EXT, 11, "syscall" },
    { PROCFS_EDX_EXT, 20, "nx" },    { PROCFS_EDX_EXT, 26, "pdpe1gb" }, { PROCFS_EDX_EXT, 27, "rdtscp" },
    { PROCFS_EDX_EXT, 29, "lm" },    { PROCFS_ECX1, 0, "pni" },        { PROCFS_ECX1, 1, "pclmulqdq" },
    { PROCFS_ECX1, 9, "ssse3" },     { PROCFS_ECX1, 12, "fma" },       { PROCFS_ECX1, 13, "cx16" },
    { PROCFS_ECX1, 19, "sse4_1" },   { PROCFS_ECX1, 20, "sse4_2" },    { PROCFS_ECX1, 21, "x2apic" },
    { PROCFS_ECX1, 22, "movbe" },    { PROCFS_ECX1, 23, "popcnt" },    { PROCFS_ECX1, 25, "aes" },
    { PROCFS_ECX1, 26, "xsave" },    { PROCFS_ECX1, 28, "avx" },       { PROCFS_ECX1, 30, "rdrand" },
    { PROCFS_ECX1, 31, "hypervisor" },
};

/* procfs_flags_line: "flags\t\t: fpu vme ...\n" into t. */
static int procfs_flags_line(struct procfs_text *t, const struct procfs_cpuid *c)
{
    const uint32_t words[] = { [PROCFS_EDX1] = c->edx1, [PROCFS_EDX_EXT] = c->edx_ext, [PROCFS_ECX1] = c->ecx1 };
    int err = procfs_printf(t, "flags\t\t:");
    for (size_t i = 0; i < ARRAY_SIZE(procfs_flags) && !err; i++)
        if (words[procfs_flags[i].word] >> procfs_flags[i].bit & 1)
            err = procfs_printf(t, " %s", procfs_flags[i].name);
    return err ? err : procfs_printf(t, "\n");
}

static int procfs_cpu_block(struct procfs_text *t, const struct procfs_cpuid *c, int i)
{
    uint64_t mhz = timer_tsc_per_us();
    int err = procfs_printf(t, "processor\t: %d\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n", i, c->vendor,
                            c->family, c->model);
    if (!err)
        err = procfs_printf(t, "model name\t: %s\nstepping\t: %u\ncpu MHz\t\t: %lu.000\n", c->model_name,
                            c->stepping, (unsigned long)mhz);
    if (!err)
        err = procfs_printf(t, "apicid\t\t: %u\n", cpus[i].apic_id);
    if (!err)
        err = procfs_flags_line(t, c);
    return err ? err : procfs_printf(t, "\n");
}

/* One block per online CPU, each ended by an empty line, as on Linux. */
int procfs_gen_cpuinfo(struct procfs_text *t, const struct procfs_node *n)
{
    (void)n;
    struct procfs_cpuid c;
    procfs_cpuid_read(&c);
    int online = MAX(__atomic_load_n(&ncpus, __ATOMIC_ACQUIRE), 1);
    int err = 0;
    for (int i = 0; i < online && !err; i++)
        err = procfs_cpu_block(t, &c, i);
    return err;
}

/* ---- /proc/uptime -------------------------------------------------------- */

/* Ticks each CPU spent with no process to run (in its scheduler, mostly
 * halted), counted by each CPU's own tick: only that CPU writes its
 * counter. */
static uint64_t procfs_idle_ticks[MAX_CPUS];

static void procfs_idle_tick(const struct trapframe *tf)
{
    (void)tf;
    if (myproc())
        return;
    uint64_t *n = &procfs_idle_ticks[mycpu()->id];
    __atomic_store_n(n, *n + 1, __ATOMIC_RELAXED);
}

void procfs_idle_start(void)
{
    timer_add_cpu_tick_hook(procfs_idle_tick);
}

/* "seconds.hundredths idle.hundredths": the time since boot, and the time
 * the CPUs were idle, added up over them (so it may pass the first). */
/* /proc/mounts, in Linux's form (fstab's fields): what is mounted, where,
 * its type, ro or rw, and two zeros. weensy's file systems have no device,
 * so the first field is the type, as Linux shows tmpfs and proc. */
struct procfs_mounts_gen {
    struct procfs_text *t;
    int err;
};

static void procfs_mount_line(const char *path, const struct fs *fs, void *arg)
{
    struct procfs_mounts_gen *g = arg;
    if (!g->err)
        g->err = procfs_printf(g->t, "%s %s %s %s 0 0\n", fs->name, path, fs->name, fs->readonly ? "ro" : "rw");
}

int procfs_gen_mounts(struct procfs_text *t, const struct procfs_node *n)
{
    (void)n;
    struct procfs_mounts_gen g = { t, 0 };
    vfs_mounts_visit(procfs_mount_line, &g);
    return g.err;
}

int procfs_gen_uptime(struct procfs_text *t, const struct procfs_node *n)
{
    (void)n;
    uint64_t cs = timer_ns() / 10000000;
    uint64_t idle = 0;
    for (int i = 0; i < MAX_CPUS; i++)
        idle += __atomic_load_n(&procfs_idle_ticks[i], __ATOMIC_RELAXED);
    idle = idle * 100 / TIMER_HZ;
    return procfs_printf(t, "%lu.%02lu %lu.%02lu\n", (unsigned long)(cs / 100), (unsigned long)(cs % 100),
                         (unsigned long)(idle / 100), (unsigned long)(idle % 100));
}
