; First 64-bit code, still running at its low physical address: load data
; segments, clear the kernel's .bss, switch to the higher-half boot stack and
; call kmain(magic, mbi_phys) at its higher-half address.

global long_mode_entry
extern kmain
extern boot_mb_magic
extern boot_mb_info
extern __bss_start
extern __bss_end
extern boot_stack_top
extern boot_tsc_entry
extern clock_tsc_entry

section .boot.text
bits 64
long_mode_entry:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax
    mov fs, ax
    mov gs, ax

    mov rdi, __bss_start
    mov rcx, __bss_end
    sub rcx, rdi
    shr rcx, 3
    rep stosq

    mov rax, [rel boot_tsc_entry]    ; hand the entry TSC to the higher half
    mov rdx, clock_tsc_entry
    mov [rdx], rax

    mov rsp, boot_stack_top
    xor ebp, ebp                     ; backtraces stop here
    mov edi, [rel boot_mb_magic]
    mov esi, [rel boot_mb_info]
    mov rax, kmain
    call rax
.halt:
    cli
    hlt
    jmp .halt
