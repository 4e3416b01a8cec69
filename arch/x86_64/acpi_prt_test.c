/* acpi_prt_test.c -- the _PRT reader fed hand-made AML: a static package
 * with Zero sources (a PC's APIC-mode table), a method choosing between
 * two packages (QEMU q35's PRTP/PRTA, link devices with a method _CRS
 * and with a static one), and broken tables: every truncation of a good
 * one, an opcode the walk does not know, a length past the end. Each
 * must come back "no route" with a reason, never a fault. */
#include "kernel/ktest.h"
#include "arch/x86_64/acpi_prt.h"

/* A tiny AML writer: every PkgLength is written in its two-byte form
 * (ACPI 6.5, 20.2.4: lead byte 0x40 | bits 3:0, then bits 11:4). */
struct amlb {
    uint8_t buf[768];
    int n;
};

static void b_bytes(struct amlb *b, const void *p, int n)
{
    memcpy(b->buf + b->n, p, (size_t)n);
    b->n += n;
}

static void b_byte(struct amlb *b, uint8_t x) { b->buf[b->n++] = x; }
static void b_seg(struct amlb *b, const char *s) { b_bytes(b, s, 4); }

static void b_dword(struct amlb *b, uint32_t v)
{
    b_byte(b, 0x0c);
    b_bytes(b, &v, 4);
}

/* b_open: an opcode and room for its length, which b_close fills. */
static int b_open(struct amlb *b, uint8_t op)
{
    b_byte(b, op);
    b->n += 2;
    return b->n - 2;
}

static void b_close(struct amlb *b, int at)
{
    int len = b->n - at;
    b->buf[at] = (uint8_t)(0x40 | (len & 0x0f));
    b->buf[at + 1] = (uint8_t)(len >> 4);
}

static int b_device(struct amlb *b, const char *seg)
{
    b_byte(b, AML_EXT_PREFIX);
    int at = b_open(b, AML_DEVICE_OP);
    b_seg(b, seg);
    return at;
}

static void b_hid(struct amlb *b, uint32_t eisa)
{
    b_byte(b, AML_NAME_OP);
    b_seg(b, "_HID");
    b_dword(b, eisa);
}

/* b_entry: Package{ dev << 16 | 0xffff, pin, source (NULL: Zero), index } */
static void b_entry(struct amlb *b, int dev, int pin, const char *source, uint8_t index)
{
    int at = b_open(b, AML_PACKAGE_OP);
    b_byte(b, 4);
    b_dword(b, (uint32_t)dev << 16 | 0xffff);
    b_byte(b, 0x0a);
    b_byte(b, (uint8_t)pin);
    if (source)
        b_seg(b, source);
    else
        b_byte(b, AML_ZERO_OP);
    b_byte(b, 0x0a);
    b_byte(b, index);
    b_close(b, at);
}

/* says: whether the reason has these words in it. */
static bool says(const char *why, const char *words)
{
    size_t n = strlen(words);
    for (; *why; why++)
        if (strncmp(why, words, n) == 0)
            return true;
    return false;
}

static bool prt_find(struct amlb *b, int dev, int pin, struct acpi_prt_route *r)
{
    struct aml_block blk = { b->buf, b->buf + b->n };
    return acpi_prt_find(&blk, 1, dev, pin, r);
}

/* Scope(\_SB) { Device(PCI0) { _HID PNP0A08; Name(_PRT, Package{
 * {3, A, Zero, 19}, {3, B, Zero, 20} }) } } */
static void build_static(struct amlb *b)
{
    b->n = 0;
    int scope = b_open(b, AML_SCOPE_OP);
    b_byte(b, AML_ROOT_CHAR);
    b_seg(b, "_SB_");
    int dev = b_device(b, "PCI0");
    b_hid(b, 0x080ad041);
    b_byte(b, AML_NAME_OP);
    b_seg(b, "_PRT");
    int pkg = b_open(b, AML_PACKAGE_OP);
    b_byte(b, 2);
    b_entry(b, 3, 0, NULL, 19);
    b_entry(b, 3, 1, NULL, 20);
    b_close(b, pkg);
    b_close(b, dev);
    b_close(b, scope);
}

KTEST(acpi_prt_static_zero)
{
    struct amlb b;
    struct acpi_prt_route r;
    build_static(&b);
    KT_CHECK(prt_find(&b, 3, 0, &r));
    KT_CHECK_EQ(r.gsi, 19);
    KT_CHECK(r.level && r.active_low && r.numbered);
    KT_CHECK(prt_find(&b, 3, 1, &r));
    KT_CHECK_EQ(r.gsi, 20);
    KT_CHECK(!prt_find(&b, 4, 0, &r));
    KT_CHECK(says(r.why, "no _PRT entry"));
}

/* Device(name) { _HID PNP0C0F; _CRS: a Method, or ResourceTemplate(){
 * Interrupt(Consumer, Level, ActiveHigh, Shared) { gsi } } } */
static void build_link(struct amlb *b, const char *name, int gsi)
{
    int dev = b_device(b, name);
    b_hid(b, 0x0f0cd041);
    if (gsi < 0) {
        int m = b_open(b, AML_METHOD_OP);
        b_seg(b, "_CRS");
        b_byte(b, 0);
        b_byte(b, 0xa4);                              /* Return (Zero) */
        b_byte(b, AML_ZERO_OP);
        b_close(b, m);
    } else {
        static const uint8_t tail[] = { 0x79, 0x00 };
        b_byte(b, AML_NAME_OP);
        b_seg(b, "_CRS");
        int buf = b_open(b, AML_BUFFER_OP);
        b_byte(b, 0x0a);
        b_byte(b, 11);
        uint8_t irq[] = { 0x89, 6, 0, 0x09, 1, (uint8_t)gsi, 0, 0, 0 };
        b_bytes(b, irq, sizeof(irq));
        b_bytes(b, tail, sizeof(tail));
        b_close(b, buf);
    }
    b_close(b, dev);
}

/* QEMU q35's shape: the bridge, then Scope(\_SB.PCI0) with the two
 * packages and Method(_PRT) { If (LEqual(PICF, Zero)) { Return (PRTP) }
 * Else { Return (PRTA) } }, a region and a field on the way, then the
 * link devices. */
static void build_method(struct amlb *b)
{
    static const uint8_t region[] = { AML_EXT_PREFIX, AML_REGION_OP, 'P', 'I', 'R', 'Q', 2, 0x0a, 0x60, 0x0a, 0x0c };
    static const uint8_t field[] = { AML_EXT_PREFIX, 0x81, 0x08, 'P', 'I', 'R', 'Q', 0x01, 0x00, 0x08 };
    b->n = 0;
    int scope = b_open(b, AML_SCOPE_OP);
    b_seg(b, "_SB_");
    int dev = b_device(b, "PCI0");
    b_hid(b, 0x080ad041);
    b_close(b, dev);
    b_bytes(b, region, sizeof(region));
    b_bytes(b, field, sizeof(field));
    int sc2 = b_open(b, AML_SCOPE_OP);
    b_seg(b, "PCI0");
    static const char *const pkgs[2][2] = { { "PRTP", "LNKA" }, { "PRTA", "GSIA" } };
    for (int i = 0; i < 2; i++) {
        b_byte(b, AML_NAME_OP);
        b_seg(b, pkgs[i][0]);
        int pkg = b_open(b, AML_PACKAGE_OP);
        b_byte(b, 1);
        b_entry(b, 2, 0, pkgs[i][1], 0);
        b_close(b, pkg);
    }
    int m = b_open(b, AML_METHOD_OP);
    b_seg(b, "_PRT");
    b_byte(b, 0);
    int ifop = b_open(b, AML_IF_OP);
    b_byte(b, 0x93);                                  /* LEqual (PICF, Zero) */
    b_seg(b, "PICF");
    b_byte(b, AML_ZERO_OP);
    b_byte(b, 0xa4);
    b_seg(b, "PRTP");
    b_close(b, ifop);
    int elseop = b_open(b, AML_ELSE_OP);
    b_byte(b, 0xa4);
    b_seg(b, "PRTA");
    b_close(b, elseop);
    b_close(b, m);
    b_close(b, sc2);
    build_link(b, "LNKA", -1);
    build_link(b, "GSIA", 22);
    b_close(b, scope);
}

KTEST(acpi_prt_method_links)
{
    struct amlb b;
    struct acpi_prt_route r;
    build_method(&b);
    bool found = prt_find(&b, 2, 0, &r);
    if (!found)
        kprintf("acpi_prt: %s\n", r.why);
    KT_CHECK(found);
    KT_CHECK_EQ(r.gsi, 22);
    KT_CHECK(r.level && !r.active_low && !r.numbered);
    KT_CHECK(memcmp(r.via, "PRTA", 4) == 0);
    KT_CHECK(!prt_find(&b, 2, 1, &r));
}

KTEST(acpi_prt_malformed)
{
    struct amlb b;
    struct acpi_prt_route r;
    build_method(&b);
    int full = b.n;
    for (int n = 0; n < full; n++) {                  /* every truncation */
        b.n = n;
        KT_CHECK(!prt_find(&b, 2, 0, &r));            /* the outer Scope is cut */
        KT_CHECK(r.why[0] != 0);
    }
    build_static(&b);
    b.buf[b.n++] = 0x70;                              /* Store at the namespace level */
    KT_CHECK(!prt_find(&b, 3, 0, &r));
    KT_CHECK(says(r.why, "not understood"));
    build_static(&b);
    b.buf[1] = 0x4f;                                  /* the scope's length past the end */
    b.buf[2] = 0xff;
    KT_CHECK(!prt_find(&b, 3, 0, &r));
    kprintf("acpi_prt: a broken table: %s\n", r.why);
}
