/* elf_test.c -- self-tests of elf_parse(): a small valid image built here,
 * one test per rule it must enforce (each breaks a fresh copy of the image
 * in one way and checks the exact reason given), and every real program in
 * the initrd. The initrd reader's own tests are in kernel/initrd_test.c. */
#include "kernel/ktest.h"
#include "kernel/initrd.h"
#include "proc/elf.h"
#include "mm/page.h"
#include "arch/x86_64/memlayout.h"
#include "include/weensy/errno.h"

/* The test image, 1 KiB: the file header, room for 12 program headers,
 * then three tiny segments. The program headers are out of vaddr order and
 * mixed with types elf_parse must ignore:
 *
 *   ph[0] PT_LOAD data    RW  offset 0x320 vaddr 0x402320 filesz 0x10 memsz 0x3000
 *   ph[1] PT_NOTE             offset and size far outside the file
 *   ph[2] PT_LOAD text    R X offset 0x300 vaddr 0x400300 size 0x10 (the entry)
 *   ph[3] PT_GNU_STACK
 *   ph[4] PT_LOAD rodata  R   offset 0x310 vaddr 0x401310 size 0x10 */
#define ET_SIZE 0x400
#define ET_MAXPH 12
#define ET_NPH 5
#define ET_DATA 0
#define ET_NOTE 1
#define ET_TEXT 2
#define ET_RODATA 4
#define ET_TEXT_VA 0x400300UL
#define ET_RODATA_VA 0x401310UL
#define ET_DATA_VA 0x402320UL

union elf_test_file {
    struct {
        struct elf64_ehdr eh;
        struct elf64_phdr ph[ET_MAXPH];
    } h;
    uint8_t bytes[ET_SIZE];
};

static union elf_test_file et;
/* xor eax, eax; syscall; jmp . -- a few bytes that look like a program. */
static const uint8_t et_code[] = { 0x31, 0xc0, 0x0f, 0x05, 0xeb, 0xfe };

static struct elf64_phdr et_load(uint64_t off, uint64_t va, uint64_t filesz,
                                 uint64_t memsz, uint32_t flags)
{
    return (struct elf64_phdr){ .type = PT_LOAD, .flags = flags, .offset = off,
        .vaddr = va, .paddr = va, .filesz = filesz, .memsz = memsz,
        .align = PAGE_SIZE };
}

/* Build the valid image into et (every test starts from here). */
static void et_build(void)
{
    memset(&et, 0, sizeof(et));
    struct elf64_ehdr *eh = &et.h.eh;
    memcpy(eh->ident, ELF_MAGIC, ELF_MAGIC_LEN);
    eh->ident[EI_CLASS] = ELFCLASS64;
    eh->ident[EI_DATA] = ELFDATA2LSB;
    eh->ident[EI_VERSION] = EV_CURRENT;
    eh->type = ET_EXEC;
    eh->machine = EM_X86_64;
    eh->version = EV_CURRENT;
    eh->entry = ET_TEXT_VA;
    eh->phoff = offsetof(union elf_test_file, h.ph);
    eh->ehsize = sizeof(*eh);
    eh->phentsize = sizeof(struct elf64_phdr);
    eh->phnum = ET_NPH;
    struct elf64_phdr *ph = et.h.ph;
    ph[ET_DATA] = et_load(0x320, ET_DATA_VA, 0x10, 0x3000, PF_R | PF_W);
    ph[ET_NOTE] = (struct elf64_phdr){ .type = PT_NOTE, .flags = PF_R,
        .offset = 0xffffffffffff0000UL, .filesz = 0x100000, .memsz = 0x100000 };
    ph[ET_TEXT] = et_load(0x300, ET_TEXT_VA, 0x10, 0x10, PF_R | PF_X);
    ph[3] = (struct elf64_phdr){ .type = PT_GNU_STACK, .flags = PF_R | PF_W };
    ph[ET_RODATA] = et_load(0x310, ET_RODATA_VA, 0x10, 0x10, PF_R);
    memcpy(et.bytes + 0x300, et_code, sizeof(et_code));
    memcpy(et.bytes + 0x310, "weensy rodata", 14);
    memset(et.bytes + 0x320, 0x5a, 0x10);
}

/* Does elf_parse give data[0, size) the verdict wanted: 0 when want is
 * NULL, else -ENOEXEC with exactly the reason want? */
static bool et_verdict(const char *file, int line, const void *data,
                       size_t size, struct elf_image *img, const char *want)
{
    const char *why = NULL;
    int r = elf_parse(data, size, img, &why);
    if (want ? r == -ENOEXEC && why && strcmp(why, want) == 0 : r == 0)
        return true;
    ktest_fail(file, line, "elf_parse returned %d, '%s'; expected %s, '%s'",
               r, why ? why : "", want ? "-ENOEXEC" : "0", want ? want : "");
    return false;
}

/* Like KT_CHECK, these return from the test on failure. */
#define ET_VERDICT(data, size, img, want)                                      \
    do {                                                                       \
        if (!et_verdict(__FILE__, __LINE__, (data), (size), (img), (want)))    \
            return;                                                            \
    } while (0)
static struct elf_image et_img;        /* for rejections: contents unused */
#define ET_REJECTS_AT(data, size, want) ET_VERDICT(data, size, &et_img, want)
#define ET_REJECTS(want) ET_REJECTS_AT(et.bytes, sizeof(et), (want))
#define ET_ACCEPTS(img) ET_VERDICT(et.bytes, sizeof(et), (img), NULL)

#define ET_EH (&et.h.eh)
#define ET_PH(i) (&et.h.ph[(i)])

static bool et_seg_is(const struct elf_segment *s, uintptr_t va, size_t memsz,
                      size_t off, size_t filesz, uint32_t flags)
{
    return s->vaddr == va && s->memsz == memsz && s->offset == off &&
           s->filesz == filesz && s->flags == flags;
}

/* ---- what must pass ------------------------------------------------------ */

KTEST(elf_valid_image)
{
    et_build();
    struct elf_image img;
    ET_ACCEPTS(&img);
    KT_CHECK_EQ(img.entry, ET_TEXT_VA);
    KT_CHECK_EQ(img.nsegs, 3);          /* the note and the stack are ignored */
    KT_CHECK(et_seg_is(&img.seg[0], ET_TEXT_VA, 0x10, 0x300, 0x10, PF_R | PF_X));
    KT_CHECK(et_seg_is(&img.seg[1], ET_RODATA_VA, 0x10, 0x310, 0x10, PF_R));
    KT_CHECK(et_seg_is(&img.seg[2], ET_DATA_VA, 0x3000, 0x320, 0x10, PF_R | PF_W));
}

/* The headers may sit at any alignment: an initrd file is only 512-byte
 * aligned, and a hostile file can put phoff anywhere. */
KTEST(elf_misaligned_headers)
{
    _Static_assert(ET_SIZE + 1 <= PAGE_SIZE, "the image fits a page");
    struct page *pg = page_alloc(PAGE_KERNEL, PAGE_OWNER_KERNEL, 0);   /* not in the image: mem=2M */
    KT_CHECK(pg);
    if (!pg)
        return;
    uint8_t *shifted = page_kva(pg);
    et_build();
    memcpy(shifted + 1, et.bytes, ET_SIZE);
    struct elf_image img;
    ET_VERDICT(shifted + 1, ET_SIZE, &img, NULL);
    KT_CHECK_EQ(img.nsegs, 3);
    page_put(pg);
}

/* An empty PT_LOAD maps nothing, so even its silly address is harmless. */
KTEST(elf_memsz_zero_skipped)
{
    et_build();
    ET_EH->phnum = ET_NPH + 1;
    *ET_PH(ET_NPH) = et_load(0xffffffff, 0, 0, 0, PF_R | PF_W | PF_X);
    struct elf_image img;
    ET_ACCEPTS(&img);
    KT_CHECK_EQ(img.nsegs, 3);
}

/* A segment may end exactly where the stack's guard gap begins, not past
 * it (it used to be allowed into the gap, up to the stack itself). */
KTEST(elf_segment_at_stack_limit)
{
    et_build();
    uintptr_t gap = USER_STACK_LIMIT - USER_STACK_GAP;
    uintptr_t va = gap - 0x3000 + 0x320;
    *ET_PH(ET_DATA) = et_load(0x320, va, 0x10, gap - va, PF_R | PF_W);
    struct elf_image img;
    ET_ACCEPTS(&img);
    KT_CHECK_EQ(img.seg[2].vaddr + img.seg[2].memsz, gap);
    ET_PH(ET_DATA)->memsz++;
    ET_REJECTS("segment lies outside the program area "
               "(from 0x1000 up to the stack's guard gap)");
    et_build();                             /* wholly inside the gap */
    *ET_PH(ET_DATA) = et_load(0x320, gap + 0x320, 0x10, 0x100, PF_R | PF_W);
    ET_REJECTS("segment lies outside the program area "
               "(from 0x1000 up to the stack's guard gap)");
}

/* One segment may reserve at most 1 GiB (its bss costs nothing until
 * touched, but no program needs more). */
KTEST(elf_segment_too_large)
{
    et_build();
    ET_PH(ET_DATA)->memsz = ELF_SEGMENT_MAX;
    struct elf_image img;
    ET_ACCEPTS(&img);
    ET_PH(ET_DATA)->memsz = ELF_SEGMENT_MAX + 1;
    ET_REJECTS("segment is larger than 1 GiB");
}

/* ---- the file header ----------------------------------------------------- */

KTEST(elf_short_file)
{
    et_build();
    ET_REJECTS_AT(et.bytes, sizeof(struct elf64_ehdr) - 1,
                  "file is shorter than an ELF header");
    ET_REJECTS_AT(et.bytes, 0, "file is shorter than an ELF header");
}

KTEST(elf_bad_magic)
{
    et_build();
    ET_EH->ident[1] = 'e';
    ET_REJECTS("not an ELF file (bad magic number)");
}

KTEST(elf_not_64bit)
{
    et_build();
    ET_EH->ident[EI_CLASS] = 1;         /* ELFCLASS32 */
    ET_REJECTS("not a 64-bit ELF file (ELFCLASS64 expected)");
}

KTEST(elf_big_endian)
{
    et_build();
    ET_EH->ident[EI_DATA] = 2;          /* ELFDATA2MSB */
    ET_REJECTS("not a little-endian ELF file");
}

KTEST(elf_bad_version)
{
    et_build();
    ET_EH->ident[EI_VERSION] = 0;
    ET_REJECTS("unknown ELF version (EV_CURRENT expected)");
    et_build();
    ET_EH->version = 2;
    ET_REJECTS("unknown ELF version (EV_CURRENT expected)");
}

KTEST(elf_not_executable)
{
    static const uint16_t types[] = { 0, 1, 4 };   /* NONE REL CORE */
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        et_build();
        ET_EH->type = types[i];
        ET_REJECTS("not an executable (ET_EXEC or ET_DYN expected: "
                   "relocatable and core files are not supported)");
    }
}

/* A static PIE program: ET_DYN, its own PT_DYNAMIC, addresses relative to
 * a base (from 0 up to 4 GiB), no interpreter. */
KTEST(elf_static_pie)
{
    struct elf_image img;
    et_build();
    ET_EH->type = ET_DYN;
    ET_PH(ET_NOTE)->type = PT_DYNAMIC;
    ET_ACCEPTS(&img);
    KT_CHECK(img.pie && !img.fixed);
    ET_PH(ET_TEXT)->vaddr = 0x300;          /* at the base itself */
    ET_EH->entry = 0x300;
    ET_ACCEPTS(&img);
    KT_CHECK_EQ(img.seg[0].vaddr, 0x300);
    ET_PH(ET_DATA)->vaddr = USER_PIE_SPAN - 0x1000 + 0x320;
    ET_REJECTS("PIE segment lies beyond 4 GiB from the program's base");
    et_build();
    ET_EH->type = ET_DYN;
    ET_PH(ET_NOTE)->type = PT_INTERP;
    ET_REJECTS("PIE program with an interpreter (PT_INTERP): dynamically "
               "linked programs are not supported, static PIE ones are");
}

/* weensy's own programs ask for the fixed layout with an empty header. */
KTEST(elf_fixed_layout)
{
    struct elf_image img;
    et_build();
    ET_ACCEPTS(&img);
    KT_CHECK(!img.fixed && !img.pie);
    ET_PH(ET_NOTE)->type = PT_WEENSY_FIXED;
    ET_ACCEPTS(&img);
    KT_CHECK(img.fixed);
}

KTEST(elf_wrong_machine)
{
    et_build();
    ET_EH->machine = 3;                 /* EM_386 */
    ET_REJECTS("not an x86-64 program (EM_X86_64 expected)");
}

KTEST(elf_bad_phentsize)
{
    et_build();
    ET_EH->phentsize = sizeof(struct elf64_phdr) + 8;
    ET_REJECTS("program header entry size is not 56 bytes");
}

KTEST(elf_phdrs_past_end)
{
    const char *why = "program headers lie beyond the end of the file";
    et_build();
    ET_EH->phoff = ET_SIZE - ET_NPH * sizeof(struct elf64_phdr) + 1;
    ET_REJECTS(why);
    ET_EH->phoff = UINT64_MAX - 8;      /* phoff + table size would wrap */
    ET_REJECTS(why);
    et_build();
    ET_EH->phnum = 0xffff;
    ET_REJECTS(why);
}

/* Only the head is read (exec: the file's first page): headers past it
 * are refused, segments are checked against the whole file. */
KTEST(elf_head_of_larger_file)
{
    et_build();
    struct elf_image img;
    const char *why = NULL;
    /* Segments past the head but inside the file are fine. */
    ET_PH(ET_RODATA)->filesz = ET_PH(ET_RODATA)->memsz = ET_SIZE;
    KT_CHECK_EQ(elf_parse_head(et.bytes, sizeof(et), 2 * ET_SIZE, &img, &why), 0);
    KT_CHECK_EQ(elf_parse_head(et.bytes, sizeof(et), ET_SIZE + 0x30f, &img, &why), -ENOEXEC);
    KT_CHECK(strcmp(why, "segment's file data lies beyond the end of the file") == 0);
    et_build();
    size_t head = offsetof(union elf_test_file, h.ph) + 2 * sizeof(struct elf64_phdr);
    KT_CHECK_EQ(elf_parse_head(et.bytes, head, sizeof(et), &img, &why), -ENOEXEC);
    KT_CHECK(strcmp(why, "program headers lie beyond the file's first page "
                         "(exec reads no further for them)") == 0);
    KT_CHECK_EQ(elf_parse_head(et.bytes, 40, sizeof(et), &img, &why), -ENOEXEC);
    KT_CHECK(strcmp(why, "file is shorter than an ELF header") == 0);
}

/* ---- the program headers, one by one -------------------------------------- */

KTEST(elf_no_load_segment)
{
    const char *why = "no PT_LOAD segment (nothing to load)";
    et_build();
    ET_PH(ET_DATA)->type = ET_PH(ET_TEXT)->type = ET_PH(ET_RODATA)->type = PT_NOTE;
    ET_REJECTS(why);
    et_build();                         /* only empty ones */
    ET_PH(ET_DATA)->filesz = ET_PH(ET_TEXT)->filesz = ET_PH(ET_RODATA)->filesz = 0;
    ET_PH(ET_DATA)->memsz = ET_PH(ET_TEXT)->memsz = ET_PH(ET_RODATA)->memsz = 0;
    ET_REJECTS(why);
}

KTEST(elf_too_many_segments)
{
    et_build();
    /* Six more read-only segments, one page each, make nine. */
    for (int i = ET_NPH; i < ET_NPH + 6; i++)
        *ET_PH(i) = et_load(0, 0x500000 + (uint64_t)i * PAGE_SIZE, 0, 8, PF_R);
    ET_EH->phnum = ET_NPH + 5;          /* eight: still fine */
    struct elf_image img;
    ET_ACCEPTS(&img);
    KT_CHECK_EQ(img.nsegs, ELF_MAX_SEGMENTS);
    ET_EH->phnum = ET_NPH + 6;
    ET_REJECTS("too many PT_LOAD segments (at most 8)");
}

KTEST(elf_filesz_over_memsz)
{
    et_build();
    ET_PH(ET_TEXT)->memsz = 8;
    ET_REJECTS("segment's file size is larger than its memory size");
    et_build();
    ET_PH(ET_RODATA)->memsz = 0;        /* not "empty": it has file bytes */
    ET_REJECTS("segment's file size is larger than its memory size");
}

KTEST(elf_segment_past_end_of_file)
{
    const char *why = "segment's file data lies beyond the end of the file";
    et_build();
    ET_PH(ET_TEXT)->filesz = ET_PH(ET_TEXT)->memsz = ET_SIZE - 0x300 + 1;
    ET_REJECTS(why);
    et_build();                         /* offset + filesz wraps to 0x10 */
    ET_PH(ET_TEXT)->offset = UINT64_MAX - 0xff;
    ET_PH(ET_TEXT)->vaddr = ET_TEXT_VA - 0x300 + 0xf00;
    ET_PH(ET_TEXT)->filesz = ET_PH(ET_TEXT)->memsz = 0x110;
    ET_REJECTS(why);
    et_build();                         /* a huge filesz, a small offset */
    ET_PH(ET_DATA)->filesz = ET_PH(ET_DATA)->memsz = UINT64_MAX - 0x100;
    ET_REJECTS(why);
}

KTEST(elf_vaddr_wraps)
{
    et_build();
    ET_PH(ET_DATA)->vaddr = 0xfffffffffffff320UL;
    ET_REJECTS("segment's address range wraps around");
}

KTEST(elf_segment_outside_user)
{
    const char *why = "segment lies outside the program area "
                      "(from 0x1000 up to the stack's guard gap)";
    static const uint64_t bad_va[] = {
        0x320,                              /* the NULL page */
        USER_STACK_LIMIT + 0x320,           /* the stack region */
        USER_TOP + 0x320,                   /* the canonical hole */
        KERNEL_HALF + 0x320,                /* the direct map */
        KERNEL_VMA + 0x320,                 /* the kernel image */
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad_va); i++) {
        et_build();
        ET_PH(ET_DATA)->vaddr = bad_va[i];
        ET_REJECTS(why);
    }
    et_build();                             /* starts fine, ends in the stack */
    ET_PH(ET_DATA)->vaddr = USER_STACK_LIMIT - PAGE_SIZE + 0x320;
    ET_REJECTS(why);
}

KTEST(elf_vaddr_offset_incongruent)
{
    et_build();
    ET_PH(ET_DATA)->vaddr = ET_DATA_VA + 8;
    ET_REJECTS("segment's address and file offset differ modulo the page size");
}

KTEST(elf_writable_and_executable)
{
    et_build();
    ET_PH(ET_DATA)->flags = PF_R | PF_W | PF_X;
    ET_REJECTS("segment is both writable and executable (weensy enforces W^X)");
}

KTEST(elf_dynamic)
{
    static const uint32_t types[] = { PT_INTERP, PT_DYNAMIC };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        et_build();
        ET_PH(ET_NOTE)->type = types[i];
        ET_REJECTS("dynamically linked programs are not supported");
    }
}

/* ---- the segments together ----------------------------------------------- */

KTEST(elf_segments_overlap)
{
    const char *why = "segments overlap or share a page";
    et_build();                         /* rodata right after text, same page */
    ET_PH(ET_RODATA)->vaddr = ET_TEXT_VA + 0x10;
    ET_REJECTS(why);
    et_build();                         /* data covers text and rodata */
    ET_PH(ET_DATA)->vaddr = ET_TEXT_VA + 0x20;
    ET_REJECTS(why);
    et_build();                         /* bss, below text, reaches its page */
    ET_PH(ET_DATA)->vaddr = ET_TEXT_VA - 0x1000 + 0x20;
    ET_PH(ET_DATA)->memsz = 0x1000;
    ET_REJECTS(why);
    ET_PH(ET_DATA)->memsz = 0x1000 - 0x320;   /* ends at the page: fine */
    struct elf_image img;
    ET_ACCEPTS(&img);
    KT_CHECK_EQ(img.seg[0].vaddr, ET_TEXT_VA - 0x1000 + 0x20);
}

KTEST(elf_entry_not_executable)
{
    static const uint64_t bad_entry[] = {
        ET_RODATA_VA,                   /* in a read-only segment */
        ET_DATA_VA + 0x100,             /* in .bss */
        ET_TEXT_VA + 0x10,              /* one past the end of text */
        ET_TEXT_VA - 1,
        0,
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad_entry); i++) {
        et_build();
        ET_EH->entry = bad_entry[i];
        ET_REJECTS("entry point is not inside an executable segment");
    }
}

/* ---- the real programs --------------------------------------------------- */

/* Whatever userland/ links with user.ld must load; README, the one file
 * that is not a program (exec's ENOEXEC case), must not. */
KTEST(elf_initrd_programs)
{
    initrd_init();
    KT_CHECK(initrd_count() > 0);
    for (int i = 0; i < initrd_count(); i++) {
        const char *name = initrd_name(i), *why = NULL;
        const void *data;
        size_t size;
        struct elf_image img;
        KT_CHECK(initrd_find(name, &data, &size));
        if (strcmp(name, "README") == 0) {
            KT_CHECK(elf_parse(data, size, &img, &why) == -ENOEXEC);
            continue;
        }
        if (elf_parse(data, size, &img, &why) != 0) {
            ktest_fail(__FILE__, __LINE__, "%s: %s", name, why);
            continue;
        }
        kprintf("elf_test: %s: entry %#lx, %d segments\n", name, img.entry,
                img.nsegs);
        KT_CHECK(img.seg[0].vaddr >= USER_TEXT_BASE);
    }
}
