/* multiboot.c -- read the multiboot2 boot information (spec section 3.6):
 * a size header followed by 8-byte aligned tags, ended by tag type 0. */
#include "kernel/kernel.h"
#include "arch/x86_64/multiboot.h"
#include "arch/x86_64/smbios.h"

#define MB2_BOOT_MAGIC 0x36d76289

enum {
    TAG_END = 0, TAG_CMDLINE = 1, TAG_LOADER = 2, TAG_MODULE = 3,
    TAG_MMAP = 6, TAG_FRAMEBUFFER = 8, TAG_ELF_SECTIONS = 9,
    TAG_EFI64 = 12, TAG_ACPI_OLD = 14, TAG_ACPI_NEW = 15,
};

struct mb2_tag { uint32_t type, size; };

struct boot_info boot_info;

static void parse_mmap(const uint8_t *t)
{
    uint32_t size = *(const uint32_t *)(t + 4);
    uint32_t entry_size = *(const uint32_t *)(t + 8);
    for (uint32_t off = 16; off + entry_size <= size; off += entry_size) {
        if (boot_info.mmap_count == BOOT_MMAP_MAX) {
            kprintf("multiboot: memory map truncated at %d entries\n", BOOT_MMAP_MAX);
            return;
        }
        const uint8_t *e = t + off;
        struct boot_mmap_entry *m = &boot_info.mmap[boot_info.mmap_count++];
        m->base = *(const uint64_t *)e;
        m->len = *(const uint64_t *)(e + 8);
        m->type = *(const uint32_t *)(e + 16);
    }
}

static void parse_module(const uint8_t *t)
{
    if (boot_info.module_count == BOOT_MODULES_MAX)
        return;
    struct boot_module *m = &boot_info.modules[boot_info.module_count++];
    m->start = *(const uint32_t *)(t + 8);
    m->end = *(const uint32_t *)(t + 12);
    strlcpy(m->name, (const char *)(t + 16), sizeof(m->name));
}

static void parse_framebuffer(const uint8_t *t)
{
    struct boot_fb *fb = &boot_info.fb;
    fb->addr = *(const uint64_t *)(t + 8);
    fb->pitch = *(const uint32_t *)(t + 16);
    fb->width = *(const uint32_t *)(t + 20);
    fb->height = *(const uint32_t *)(t + 24);
    fb->bpp = t[28];
    fb->type = t[29];
    if (fb->type == 1) {
        fb->red_pos = t[32];
        fb->red_size = t[33];
        fb->green_pos = t[34];
        fb->green_size = t[35];
        fb->blue_pos = t[36];
        fb->blue_size = t[37];
    }
    boot_info.has_fb = fb->type == 1 || fb->type == 2;
}

static void parse_elf_sections(const uint8_t *t)
{
    /* multiboot2 tag 9 carries 32-bit num/entsize/shndx, then the headers. */
    boot_info.elf_shnum = *(const uint32_t *)(t + 8);
    boot_info.elf_shentsize = *(const uint32_t *)(t + 12);
    boot_info.elf_shstrndx = *(const uint32_t *)(t + 16);
    boot_info.elf_shdrs = kva_to_pa(t + 20);
}

static void parse_acpi(const uint8_t *t, int version)
{
    uint32_t size = *(const uint32_t *)(t + 4) - 8;
    if (version < boot_info.rsdp_version)
        return;                       /* keep the newer RSDP */
    memcpy(boot_info.rsdp, t + 8, MIN(size, sizeof(boot_info.rsdp)));
    boot_info.rsdp_version = version;
}

static void parse_tag(const uint8_t *t)
{
    switch (((const struct mb2_tag *)t)->type) {
    case TAG_CMDLINE:
        strlcpy(boot_info.cmdline, (const char *)(t + 8), sizeof(boot_info.cmdline));
        break;
    case TAG_LOADER:
        strlcpy(boot_info.loader, (const char *)(t + 8), sizeof(boot_info.loader));
        break;
    case TAG_MODULE: parse_module(t); break;
    case TAG_MMAP: parse_mmap(t); break;
    case TAG_FRAMEBUFFER: parse_framebuffer(t); break;
    case TAG_ELF_SECTIONS: parse_elf_sections(t); break;
    case TAG_EFI64:
        boot_info.efi = true;
        boot_info.efi_systab = *(const uint64_t *)(t + 8);
        break;
    case TAG_ACPI_OLD: parse_acpi(t, 1); break;
    case TAG_ACPI_NEW: parse_acpi(t, 2); break;
    default: break;
    }
}

void multiboot_parse(uint32_t magic, paddr_t mbi)
{
    if (magic != MB2_BOOT_MAGIC)
        panic("multiboot: bad magic %#x", magic);
    const uint8_t *p = pa_to_kva(mbi);
    uint32_t total = *(const uint32_t *)p;
    boot_info.mbi_start = mbi;
    boot_info.mbi_end = mbi + total;
    for (uint32_t off = 8; off + 8 <= total;) {
        const struct mb2_tag *t = (const void *)(p + off);
        if (t->type == TAG_END)
            break;
        parse_tag(p + off);
        off += ALIGN_UP(t->size, 8);
    }
}

void boot_cmdline_find(void)
{
    if (boot_info.cmdline[0]) {
        boot_info.cmdline_from = "loader";
        return;
    }
    boot_info.cmdline_from = smbios_oem_string("weensy:", boot_info.cmdline,
                                               sizeof(boot_info.cmdline))
                                 ? smbios_found() : "nowhere";
}

/* boot_usable_bytes: RAM the firmware calls usable, before any cap. */
uint64_t boot_usable_bytes(void)
{
    uint64_t sum = 0;
    for (int i = 0; i < boot_info.mmap_count; i++)
        if (boot_info.mmap[i].type == BOOT_MEM_USABLE)
            sum += boot_info.mmap[i].len;
    return sum;
}
