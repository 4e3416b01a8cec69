/* swapahead -- read-ahead on page-in (docs/swap.md, "Page-in and
 * read-ahead"):
 *
 *   swapahead [--limit FRAMES] [PAGES]
 *   swapahead --pressure
 *
 * PAGES pages (default 512) are written, sent to swap with
 * madvise(MADV_PAGEOUT) and read back in address order: every value must
 * be right, and the kernel (its meminfo counts) must have read them in at
 * most one request per 8 pages, taking at most one fault per 8 pages (the
 * pages read with a fault are mapped with it). Then the same in a
 * scattered order, where read-ahead can only guess: the values must be
 * right, and the counts are printed beside the first. With --limit
 * (RLIMIT_RSS), the process keeps at most FRAMES pages: the pages mapped
 * with a fault stop at the limit, and the first pass's counts are not
 * checked.
 *
 * With --pressure (boot with a small mem=): twice the machine's pages are
 * written, then each is checked and written again, in order, under
 * global pressure the whole time: the second pass must read each page
 * back about once (at most 1.15 page-ins per page). Pages read ahead and
 * dropped before the program came to them, then read again, fail it.
 *
 * Exit status: 0 if everything held, 1 if a value or a count did not or
 * there is no swap, 2 for bad arguments. */
#include "weensy.h"

#define PAGE 4096UL
#define MADV_PAGEOUT 21

static unsigned long npages = 512;
static volatile uint64_t *area;

static uint64_t value(unsigned long page, unsigned round)
{
    return 0xa4ead00000000000ULL ^ (page * 0x9e3779b97f4a7c15ULL) ^ round;
}

static volatile uint64_t *word(unsigned long page)
{
    return area + page * (PAGE / sizeof(uint64_t)) + (page % 500);
}

static void counts(struct weensy_meminfo *m)
{
    if (meminfo(m) < 0) {
        printf("swapahead: meminfo failed\n");
        exit(1);
    }
}

/* pass: write round's values, send every page out, read them back `step`
 * apart (1: in address order); how many read back wrong. */
static int pass(unsigned round, unsigned long step, const char *order, struct weensy_meminfo *d)
{
    for (unsigned long p = 0; p < npages; p++)
        *word(p) = value(p, round);
    if (sys_madvise((long)area, (long)(npages * PAGE), MADV_PAGEOUT) < 0) {
        printf("swapahead: madvise(MADV_PAGEOUT) failed\n");
        exit(1);
    }
    struct weensy_meminfo a, b;
    counts(&a);
    int bad = 0;
    for (unsigned long i = 0, p = 0; i < npages; i++, p = (p + step) % npages)
        if (*word(p) != value(p, round)) {
            if (!bad)
                printf("swapahead: MISMATCH (%s): page %lu holds %#lx, not %#lx\n", order, p,
                       (unsigned long)*word(p), (unsigned long)value(p, round));
            bad++;
        }
    counts(&b);
    d->swap_ins = b.swap_ins - a.swap_ins;
    d->swap_reads = b.swap_reads - a.swap_reads;
    d->swap_faults = b.swap_faults - a.swap_faults;
    printf("swapahead: %lu pages read back %s: %lu page-ins in %lu reads, %lu faults\n", npages, order,
           (unsigned long)d->swap_ins, (unsigned long)d->swap_reads, (unsigned long)d->swap_faults);
    return bad;
}

/* pressure_passes: twice RAM written, then checked and rewritten in order;
 * 0 if every value held and the second pass read each page about once. */
static int pressure_passes(const struct weensy_meminfo *m)
{
    npages = 2 * m->total;
    area = mmap(0, npages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED)
        return printf("swapahead: mmap failed\n"), 1;
    for (unsigned long p = 0; p < npages; p++)
        *word(p) = value(p, 1);
    struct weensy_meminfo a, b;
    counts(&a);
    unsigned long bad = 0;
    for (unsigned long p = 0; p < npages; p++) {
        bad += *word(p) != value(p, 1);
        *word(p) = value(p, 2);
    }
    counts(&b);
    unsigned long ins = b.swap_ins - a.swap_ins, clean = b.swap_clean - a.swap_clean;
    printf("swapahead: %lu pages under pressure, second pass: %lu page-ins in %lu reads, %lu dropped clean\n",
           npages, ins, (unsigned long)(b.swap_reads - a.swap_reads), clean);
    if (bad)
        printf("swapahead: MISMATCH: %lu pages read back wrong\n", bad);
    if (ins > npages + npages * 15 / 100)
        printf("swapahead: FAIL: %lu page-ins for %lu pages (read ahead, dropped, read again)\n", ins, npages);
    int fail = bad || ins > npages + npages * 15 / 100;
    printf("swapahead: %s\n", fail ? "FAIL" : "every value read back right");
    return fail;
}

int main(int argc, char **argv)
{
    unsigned long limit = 0;
    if (argc == 2 && strcmp(argv[1], "--pressure") == 0) {
        struct weensy_meminfo m;
        counts(&m);
        if (!m.swap_total)
            return printf("swapahead: no swap device (boot with swap=ram or swap=virtio)\n"), 1;
        return pressure_passes(&m);
    }
    if (argc >= 3 && strcmp(argv[1], "--limit") == 0) {
        limit = strtoul(argv[2], 0, 10);
        argc -= 2;
        argv += 2;
    }
    if (argc > 2 || (argc == 2 && (npages = strtoul(argv[1], 0, 10)) < 64))
        return printf("usage: swapahead [--limit FRAMES] [PAGES]   (at least 64 pages)\n"), 2;
    if (limit && rss_limit(limit) != (long)limit)
        return printf("swapahead: prlimit64(RLIMIT_RSS) failed\n"), 1;
    struct weensy_meminfo m;
    counts(&m);
    if (!m.swap_total)
        return printf("swapahead: no swap device (boot with swap=ram or swap=virtio)\n"), 1;
    area = mmap(0, npages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED)
        return printf("swapahead: mmap failed\n"), 1;
    struct weensy_meminfo seq, scattered;
    int bad = pass(1, 1, "in order", &seq) != 0;
    bad |= pass(2, 97, "97 apart", &scattered) != 0;
    if (!limit && (seq.swap_ins < npages || seq.swap_reads > npages / 8 || seq.swap_faults > npages / 8)) {
        printf("swapahead: FAIL: in order, %lu pages took %lu reads and %lu faults (at most %lu each)\n",
               npages, (unsigned long)seq.swap_reads, (unsigned long)seq.swap_faults, npages / 8);
        bad = 1;
    }
    printf("swapahead: %s\n", bad ? "FAIL" : "every value read back right");
    return bad;
}
