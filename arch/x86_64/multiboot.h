/* multiboot.h -- what GRUB told us, parsed once at boot into boot_info.
 * Strings are copied out; addresses are physical. */
#ifndef ARCH_X86_64_MULTIBOOT_H
#define ARCH_X86_64_MULTIBOOT_H
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86_64/memlayout.h"

#define BOOT_MMAP_MAX 128
#define BOOT_MODULES_MAX 16
#define BOOT_CMDLINE_MAX 1024

/* Memory map types (multiboot2 = ACPI/E820 numbering) */
#define BOOT_MEM_USABLE 1
#define BOOT_MEM_RESERVED 2
#define BOOT_MEM_ACPI_RECLAIM 3
#define BOOT_MEM_ACPI_NVS 4
#define BOOT_MEM_BAD 5

struct boot_mmap_entry {
    paddr_t base;
    uint64_t len;
    uint32_t type;
};

struct boot_module {
    paddr_t start, end;               /* [start, end) */
    char name[64];                    /* the module's command line */
};

struct boot_fb {
    paddr_t addr;
    uint32_t pitch, width, height;
    uint8_t bpp, type;                /* type 0 indexed, 1 RGB, 2 EGA text */
    uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_MAX];
    char loader[64];
    struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
    int mmap_count;
    struct boot_module modules[BOOT_MODULES_MAX];
    int module_count;
    bool has_fb;
    struct boot_fb fb;
    uint8_t rsdp[36];                 /* copy of the ACPI RSDP (v1 or v2) */
    int rsdp_version;                 /* 0: none, 1: ACPI 1.0, 2: ACPI 2.0+ */
    paddr_t elf_shdrs;                /* ELF section headers (tag 9), or 0 */
    uint32_t elf_shnum, elf_shentsize, elf_shstrndx;
    paddr_t mbi_start, mbi_end;       /* the information structure itself */
    bool efi;                         /* booted through UEFI (tag 12 seen) */
    paddr_t efi_systab;               /* the EFI system table (tag 12), or 0 */
    const char *cmdline_from;         /* "loader", smbios_found() or "nowhere" */
};

extern struct boot_info boot_info;

/* multiboot_parse: check the magic and read every tag. Must run while the
 * boot identity/direct map still covers the structure (it does: first 4 GiB). */
void multiboot_parse(uint32_t magic, paddr_t mbi);
/* boot_cmdline_find: keep the loader's command line; when it is empty,
 * take the SMBIOS OEM string "weensy:ARGS" (see smbios.h). */
void boot_cmdline_find(void);
uint64_t boot_usable_bytes(void);
#endif
