/* aml.h -- reading ACPI Machine Language without running it (ACPI 6.5,
 * chapter 20, "AML encoding"): constants, package lengths, names, and a
 * walk over the objects a table declares at the namespace level (Scope,
 * Device, Name, Method), which is enough to find static data such as
 * \_S5 (acpi.c) or a host bridge's _PRT (acpi_prt.c). Nothing is
 * evaluated. Every read is checked against the end of its table: a
 * malformed table makes a function fail, never read past it. */
#ifndef ARCH_X86_64_AML_H
#define ARCH_X86_64_AML_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AML_DEPTH 8                  /* name segments in a path */

/* Opcodes (ACPI 6.5, 20.3). */
#define AML_ZERO_OP     0x00
#define AML_ONE_OP      0x01
#define AML_ALIAS_OP    0x06
#define AML_NAME_OP     0x08
#define AML_STRING_OP   0x0d
#define AML_SCOPE_OP    0x10
#define AML_BUFFER_OP   0x11
#define AML_PACKAGE_OP  0x12
#define AML_VARPKG_OP   0x13
#define AML_METHOD_OP   0x14
#define AML_EXTERNAL_OP 0x15
#define AML_DUAL_PREFIX  0x2e
#define AML_MULTI_PREFIX 0x2f
#define AML_EXT_PREFIX  0x5b
#define AML_ROOT_CHAR   '\\'
#define AML_PARENT_CHAR '^'
#define AML_IF_OP       0xa0
#define AML_ELSE_OP     0xa1
#define AML_ONES_OP     0xff
/* After AML_EXT_PREFIX. */
#define AML_MUTEX_OP    0x01
#define AML_EVENT_OP    0x02
#define AML_CREATE_FIELD_OP 0x13
#define AML_REVISION_OP 0x30
#define AML_REGION_OP   0x80
#define AML_DEVICE_OP   0x82
#define AML_DATA_REGION_OP 0x88

/* An absolute path in the namespace: seg[0] is the first segment under
 * the root, each four characters packed little-endian (aml_seg). */
struct aml_path {
    uint32_t seg[AML_DEPTH];
    int depth;
};

/* A piece of AML: a table's body (after its header). */
struct aml_block {
    const uint8_t *start, *end;
};

enum aml_kind { AML_OBJ_NAME, AML_OBJ_METHOD, AML_OBJ_DEVICE };

/* What aml_walk met: for a Name, data..end is its value (a package, a
 * buffer, an integer, ...); for a Method, its body after the flags; for
 * a Device, its body. */
struct aml_obj {
    enum aml_kind kind;
    struct aml_path path;
    const uint8_t *data, *end;
};

/* aml_visit_fn: called for each object; true stops the walk. */
typedef bool (*aml_visit_fn)(const struct aml_obj *o, void *arg);

/* aml_seg: "_PRT" as a packed segment. */
uint32_t aml_seg(const char *s);
bool aml_path_eq(const struct aml_path *a, const struct aml_path *b);
/* aml_path_child: parent/seg; false when it would be too deep. */
bool aml_path_child(const struct aml_path *parent, uint32_t seg, struct aml_path *out);

/* aml_integer: one integer constant at *p (Zero, One, Ones, Byte, Word,
 * DWord, QWord); moves *p past it. */
bool aml_integer(const uint8_t **p, const uint8_t *end, uint64_t *val);
/* aml_pkg_end: decode the PkgLength at *p, move *p past it and return
 * the end of what it measures (NULL if that is past end). */
const uint8_t *aml_pkg_end(const uint8_t **p, const uint8_t *end);
/* aml_name: the NameString at *p, made absolute from scope, into out;
 * *lone is set when it was one segment with no prefix, the form the
 * namespace search rules apply to (ACPI 6.5, 5.3). */
bool aml_name(const uint8_t **p, const uint8_t *end, const struct aml_path *scope,
              struct aml_path *out, bool *lone);
/* aml_data_skip: move *p past one data object or simple expression (a
 * constant, string, buffer, package, name, local or argument, or an
 * arithmetic operator of those). */
bool aml_data_skip(const uint8_t **p, const uint8_t *end, int depth);

/* aml_walk: visit every Name, Method and Device declared in the blocks,
 * descending into Scopes and Devices (not into Methods, nor into If and
 * Else at the namespace level). NULL when the walk ended (or fn stopped
 * it); else what it could not read, with *bad_at its offset in the
 * block *bad_block. */
const char *aml_walk(const struct aml_block *blocks, int nblocks, aml_visit_fn fn, void *arg,
                     int *bad_block, size_t *bad_at);
#endif
