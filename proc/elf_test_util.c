/* elf_test_util.c -- the fixture of elf_parse's self-tests (elf_test.h). */
#include "proc/elf_test.h"

union elf_test_file et;
struct elf_image et_img;
/* xor eax, eax; syscall; jmp . -- a few bytes that look like a program. */
static const uint8_t et_code[] = { 0x31, 0xc0, 0x0f, 0x05, 0xeb, 0xfe };

struct elf64_phdr et_load(uint64_t off, uint64_t va, uint64_t filesz, uint64_t memsz, uint32_t flags)
{
    return (struct elf64_phdr){ .type = PT_LOAD, .flags = flags, .offset = off,
        .vaddr = va, .paddr = va, .filesz = filesz, .memsz = memsz,
        .align = PAGE_SIZE };
}

void et_build(void)
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

bool et_verdict(const char *file, int line, const void *data, size_t size, struct elf_image *img,
                const char *want)
{
    const char *why = NULL;
    int r = elf_parse(data, size, img, &why);
    if (want ? r == -ENOEXEC && why && strcmp(why, want) == 0 : r == 0)
        return true;
    ktest_fail(file, line, "elf_parse returned %d, '%s'; expected %s, '%s'",
               r, why ? why : "", want ? "-ENOEXEC" : "0", want ? want : "");
    return false;
}

bool et_seg_is(const struct elf_segment *s, uintptr_t va, size_t memsz, size_t off, size_t filesz,
               uint32_t flags)
{
    return s->vaddr == va && s->memsz == memsz && s->offset == off &&
           s->filesz == filesz && s->flags == flags;
}

