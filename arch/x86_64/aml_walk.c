/* aml_walk.c -- the named objects an AML table declares outside its
 * methods (aml.h): Scope and Device are entered, Name, Method and Device
 * are handed to the visitor, and everything else a firmware writes at
 * that level (regions, fields, mutexes, processors, externals, ...) is
 * stepped over by its encoding (ACPI 6.5, 20.2.5). A method's body, and
 * an If or Else at the namespace level, are stepped over whole by their
 * package lengths: what they declare exists only once run. Anything
 * else stops the walk with its offset, rather than a guess at its size. */
#include "kernel/kernel.h"
#include "arch/x86_64/aml.h"

#define AML_SCOPES_MAX 8              /* nesting of Scope and Device */

struct walk {
    aml_visit_fn fn;
    void *arg;
    bool stopped;
    const char *why;                  /* what stopped it, or NULL */
    const uint8_t *bad;               /* where */
};

static bool walk_list(struct walk *w, const uint8_t *p, const uint8_t *end,
                      const struct aml_path *scope, int nest);

static bool walk_fail(struct walk *w, const uint8_t *at, const char *why)
{
    w->why = why;
    w->bad = at;
    return false;
}

static bool walk_visit(struct walk *w, enum aml_kind kind, const struct aml_path *path,
                       const uint8_t *data, const uint8_t *end)
{
    struct aml_obj o = { .kind = kind, .path = *path, .data = data, .end = end };
    if (w->fn(&o, w->arg))
        w->stopped = true;
    return !w->stopped;
}

/* Scope, Device: PkgLength NameString TermList. */
static bool walk_scope(struct walk *w, const uint8_t **p, const uint8_t *end,
                       const struct aml_path *scope, int nest, bool device)
{
    const uint8_t *at = *p, *q = *p;
    struct aml_path path;
    bool lone;
    const uint8_t *body_end = aml_pkg_end(&q, end);
    if (!body_end || !aml_name(&q, body_end, scope, &path, &lone))
        return walk_fail(w, at, "a Scope or Device with a bad length or name");
    if (nest >= AML_SCOPES_MAX)
        return walk_fail(w, at, "scopes nested too deep");
    *p = body_end;
    if (device && !walk_visit(w, AML_OBJ_DEVICE, &path, q, body_end))
        return false;
    return walk_list(w, q, body_end, &path, nest + 1);
}

/* Method: PkgLength NameString MethodFlags TermList, not entered. */
static bool walk_method(struct walk *w, const uint8_t **p, const uint8_t *end,
                        const struct aml_path *scope)
{
    const uint8_t *at = *p, *q = *p;
    struct aml_path path;
    bool lone;
    const uint8_t *body_end = aml_pkg_end(&q, end);
    if (!body_end || !aml_name(&q, body_end, scope, &path, &lone) || q >= body_end)
        return walk_fail(w, at, "a Method with a bad length or name");
    *p = body_end;
    return walk_visit(w, AML_OBJ_METHOD, &path, q + 1, body_end);
}

/* Name: NameString DataRefObject. */
static bool walk_name(struct walk *w, const uint8_t **p, const uint8_t *end,
                      const struct aml_path *scope)
{
    const uint8_t *at = *p, *q = *p;
    struct aml_path path;
    bool lone;
    if (!aml_name(&q, end, scope, &path, &lone))
        return walk_fail(w, at, "a Name with a bad name");
    const uint8_t *data = q;
    if (!aml_data_skip(&q, end, 0))
        return walk_fail(w, data, "a Name's value not understood");
    *p = q;
    return walk_visit(w, AML_OBJ_NAME, &path, data, q);
}

/* walk_skip_parts: step over names ('n': aml_data_skip reads a
 * NameString as a reference), bytes ('b') and operands ('t') in the
 * order given. */
static bool walk_skip_parts(const uint8_t **p, const uint8_t *end, const char *parts)
{
    const uint8_t *q = *p;
    for (; *parts; parts++) {
        bool ok = *parts == 'b' ? (q < end && (q++, true)) : aml_data_skip(&q, end, 0);
        if (!ok)
            return false;
    }
    *p = q;
    return true;
}

static bool walk_skip_pkg(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *q = *p, *pkg_end = aml_pkg_end(&q, end);
    if (!pkg_end)
        return false;
    *p = pkg_end;
    return true;
}

/* walk_ext: the objects after the 0x5b prefix (*p is past both bytes). */
static bool walk_ext(struct walk *w, uint8_t op, const uint8_t **p, const uint8_t *end,
                     const struct aml_path *scope, int nest)
{
    switch (op) {
    case AML_DEVICE_OP:
        return walk_scope(w, p, end, scope, nest, true);
    case AML_REGION_OP: return walk_skip_parts(p, end, "nbtt");
    case AML_DATA_REGION_OP: return walk_skip_parts(p, end, "nttt");
    case AML_MUTEX_OP: return walk_skip_parts(p, end, "nb");
    case AML_EVENT_OP: return walk_skip_parts(p, end, "n");
    case AML_CREATE_FIELD_OP: return walk_skip_parts(p, end, "tttn");
    case 0x81: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
        /* Field, Processor, PowerResource, ThermalZone, IndexField,
         * BankField: nothing this walk looks for is inside. */
        return walk_skip_pkg(p, end);
    default:
        return false;
    }
}

static bool walk_one(struct walk *w, const uint8_t **p, const uint8_t *end,
                     const struct aml_path *scope, int nest)
{
    const uint8_t *at = *p;
    uint8_t op = *(*p)++;
    bool ok;
    switch (op) {
    case AML_SCOPE_OP: return walk_scope(w, p, end, scope, nest, false);
    case AML_METHOD_OP: return walk_method(w, p, end, scope);
    case AML_NAME_OP: return walk_name(w, p, end, scope);
    case AML_ALIAS_OP: ok = walk_skip_parts(p, end, "nn"); break;
    case AML_EXTERNAL_OP: ok = walk_skip_parts(p, end, "nbb"); break;
    case AML_IF_OP: case AML_ELSE_OP: ok = walk_skip_pkg(p, end); break;
    case 0x8a: case 0x8b: case 0x8c: case 0x8d: case 0x8f:
        ok = walk_skip_parts(p, end, "ttn");     /* Create{Dword,Word,Byte,Bit,Qword}Field */
        break;
    case AML_EXT_PREFIX:
        ok = *p < end && (op = *(*p)++, walk_ext(w, op, p, end, scope, nest));
        if (!ok && !w->why && !w->stopped)
            return walk_fail(w, at, "an AML object not understood");
        return ok;
    default:
        return walk_fail(w, at, "an AML opcode not understood at the namespace level");
    }
    return ok || walk_fail(w, at, "an AML object with a bad length or name");
}

static bool walk_list(struct walk *w, const uint8_t *p, const uint8_t *end,
                      const struct aml_path *scope, int nest)
{
    while (p < end)
        if (!walk_one(w, &p, end, scope, nest))
            return false;
    return true;
}

const char *aml_walk(const struct aml_block *blocks, int nblocks, aml_visit_fn fn, void *arg,
                     int *bad_block, size_t *bad_at)
{
    struct walk w = { .fn = fn, .arg = arg };
    struct aml_path root = { .depth = 0 };
    for (int i = 0; i < nblocks && !w.stopped; i++) {
        if (walk_list(&w, blocks[i].start, blocks[i].end, &root, 0) || w.stopped)
            continue;
        *bad_block = i;
        *bad_at = (size_t)(w.bad - blocks[i].start);
        return w.why;
    }
    return NULL;
}
