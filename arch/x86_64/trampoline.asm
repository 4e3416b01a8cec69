; trampoline.asm -- how an application processor gets from the real mode
; a STARTUP IPI leaves it in to the kernel's C code (Intel SDM vol. 3,
; 9.4 "Multiple-processor initialization" and 10.8.5 "Initializing IA-32e
; mode").
;
; The STARTUP message starts the CPU in real mode at CS = page << 8, IP 0,
; so ap_trampoline_start..end is copied to a page below 1 MiB (smp.c) and
; runs from there. It works out its own linear base from CS, so it needs
; no relocation: it writes the absolute addresses its far jumps and GDT
; pointer need into its own copy. smp.c fills three fields first:
;   +8  tr_cr3      the boot page table (identity-maps the low 4 GiB and the
;                   kernel image, entry32.asm), below 4 GiB
;   +12 tr_efer     EFER bits to set: LME, and NXE where the CPU has NX
;   +16 tr_entry64  ap_start64's address in the kernel half
; Real mode -> 32-bit protected mode -> PAE paging with LME (long mode) ->
; ap_start64 in the kernel half, which loads the kernel's own page table,
; the stack, and calls the C entry smp.c left in ap_boot.

CR0_PE  equ 1 << 0
CR0_WP  equ 1 << 16
CR0_PG  equ 1 << 31
CR4_PAE equ 1 << 5
MSR_EFER equ 0xc0000080

%define T(x) ((x) - ap_trampoline_start)

global ap_trampoline_start
global ap_trampoline_end
global ap_start64
extern ap_boot

section .rodata
align 16
bits 16
ap_trampoline_start:
    jmp short tr_real
    times 8 - ($ - ap_trampoline_start) db 0
tr_cr3:     dd 0
tr_efer:    dd 0
tr_entry64: dq 0
tr_real:
    cli
    cld
    mov ax, cs
    mov ds, ax
    xor ebx, ebx
    mov bx, ax
    shl ebx, 4                       ; ebx = this copy's linear address
    lea eax, [ebx + T(tr_gdt)]
    mov [T(tr_gdtr) + 2], eax
    lea eax, [ebx + T(pm32)]
    mov [T(tr_pm_ptr)], eax
    lea eax, [ebx + T(lm64)]
    mov [T(tr_lm_ptr)], eax
    lgdt [T(tr_gdtr)]
    mov eax, cr0
    or eax, CR0_PE
    mov cr0, eax
    jmp dword far [T(tr_pm_ptr)]

bits 32
pm32:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov eax, cr4
    or eax, CR4_PAE
    mov cr4, eax
    mov eax, [ebx + T(tr_cr3)]
    mov cr3, eax
    mov ecx, MSR_EFER
    rdmsr
    or eax, [ebx + T(tr_efer)]
    wrmsr
    mov eax, cr0
    or eax, CR0_PG | CR0_WP
    mov cr0, eax
    jmp far [ebx + T(tr_lm_ptr)]

bits 64
lm64:
    mov ebx, ebx                     ; the upper halves are undefined here
    mov rax, [rbx + T(tr_entry64)]
    jmp rax

align 8
tr_gdt:
    dq 0
    dq 0x00cf9a000000ffff            ; 0x08: 32-bit code
    dq 0x00cf92000000ffff            ; 0x10: data
    dq 0x00af9a000000ffff            ; 0x18: 64-bit code
tr_gdtr:
    dw 4 * 8 - 1
    dd 0                             ; the linear address of tr_gdt
align 4
tr_pm_ptr:
    dd 0                             ; far pointer (m16:32) to pm32
    dw 0x08
align 4
tr_lm_ptr:
    dd 0                             ; far pointer to lm64
    dw 0x18
ap_trampoline_end:

; ap_start64: in the kernel half now (mapped by the boot table too), so the
; kernel's page table can be loaded; then the stack and the C entry from
; ap_boot (struct ap_boot in smp.c: cr3, stack, arg, entry).
section .text
bits 64
ap_start64:
    mov rax, [rel ap_boot]
    mov cr3, rax
    mov rsp, [rel ap_boot + 8]
    mov rdi, [rel ap_boot + 16]
    xor ebp, ebp                     ; backtraces stop here
    mov rax, [rel ap_boot + 24]
    call rax
.halt:
    cli
    hlt
    jmp .halt
