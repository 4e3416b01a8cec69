/* elf.h -- the ELF64 structures weensy reads: section headers and symbols
 * (kernel backtraces), file and program headers (loading user programs).
 * Field layout from the System V ABI / ELF-64 object file format. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include <stdint.h>

#define ELF_MAGIC "\177ELF"
#define ELF_MAGIC_LEN 4
#define EI_CLASS 4              /* indices into ident[] */
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_GNU_STACK 0x6474e551
/* weensy's own: a program that asks for the fixed, documented layout (no
 * randomization: its tests know their addresses). userland/user.ld gives
 * every weensy program one, an empty header, as PaX's PT_PAX_FLAGS once
 * marked programs to leave alone. In the OS-specific range. */
#define PT_WEENSY_FIXED 0x6577656e
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define SHT_SYMTAB 2
#define SHF_ALLOC 2
#define STT_FUNC 2

struct elf64_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf64_shdr {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
};

struct elf64_sym {
    uint32_t name;
    uint8_t info, other;
    uint16_t shndx;
    uint64_t value, size;
};
#endif
