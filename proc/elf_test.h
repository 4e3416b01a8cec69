/* elf_test.h -- the fixture elf_parse's self-tests share (elf_test.c:
 * the file header and what must pass; elf_phdr_test.c: the program
 * headers, the segments together and the initrd's programs): a small
 * valid image, rebuilt by et_build before each test breaks it in one way,
 * and checks of elf_parse's exact verdict. In-kernel test code only
 * (elf_test_util.c, with the other *_test_util.c on the pages given back
 * when no test runs). */
#ifndef PROC_ELF_TEST_H
#define PROC_ELF_TEST_H
#include "kernel/ktest.h"
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

extern union elf_test_file et;
extern struct elf_image et_img;        /* for rejections: contents unused */

struct elf64_phdr et_load(uint64_t off, uint64_t va, uint64_t filesz, uint64_t memsz, uint32_t flags);
/* et_build: the valid image into et (every test starts from here). */
void et_build(void);
/* et_verdict: does elf_parse give data[0, size) the verdict wanted: 0 when
 * want is NULL, else -ENOEXEC with exactly the reason want? */
bool et_verdict(const char *file, int line, const void *data, size_t size, struct elf_image *img,
                const char *want);
bool et_seg_is(const struct elf_segment *s, uintptr_t va, size_t memsz, size_t off, size_t filesz,
               uint32_t flags);

/* Like KT_CHECK, these return from the test on failure. */
#define ET_VERDICT(data, size, img, want)                                      \
    do {                                                                       \
        if (!et_verdict(__FILE__, __LINE__, (data), (size), (img), (want)))    \
            return;                                                            \
    } while (0)
#define ET_REJECTS_AT(data, size, want) ET_VERDICT(data, size, &et_img, want)
#define ET_REJECTS(want) ET_REJECTS_AT(et.bytes, sizeof(et), (want))
#define ET_ACCEPTS(img) ET_VERDICT(et.bytes, sizeof(et), (img), NULL)

#define ET_EH (&et.h.eh)
#define ET_PH(i) (&et.h.ph[(i)])
#endif
