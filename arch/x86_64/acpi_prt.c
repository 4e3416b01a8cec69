/* acpi_prt.c -- a PCI interrupt pin's I/O APIC input, from the root
 * bridge's _PRT (ACPI 6.5, 6.2.13), without running any AML.
 *
 * The root bridge is the Device whose _HID or _CID is PNP0A03 or PNP0A08
 * and whose _BBN, if it is a plain number, is 0. Its _PRT is either
 * Name(_PRT, Package{...}), or a Method that returns one of several named
 * packages depending on the PIC/APIC flag the OS sets with \_PIC
 * (If (PICM) { Return (AR00) } Return (PR00) on PCs, If (PICF == 0)
 * Return (PRTP) Else Return (PRTA) on QEMU's q35). Without evaluating
 * the If, the package for APIC mode is the one whose entry for the
 * device can be read statically: each entry is Package{ Address
 * (device << 16 | 0xffff), Pin (0-3), Source, SourceIndex }, and
 *  - Source Zero: SourceIndex is the GSI, PCI's signal (level, active
 *    low; a MADT override for that GSI wins, acpi_prt_route);
 *  - Source a link device whose _CRS is a Name, a resource template
 *    with an Extended Interrupt descriptor (6.4.3.6): its GSI, trigger
 *    and polarity (QEMU's GSIA..GSIH);
 *  - Source a link device whose _CRS is a Method (the PIC mode's LNKA..,
 *    which read the chipset's routing registers): not readable, and the
 *    package is not the APIC mode's.
 * Anything else is "no route", with the reason, never a guess. */
#include "kernel/kernel.h"
#include "arch/x86_64/acpi_prt.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/acpi_table.h"
#include "arch/x86_64/madt.h"

#define PRT_CANDIDATES 4              /* packages a _PRT method may return */
#define PRT_BRIDGES 4                 /* root bridges looked at */
#define PRT_SSDTS 8
#define EISA_PNP0A03 0x030ad041u      /* EisaId("PNP0A03"): a PCI host bridge */
#define EISA_PNP0A08 0x080ad041u      /* EisaId("PNP0A08"): a PCI Express one */
#define RES_EXT_IRQ 0x89              /* Extended Interrupt descriptor */
#define RES_END 0x79
#define EXT_IRQ_EDGE (1u << 1)
#define EXT_IRQ_LOW (1u << 2)

struct prt_ns {                       /* the tables being read */
    const struct aml_block *blocks;
    int nblocks;
    struct acpi_prt_route *r;
};

static bool prt_fail(struct prt_ns *ns, const char *why)
{
    snprintf(ns->r->why, sizeof(ns->r->why), "%s", why);
    return false;
}

/* prt_walk: aml_walk, a table it cannot read reported in r->why. */
static bool prt_walk(struct prt_ns *ns, aml_visit_fn fn, void *arg)
{
    int block = 0;
    size_t at = 0;
    const char *why = aml_walk(ns->blocks, ns->nblocks, fn, arg, &block, &at);
    if (why)
        snprintf(ns->r->why, sizeof(ns->r->why), "table %d offset %#lx: %s", block, at, why);
    return !why;
}

struct find {                         /* an object by path, or by the search rules */
    struct aml_path want;             /* want.seg[want.depth - 1] is the name */
    bool search;                      /* also in want's scope's ancestors */
    int best;                         /* depth of the match found, -1: none */
    struct aml_obj obj;
};

static bool find_visit(const struct aml_obj *o, void *arg)
{
    struct find *f = arg;
    int d = o->path.depth;
    if (d < 1 || d > f->want.depth || o->path.seg[d - 1] != f->want.seg[f->want.depth - 1] || d <= f->best)
        return false;
    if (!f->search && d != f->want.depth)
        return false;
    for (int i = 0; i < d - 1; i++)
        if (o->path.seg[i] != f->want.seg[i])
            return false;
    f->best = d;
    f->obj = *o;
    return d == f->want.depth;        /* the nearest there can be */
}

/* prt_lookup: the object a name refers to: exactly there, or (a lone
 * segment) the nearest in its scope and the scopes above (5.3). */
static bool prt_lookup(struct prt_ns *ns, const struct aml_path *name, bool lone, struct aml_obj *out)
{
    struct find f = { .want = *name, .search = lone, .best = -1 };
    if (name->depth < 1 || !prt_walk(ns, find_visit, &f) || f.best < 0)
        return false;
    *out = f.obj;
    return true;
}

static bool prt_child(struct prt_ns *ns, const struct aml_path *parent, const char *seg, struct aml_obj *out)
{
    struct aml_path path;
    return aml_path_child(parent, aml_seg(seg), &path) && prt_lookup(ns, &path, false, out);
}

struct bridges {
    int n;
    struct aml_path path[PRT_BRIDGES];
};

static bool is_bridge_id(const struct aml_obj *o)
{
    const uint8_t *p = o->data;
    uint64_t v;
    if (aml_integer(&p, o->end, &v))
        return v == EISA_PNP0A03 || v == EISA_PNP0A08;
    return o->end - o->data == 9 && o->data[0] == AML_STRING_OP &&
           (memcmp(o->data + 1, "PNP0A03", 8) == 0 || memcmp(o->data + 1, "PNP0A08", 8) == 0);
}

static bool bridges_visit(const struct aml_obj *o, void *arg)
{
    struct bridges *b = arg;
    int d = o->path.depth;
    uint32_t seg = d ? o->path.seg[d - 1] : 0;
    if (o->kind != AML_OBJ_NAME || (seg != aml_seg("_HID") && seg != aml_seg("_CID")) || !is_bridge_id(o))
        return false;
    struct aml_path dev = o->path;
    dev.depth--;
    for (int i = 0; i < b->n; i++)
        if (aml_path_eq(&b->path[i], &dev))
            return false;
    if (b->n < PRT_BRIDGES)
        b->path[b->n++] = dev;
    return false;
}

/* prt_root_bridge: the one host bridge that can be bus 0: its _BBN is
 * 0, or absent, or not a plain number (then it must be the only one). */
static bool prt_root_bridge(struct prt_ns *ns, struct aml_path *out)
{
    struct bridges b = { .n = 0 };
    if (!prt_walk(ns, bridges_visit, &b))
        return false;
    int found = 0;
    for (int i = 0; i < b.n; i++) {
        struct aml_obj bbn;
        uint64_t v = 0;
        const uint8_t *p;
        if (prt_child(ns, &b.path[i], "_BBN", &bbn) && bbn.kind == AML_OBJ_NAME &&
            (p = bbn.data, aml_integer(&p, bbn.end, &v)) && v != 0)
            continue;                 /* another bus's bridge */
        *out = b.path[i];
        found++;
    }
    if (found == 1)
        return true;
    return prt_fail(ns, found ? "more than one host bridge could be bus 0" : "no PCI host bridge (PNP0A03/PNP0A08)");
}

/* crs_ext_irq: the first interrupt of the index-th Extended Interrupt
 * descriptor in a _CRS buffer (6.4.3.6: flags, count, then 32-bit
 * interrupt numbers). */
static bool crs_ext_irq(const struct aml_obj *crs, uint64_t index, struct acpi_prt_route *r)
{
    const uint8_t *p = crs->data, *end;
    uint64_t size;
    if (p >= crs->end || *p++ != AML_BUFFER_OP || !(end = aml_pkg_end(&p, crs->end)) || !aml_integer(&p, end, &size))
        return false;
    if (size < (uint64_t)(end - p))
        end = p + size;
    while (p < end && *p != RES_END) {
        size_t len = *p & 0x80 ? (end - p >= 3 ? 3u + (p[1] | p[2] << 8) : SIZE_MAX) : 1u + (*p & 7);
        if (len > (size_t)(end - p))
            return false;
        if (*p == RES_EXT_IRQ && len >= 3 + 2 + 4 && p[4] >= 1 && index-- == 0) {
            r->gsi = (uint32_t)(p[5] | p[6] << 8 | p[7] << 16 | (uint32_t)p[8] << 24);
            r->level = !(p[3] & EXT_IRQ_EDGE);
            r->active_low = p[3] & EXT_IRQ_LOW;
            return true;
        }
        p += len;
    }
    return false;
}

struct prt_entry {
    uint64_t addr, pin, index;
    bool zero;                        /* Source is Zero: index is the GSI */
    struct aml_path source;
    bool lone;
};

/* prt_entry: Package{ Address, Pin, Source, SourceIndex } at *p. */
static bool prt_entry(const uint8_t **p, const uint8_t *end, const struct aml_path *scope, struct prt_entry *e)
{
    const uint8_t *q = *p, *pkg_end;
    if (q >= end || *q++ != AML_PACKAGE_OP || !(pkg_end = aml_pkg_end(&q, end)) || q >= pkg_end || *q++ != 4)
        return false;
    if (!aml_integer(&q, pkg_end, &e->addr) || !aml_integer(&q, pkg_end, &e->pin) || q >= pkg_end)
        return false;
    e->zero = *q == AML_ZERO_OP;
    if (e->zero)
        q++;
    else if (!aml_name(&q, pkg_end, scope, &e->source, &e->lone))
        return false;
    if (!aml_integer(&q, pkg_end, &e->index))
        return false;
    *p = pkg_end;
    return true;
}

/* prt_entry_route: the route an entry gives, when it can be read. */
static bool prt_entry_route(struct prt_ns *ns, const struct prt_entry *e, struct acpi_prt_route *r)
{
    struct aml_obj link, crs;
    if (e->zero) {
        r->gsi = (uint32_t)e->index;
        r->level = r->active_low = true;          /* PCI's own signal */
        r->numbered = true;
        return e->index <= UINT32_MAX;
    }
    if (!prt_lookup(ns, &e->source, e->lone, &link) || link.kind != AML_OBJ_DEVICE)
        return prt_fail(ns, "its link device is not in the tables");
    if (!prt_child(ns, &link.path, "_CRS", &crs) || crs.kind != AML_OBJ_NAME)
        return prt_fail(ns, "its link device's _CRS is a method (dynamic, PIC mode)");
    if (!crs_ext_irq(&crs, e->index, r))
        return prt_fail(ns, "its link device's _CRS has no Extended Interrupt descriptor");
    return true;
}

enum { PRT_NO_ENTRY, PRT_UNREADABLE, PRT_FOUND };

/* prt_package: look for (dev, pin) in a Name's package of entries. */
static int prt_package(struct prt_ns *ns, const struct aml_obj *pkg, int dev, int pin, struct acpi_prt_route *r)
{
    struct aml_path scope = pkg->path;
    scope.depth--;
    const uint8_t *p = pkg->data, *end;
    if (p >= pkg->end || *p++ != AML_PACKAGE_OP || !(end = aml_pkg_end(&p, pkg->end)) || p >= end)
        return prt_fail(ns, "a _PRT package that is not one"), PRT_UNREADABLE;
    for (int n = *p++; n > 0 && p < end; n--) {
        struct prt_entry e;
        if (!prt_entry(&p, end, &scope, &e))
            return prt_fail(ns, "a malformed _PRT entry"), PRT_UNREADABLE;
        if (e.addr != ((uint64_t)dev << 16 | 0xffff) || e.pin != (uint64_t)pin)
            continue;
        return prt_entry_route(ns, &e, r) ? PRT_FOUND : PRT_UNREADABLE;
    }
    return PRT_NO_ENTRY;
}

/* prt_returns: the packages a _PRT method may return: each Return of a
 * name (ReturnOp 0xa4, then a NameString naming a package). The body is
 * scanned, not parsed, so a 0xa4 inside a constant followed by a
 * package's name would add a candidate too; prt_choose takes it only
 * if its entry reads plainly and agrees with any other that does. */
static int prt_returns(struct prt_ns *ns, const struct aml_obj *m, struct aml_obj *out)
{
    int n = 0;
    for (const uint8_t *p = m->data; p < m->end && n < PRT_CANDIDATES; p++) {
        const uint8_t *q = p + 1;
        struct aml_path name;
        bool lone;
        struct aml_obj o;
        if (*p != 0xa4 || !aml_name(&q, m->end, &m->path, &name, &lone) ||
            !prt_lookup(ns, &name, lone, &o) || o.kind != AML_OBJ_NAME || o.data[0] != AML_PACKAGE_OP)
            continue;
        bool seen = false;
        for (int i = 0; i < n; i++)
            seen |= out[i].data == o.data;
        if (!seen)
            out[n++] = o;
    }
    return n;
}

/* prt_choose: of the candidates, the one route read plainly. */
static bool prt_choose(struct prt_ns *ns, const struct aml_obj *cand, int n, int dev, int pin)
{
    int found = 0, unreadable = 0;
    struct acpi_prt_route r = { 0 };
    char why[sizeof(r.why)] = "";
    for (int i = 0; i < n; i++) {
        int got = prt_package(ns, &cand[i], dev, pin, &r);
        if (got == PRT_UNREADABLE && !unreadable++)
            memcpy(why, ns->r->why, sizeof(why));
        if (got != PRT_FOUND)
            continue;
        if (found++ && (r.gsi != ns->r->gsi || r.level != ns->r->level || r.active_low != ns->r->active_low))
            return prt_fail(ns, "two _PRT packages give different routes");
        memcpy(&r.via, &cand[i].path.seg[cand[i].path.depth - 1], 4);
        memcpy(ns->r, &r, sizeof(r));
    }
    if (found) {
        ns->r->why[0] = 0;            /* a later candidate's complaint is moot */
        return true;
    }
    if (unreadable)
        return prt_fail(ns, why);
    snprintf(ns->r->why, sizeof(ns->r->why), "no _PRT entry for device %#x pin %c", dev, 'A' + pin);
    return false;
}

bool acpi_prt_find(const struct aml_block *blocks, int nblocks, int dev, int pin, struct acpi_prt_route *r)
{
    struct prt_ns ns = { .blocks = blocks, .nblocks = nblocks, .r = r };
    struct aml_path bridge;
    struct aml_obj prt, cand[PRT_CANDIDATES];
    memset(r, 0, sizeof(*r));
    if (!prt_root_bridge(&ns, &bridge))
        return false;
    if (!prt_child(&ns, &bridge, "_PRT", &prt))
        return r->why[0] ? false : prt_fail(&ns, "the host bridge has no _PRT");
    int n = 1;
    if (prt.kind == AML_OBJ_METHOD && (n = prt_returns(&ns, &prt, cand)) == 0)
        return prt_fail(&ns, "the _PRT method returns no package by name");
    if (prt.kind == AML_OBJ_NAME)
        cand[0] = prt;
    else if (prt.kind != AML_OBJ_METHOD)
        return prt_fail(&ns, "the _PRT is not a package or a method");
    return prt_choose(&ns, cand, n, dev, pin);
}

/* prt_blocks: the DSDT's AML, then each SSDT's: one namespace. */
static int prt_blocks(struct aml_block *b, int max)
{
    int n = 0;
    const struct acpi_header *h = acpi_dsdt();
    if (h)
        b[n++] = (struct aml_block){ (const uint8_t *)(h + 1), (const uint8_t *)h + h->length };
    for (int i = 0; h && n < max && (h = acpi_find_table_nth("SSDT", i)) != NULL; i++)
        b[n++] = (struct aml_block){ (const uint8_t *)(h + 1), (const uint8_t *)h + h->length };
    return n;
}

bool acpi_prt_route(int bus, int dev, int pin, struct acpi_prt_route *r)
{
    struct aml_block blocks[1 + PRT_SSDTS];
    memset(r, 0, sizeof(*r));
    if (bus != 0) {
        snprintf(r->why, sizeof(r->why), "behind a bridge (bus %d), whose _PRT is not read", bus);
        return false;
    }
    int n = prt_blocks(blocks, (int)ARRAY_SIZE(blocks));
    if (n == 0) {
        snprintf(r->why, sizeof(r->why), "no DSDT");
        return false;
    }
    if (!acpi_prt_find(blocks, n, dev, pin, r))
        return false;
    for (int i = 0; i < 16 && r->numbered; i++) {
        const struct madt_isa_irq *o = &madt.isa[i];
        if (o->overridden && o->gsi == r->gsi) {
            r->level = o->level;
            r->active_low = o->active_low;
        }
    }
    return true;
}
