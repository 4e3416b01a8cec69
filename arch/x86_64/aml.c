/* aml.c -- reading AML without running it (aml.h). The encodings are
 * from ACPI 6.5, 20.2: names (20.2.2), data objects (20.2.3), package
 * lengths (20.2.4), and the named objects (20.2.5.2) a table declares
 * outside methods. A walk keeps the current scope as an absolute path,
 * so the same four letters under two devices stay two objects. */
#include "kernel/kernel.h"
#include "arch/x86_64/aml.h"

uint32_t aml_seg(const char *s)
{
    return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8 |
           (uint32_t)(uint8_t)s[2] << 16 | (uint32_t)(uint8_t)s[3] << 24;
}

bool aml_path_eq(const struct aml_path *a, const struct aml_path *b)
{
    if (a->depth != b->depth)
        return false;
    for (int i = 0; i < a->depth; i++)
        if (a->seg[i] != b->seg[i])
            return false;
    return true;
}

bool aml_path_child(const struct aml_path *parent, uint32_t seg, struct aml_path *out)
{
    if (parent->depth >= AML_DEPTH)
        return false;
    *out = *parent;
    out->seg[out->depth++] = seg;
    return true;
}

bool aml_integer(const uint8_t **p, const uint8_t *end, uint64_t *val)
{
    const uint8_t *q = *p;
    int bytes;
    if (q >= end)
        return false;
    switch (*q++) {
    case AML_ZERO_OP: *val = 0; *p = q; return true;
    case AML_ONE_OP: *val = 1; *p = q; return true;
    case AML_ONES_OP: *val = ~0ULL; *p = q; return true;
    case 0x0a: bytes = 1; break;                         /* BytePrefix */
    case 0x0b: bytes = 2; break;                         /* WordPrefix */
    case 0x0c: bytes = 4; break;                         /* DWordPrefix */
    case 0x0e: bytes = 8; break;                         /* QWordPrefix */
    default: return false;
    }
    if (end - q < bytes)
        return false;
    *val = 0;
    for (int i = bytes - 1; i >= 0; i--)
        *val = (*val << 8) | q[i];
    *p = q + bytes;
    return true;
}

/* The top two bits of the lead byte count the bytes that follow; with
 * none, the length is the low 6 bits, else the low 4 bits and then 8
 * bits per following byte. The length counts itself. */
const uint8_t *aml_pkg_end(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *start = *p;
    if (start >= end)
        return NULL;
    int follow = *start >> 6;
    if (end - start < 1 + follow)
        return NULL;
    uint32_t len = follow ? *start & 0x0f : *start & 0x3f;
    for (int i = 0; i < follow; i++)
        len |= (uint32_t)start[1 + i] << (4 + 8 * i);
    *p = start + 1 + follow;
    return len <= (size_t)(end - start) && len >= (uint32_t)(1 + follow) ? start + len : NULL;
}

static bool aml_lead_char(uint8_t c) { return (c >= 'A' && c <= 'Z') || c == '_'; }
static bool aml_name_char(uint8_t c) { return aml_lead_char(c) || (c >= '0' && c <= '9'); }

/* aml_name_start: could a NameString begin with c? */
static bool aml_name_start(uint8_t c)
{
    return aml_lead_char(c) || c == AML_ROOT_CHAR || c == AML_PARENT_CHAR ||
           c == AML_DUAL_PREFIX || c == AML_MULTI_PREFIX;
}

static bool aml_segs(const uint8_t **p, const uint8_t *end, int n, struct aml_path *out)
{
    const uint8_t *q = *p;
    if (end - q < 4 * n)
        return false;
    for (int i = 0; i < n; i++, q += 4) {
        if (!aml_lead_char(q[0]) || !aml_name_char(q[1]) || !aml_name_char(q[2]) || !aml_name_char(q[3]))
            return false;
        if (out->depth >= AML_DEPTH)
            return false;
        out->seg[out->depth++] = aml_seg((const char *)q);
    }
    *p = q;
    return true;
}

bool aml_name(const uint8_t **p, const uint8_t *end, const struct aml_path *scope,
              struct aml_path *out, bool *lone)
{
    const uint8_t *q = *p;
    *out = *scope;
    *lone = false;
    if (q < end && *q == AML_ROOT_CHAR) {
        out->depth = 0;
        q++;
    } else {
        for (; q < end && *q == AML_PARENT_CHAR; q++)
            if (out->depth-- == 0)
                return false;
    }
    if (q >= end)
        return false;
    int n;
    if (*q == AML_ZERO_OP) {                             /* NullName */
        n = 0;
        q++;
    } else if (*q == AML_DUAL_PREFIX) {
        n = 2;
        q++;
    } else if (*q == AML_MULTI_PREFIX) {
        if (end - q < 2)
            return false;
        n = q[1];
        q += 2;
    } else {
        n = 1;
        *lone = q == *p;
    }
    if (!aml_segs(&q, end, n, out))
        return false;
    *p = q;
    return true;
}

/* aml_name_skip: past a NameString, whatever scope it is relative to. */
static bool aml_name_skip(const uint8_t **p, const uint8_t *end)
{
    struct aml_path root = { .depth = 0 }, out;
    bool lone;
    const uint8_t *q = *p;
    while (q < end && (*q == AML_ROOT_CHAR || *q == AML_PARENT_CHAR))
        q++;                          /* the prefixes only say where from */
    if (!aml_name(&q, end, &root, &out, &lone))
        return false;
    *p = q;
    return true;
}

bool aml_data_skip(const uint8_t **p, const uint8_t *end, int depth)
{
    const uint8_t *q = *p;
    uint64_t v;
    if (q >= end || depth > 8)
        return false;
    uint8_t op = *q;
    if (aml_integer(&q, end, &v)) {
        /* ZeroOp is also NullName where a target goes: the same byte. */
    } else if (op == AML_STRING_OP) {
        for (q++; q < end && *q; q++)
            ;
        if (q++ >= end)
            return false;
    } else if (op == AML_BUFFER_OP || op == AML_PACKAGE_OP || op == AML_VARPKG_OP) {
        q++;
        if (!(q = aml_pkg_end(&q, end)))
            return false;
    } else if (op == AML_EXT_PREFIX && q + 1 < end && q[1] == AML_REVISION_OP) {
        q += 2;
    } else if (op >= 0x60 && op <= 0x6e) {               /* Local0-7, Arg0-6 */
        q++;
    } else if (aml_name_start(op)) {
        /* A name here is taken as an object, not a call: a method with
         * arguments in a region's operands would be misread, and the
         * walk would then fail on the bytes after it. */
        if (!aml_name_skip(&q, end))
            return false;
    } else if (op == 0x72 || op == 0x74 || op == 0x77 || (op >= 0x79 && op <= 0x7f)) {
        /* Add, Subtract, Multiply, ShiftLeft/Right, And, NAnd, Or, NOr,
         * XOr: two operands and a target. */
        q++;
        for (int i = 0; i < 3; i++)
            if (!aml_data_skip(&q, end, depth + 1))
                return false;
    } else {
        return false;
    }
    *p = q;
    return true;
}
