/* elf_test.c -- self-tests of elf_parse(): what must pass and the file
 * header's rules, each test breaking a fresh copy of the fixture's image
 * (elf_test.h) in one way and checking the exact reason given. The program
 * headers' rules and every real program in the initrd are in
 * elf_phdr_test.c; the initrd reader's own tests in kernel/initrd_test.c. */
#include "proc/elf_test.h"

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

