/* elf.c -- validation of an ELF64 executable before anything is mapped
 * (the rules are listed in elf.h).
 *
 * Every size and offset in the file is attacker-controlled, so each bound
 * is checked in a form that cannot wrap: "a + b > size" is written as
 * "a > size || b > size - a". */
#include "proc/elf.h"
#include "kernel/kernel.h"
#include "arch/x86_64/memlayout.h"
#include "include/weensy/errno.h"

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 file header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header is 56 bytes");

static int elf_fail(const char **why, const char *msg)
{
    if (why)
        *why = msg;
    return -ENOEXEC;
}

/* Is [off, off + len) inside a file of size bytes? */
static bool elf_in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

/* The file header: identity, type, machine and where the program headers
 * are, which must lie in the head (the bytes we have: the file's first
 * page when exec reads it through the page cache). On success *eh holds a
 * copy of it. */
static int elf_check_header(const uint8_t *data, size_t head, size_t size,
                            struct elf64_ehdr *eh, const char **why)
{
    if (head < sizeof(*eh))
        return elf_fail(why, "file is shorter than an ELF header");
    memcpy(eh, data, sizeof(*eh));
    if (memcmp(eh->ident, ELF_MAGIC, ELF_MAGIC_LEN) != 0)
        return elf_fail(why, "not an ELF file (bad magic number)");
    if (eh->ident[EI_CLASS] != ELFCLASS64)
        return elf_fail(why, "not a 64-bit ELF file (ELFCLASS64 expected)");
    if (eh->ident[EI_DATA] != ELFDATA2LSB)
        return elf_fail(why, "not a little-endian ELF file");
    if (eh->ident[EI_VERSION] != EV_CURRENT || eh->version != EV_CURRENT)
        return elf_fail(why, "unknown ELF version (EV_CURRENT expected)");
    if (eh->type != ET_EXEC && eh->type != ET_DYN)
        return elf_fail(why, "not an executable (ET_EXEC or ET_DYN expected: "
                        "relocatable and core files are not supported)");
    if (eh->machine != EM_X86_64)
        return elf_fail(why, "not an x86-64 program (EM_X86_64 expected)");
    if (eh->phentsize != sizeof(struct elf64_phdr))
        return elf_fail(why, "program header entry size is not 56 bytes");
    /* phnum * 56 is below 2^22: only the sum with phoff could wrap. */
    if (!elf_in_file(eh->phoff, (uint64_t)eh->phnum * eh->phentsize, size))
        return elf_fail(why, "program headers lie beyond the end of the file");
    if (!elf_in_file(eh->phoff, (uint64_t)eh->phnum * eh->phentsize, head))
        return elf_fail(why, "program headers lie beyond the file's first page "
                        "(exec reads no further for them)");
    return 0;
}

/* Does [vaddr, vaddr + memsz) (not wrapping) lie where a segment may?
 * A PIE segment's address is relative to a base exec picks later. */
static bool elf_in_program_area(const struct elf64_phdr *ph, bool pie)
{
    if (pie)
        return ph->vaddr < USER_PIE_SPAN && ph->memsz <= USER_PIE_SPAN - ph->vaddr;
    return ph->vaddr >= USER_BASE && ph->vaddr + ph->memsz <= USER_STACK_LIMIT - USER_STACK_GAP;
}

/* One PT_LOAD header, on its own: sizes, file range, address range,
 * alignment and W^X. */
static int elf_check_load(const struct elf64_phdr *ph, size_t size, bool pie,
                          const char **why)
{
    if (ph->filesz > ph->memsz)
        return elf_fail(why, "segment's file size is larger than its memory size");
    if (!elf_in_file(ph->offset, ph->filesz, size))
        return elf_fail(why, "segment's file data lies beyond the end of the file");
    if (ph->memsz > UINT64_MAX - ph->vaddr)
        return elf_fail(why, "segment's address range wraps around");
    if (ph->memsz > ELF_SEGMENT_MAX)
        return elf_fail(why, "segment is larger than 1 GiB");
    if (!elf_in_program_area(ph, pie))
        return elf_fail(why, pie ? "PIE segment lies beyond 4 GiB from the program's base"
                                 : "segment lies outside the program area "
                                   "(from 0x1000 up to the stack's guard gap)");
    /* The loader fills whole pages from whole pages of the file. */
    if ((ph->vaddr ^ ph->offset) & (PAGE_SIZE - 1))
        return elf_fail(why, "segment's address and file offset differ "
                        "modulo the page size");
    if ((ph->flags & PF_W) && (ph->flags & PF_X))
        return elf_fail(why, "segment is both writable and executable "
                        "(weensy enforces W^X)");
    return 0;
}

static void elf_add_segment(struct elf_image *img, const struct elf64_phdr *ph)
{
    img->seg[img->nsegs++] = (struct elf_segment){
        .vaddr = ph->vaddr,
        .memsz = ph->memsz,
        .offset = ph->offset,
        .filesz = ph->filesz,
        .flags = ph->flags & (PF_R | PF_W | PF_X),
    };
}

/* Walk the program headers, keeping the PT_LOAD segments that occupy
 * memory. Headers are copied out one by one: phoff need not be aligned. */
static int elf_read_segments(const uint8_t *data, size_t size,
                             const struct elf64_ehdr *eh,
                             struct elf_image *img, const char **why)
{
    img->nsegs = 0;
    img->pie = eh->type == ET_DYN;
    img->fixed = false;
    for (unsigned i = 0; i < eh->phnum; i++) {
        struct elf64_phdr ph;
        memcpy(&ph, data + eh->phoff + (size_t)i * sizeof(ph), sizeof(ph));
        if (ph.type == PT_INTERP && img->pie)
            return elf_fail(why, "PIE program with an interpreter (PT_INTERP): "
                            "dynamically linked programs are not supported, static PIE ones are");
        /* A static PIE program has a PT_DYNAMIC: its own relocations. */
        if (ph.type == PT_INTERP || (ph.type == PT_DYNAMIC && !img->pie))
            return elf_fail(why, "dynamically linked programs are not supported");
        if (ph.type == PT_WEENSY_FIXED)
            img->fixed = true;
        /* An empty PT_LOAD reads and maps nothing: nothing to check. (One
         * with filesz > 0 and memsz 0 is caught by elf_check_load.) */
        if (ph.type != PT_LOAD || (ph.memsz == 0 && ph.filesz == 0))
            continue;
        int err = elf_check_load(&ph, size, img->pie, why);
        if (err)
            return err;
        if (img->nsegs == ELF_MAX_SEGMENTS)
            return elf_fail(why, "too many PT_LOAD segments (at most 8)");
        elf_add_segment(img, &ph);
    }
    if (img->nsegs == 0)
        return elf_fail(why, "no PT_LOAD segment (nothing to load)");
    return 0;
}

/* Insertion sort by vaddr: there are at most ELF_MAX_SEGMENTS. */
static void elf_sort_segments(struct elf_image *img)
{
    for (int i = 1; i < img->nsegs; i++) {
        struct elf_segment s = img->seg[i];
        int j = i;
        for (; j > 0 && img->seg[j - 1].vaddr > s.vaddr; j--)
            img->seg[j] = img->seg[j - 1];
        img->seg[j] = s;
    }
}

/* After sorting, a segment can only collide with its predecessor. Pages,
 * not bytes, are compared: a page has one set of permissions, so two
 * segments may not even share one. (The ends cannot wrap: every segment
 * ends at or below USER_STACK_LIMIT, or USER_PIE_SPAN.) */
static int elf_check_disjoint(const struct elf_image *img, const char **why)
{
    for (int i = 1; i < img->nsegs; i++) {
        const struct elf_segment *prev = &img->seg[i - 1], *s = &img->seg[i];
        if (PAGE_ALIGN_DOWN(s->vaddr) < PAGE_ALIGN_UP(prev->vaddr + prev->memsz))
            return elf_fail(why, "segments overlap or share a page");
    }
    return 0;
}

static int elf_check_entry(const struct elf_image *img, const char **why)
{
    for (int i = 0; i < img->nsegs; i++) {
        const struct elf_segment *s = &img->seg[i];
        if ((s->flags & PF_X) && img->entry >= s->vaddr &&
            img->entry - s->vaddr < s->memsz)
            return 0;
    }
    return elf_fail(why, "entry point is not inside an executable segment");
}

/* The program headers' address in memory: a segment that loads the file
 * bytes holding them maps them too (static programs find their TLS
 * template through AT_PHDR). */
static uintptr_t elf_phdr_vaddr(const struct elf_image *img, const struct elf64_ehdr *eh)
{
    uint64_t len = (uint64_t)eh->phnum * sizeof(struct elf64_phdr);
    for (int i = 0; i < img->nsegs; i++) {
        const struct elf_segment *s = &img->seg[i];
        if (eh->phoff >= s->offset && eh->phoff - s->offset <= s->filesz &&
            len <= s->filesz - (eh->phoff - s->offset))
            return s->vaddr + (eh->phoff - s->offset);
    }
    return 0;
}

int elf_parse(const void *data, size_t size, struct elf_image *img,
              const char **why)
{
    return elf_parse_head(data, size, size, img, why);
}

int elf_parse_head(const void *head, size_t headlen, size_t size, struct elf_image *img,
                   const char **why)
{
    assert(headlen <= size);
    const uint8_t *data = head;
    struct elf64_ehdr eh;
    int err = elf_check_header(data, headlen, size, &eh, why);
    if (!err)
        err = elf_read_segments(data, size, &eh, img, why);
    if (err)
        return err;
    elf_sort_segments(img);
    err = elf_check_disjoint(img, why);
    if (err)
        return err;
    img->entry = eh.entry;
    img->phnum = eh.phnum;
    img->phdr = elf_phdr_vaddr(img, &eh);
    return elf_check_entry(img, why);
}
