; 32-bit entry from GRUB: check that we were loaded by multiboot2 and that
; the CPU can run 64-bit code, build the boot page tables, enter long mode.
;
; Entry state (multiboot2 spec 3.3): protected mode, paging off, interrupts
; off, eax = magic, ebx = physical address of the boot information.
; Everything here runs at its physical address (the .boot sections are
; linked low), so it may only name low symbols.

%include "arch/x86_64/boot/boot.inc"

MB2_BOOT_MAGIC equ 0x36d76289

global _start
global boot_pml4
global boot_mb_magic
global boot_mb_info
global boot_tsc_entry
extern long_mode_entry

section .boot.text progbits alloc exec nowrite align=16
bits 32
_start:
    mov edi, eax                     ; rdtsc overwrites the magic in eax
    rdtsc                            ; the kernel's first cycle count
    mov [boot_tsc_entry], eax        ; (kernel/clock.c: boot_to_user)
    mov [boot_tsc_entry + 4], edx
    mov eax, edi
    cli
    cld
    mov esp, boot_stack32_top
    mov [boot_mb_magic], eax
    mov [boot_mb_info], ebx

    call serial32_init
    cmp eax, MB2_BOOT_MAGIC
    jne .no_multiboot
    call cpu_has_long_mode
    test eax, eax
    jz .no_long_mode

    call build_boot_page_tables
    call enable_long_mode
    lgdt [boot_gdt_ptr]
    jmp 0x08:long_mode_entry

.no_multiboot:
    mov esi, msg_no_multiboot
    jmp fatal32
.no_long_mode:
    mov esi, msg_no_long_mode
    jmp fatal32

; cpu_has_long_mode: eax = 1 when CPUID exists and reports long mode.
; Also records in boot_has_nx whether the NX bit may be enabled.
cpu_has_long_mode:
    pushfd                           ; CPUID exists iff EFLAGS.ID can flip
    pop eax
    mov ecx, eax
    xor eax, 1 << 21
    push eax
    popfd
    pushfd
    pop eax
    push ecx
    popfd
    xor eax, ecx
    jz .no
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29                ; LM
    jz .no
    test edx, 1 << 20                ; NX
    setnz byte [boot_has_nx]
    mov eax, 1
    ret
.no:
    xor eax, eax
    ret

; Boot page tables: identity-map 0-4 GiB (the trampoline runs there and
; GRUB's structures live there), alias the same 4 GiB at the direct map, and
; map the top 2 GiB (-2 GiB) onto physical 0-1 GiB for the kernel image.
; 2 MiB pages; C replaces all of this with the real kernel page table.
build_boot_page_tables:
    mov edi, boot_tables_start       ; zero every boot table page
    mov ecx, (boot_tables_end - boot_tables_start) / 4
    xor eax, eax
    rep stosd

    mov eax, boot_pdpt_low
    or eax, PTE_P | PTE_W
    mov [boot_pml4], eax             ; identity
    mov [boot_pml4 + 256 * 8], eax   ; direct map
    mov eax, boot_pdpt_high
    or eax, PTE_P | PTE_W
    mov [boot_pml4 + 511 * 8], eax

    mov edi, boot_pdpt_low           ; 4 PDs for 0-4 GiB
    mov eax, boot_pd
    or eax, PTE_P | PTE_W
    mov ecx, 4
.pdpt:
    mov [edi], eax
    add eax, 0x1000
    add edi, 8
    loop .pdpt
    mov eax, boot_pd                 ; -2 GiB -> phys 0 (first PD)
    or eax, PTE_P | PTE_W
    mov [boot_pdpt_high + 510 * 8], eax

    mov edi, boot_pd                 ; 2048 large pages, phys 0-4 GiB
    xor ecx, ecx
.pd:
    mov eax, ecx
    shl eax, 21
    or eax, PTE_P | PTE_W | PTE_PS
    mov [edi + ecx * 8], eax
    mov eax, ecx
    shr eax, 11                      ; high dword: bits 32+ of the address
    mov [edi + ecx * 8 + 4], eax
    inc ecx
    cmp ecx, 2048
    jb .pd
    ret

; PAE, then EFER.LME (+NXE), then paging with write protection.
enable_long_mode:
    mov eax, cr4
    or eax, CR4_PAE
    mov cr4, eax
    mov eax, boot_pml4
    mov cr3, eax
    mov ecx, MSR_EFER
    rdmsr
    or eax, EFER_LME
    cmp byte [boot_has_nx], 0
    je .no_nx
    or eax, EFER_NXE
.no_nx:
    wrmsr
    mov eax, cr0
    or eax, CR0_PG | CR0_WP | CR0_PE
    mov cr0, eax
    ret

; COM1 at 115200 8N1, polled; the same settings the C driver uses.
serial32_init:
    push eax
    mov dx, COM1 + 1
    mov al, 0
    out dx, al                       ; no interrupts
    mov dx, COM1 + 3
    mov al, 0x80
    out dx, al                       ; DLAB
    mov dx, COM1
    mov al, 1
    out dx, al                       ; divisor 1 = 115200
    mov dx, COM1 + 1
    mov al, 0
    out dx, al
    mov dx, COM1 + 3
    mov al, 3
    out dx, al                       ; 8N1
    pop eax
    ret

; fatal32: print the NUL-terminated string at esi on COM1 and on the VGA text
; screen (harmless if the screen is in graphics mode), then halt forever.
fatal32:
    mov edi, 0xb8000
.next:
    lodsb
    test al, al
    jz .halt
    mov ah, 0x4f                     ; white on red
    mov [edi], ax
    add edi, 2
    mov bl, al
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov dx, COM1
    mov al, bl
    out dx, al
    jmp .next
.halt:
    cli
    hlt
    jmp .halt

section .boot.data progbits alloc noexec write align=16
msg_no_multiboot:
    db "weensy: not loaded by a multiboot2 loader (bad magic in eax); halted.", 13, 10, 0
msg_no_long_mode:
    db "weensy: this CPU has no 64-bit long mode (CPUID 80000001h:EDX.LM=0); weensy needs an x86-64 CPU; halted.", 13, 10, 0

align 8
boot_gdt:
    dq 0
    dq 0x00af9a000000ffff            ; 0x08: 64-bit kernel code
    dq 0x00cf92000000ffff            ; 0x10: kernel data
boot_gdt_ptr:
    dw boot_gdt_ptr - boot_gdt - 1
    dd boot_gdt
boot_mb_magic: dd 0
boot_mb_info:  dd 0
boot_has_nx:   db 0
align 8
boot_tsc_entry: dq 0                 ; TSC at _start's first instruction

section .boot.bss nobits alloc noexec write align=4096
boot_tables_start:
boot_pml4:      resb 4096
boot_pdpt_low:  resb 4096
boot_pdpt_high: resb 4096
boot_pd:        resb 4 * 4096
boot_tables_end:
                resb 1024
boot_stack32_top:
