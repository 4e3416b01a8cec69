; The multiboot2 header GRUB looks for in the first 32 KiB of the image.
; No framebuffer tag on purpose: under BIOS GRUB then leaves the VGA in text
; mode; under UEFI grub.cfg sets a graphics mode and GRUB reports it (see
; ../shared/BOOT-NOTES.md 4.3 and docs/boot.md).

MB2_MAGIC  equ 0xe85250d6
MB2_ARCH   equ 0                     ; i386 protected mode entry

section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
    dd MB2_MAGIC
    dd MB2_ARCH
    dd mb2_header_end - mb2_header
    dd 0x100000000 - (MB2_MAGIC + MB2_ARCH + (mb2_header_end - mb2_header))

    align 8                          ; information request (optional: flags
    dw 1, 1                          ; bit 0, so a loader lacking one still boots us)
    dd 8 + 4 * 5
    dd 1                             ; command line
    dd 3                             ; modules
    dd 6                             ; memory map
    dd 8                             ; framebuffer info (when there is one)
    dd 9                             ; ELF sections (symbols for backtraces)

    align 8                          ; page-align modules (the initrd)
    dw 6, 0
    dd 8

    align 8                          ; end tag
    dw 0, 0
    dd 8
mb2_header_end:
