/* elf_phdr_test.c -- self-tests of elf_parse(): the program headers' rules
 * one by one, the segments together, and every real program in the initrd
 * (the fixture: elf_test.h). */
#include "kernel/initrd.h"
#include "proc/elf_test.h"

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
