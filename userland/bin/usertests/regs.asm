; regs.asm -- probes for the regs test (regs.c): does the kernel give a
; process back exactly the registers it had?
;
; long regs_syscall_probe(long nr, long seed)
;   Loads every general register except rax, rcx, r11 and rsp with a value
;   derived from seed, sets the direction flag, executes `syscall` with
;   number nr, and checks them all (Linux's convention: a system call
;   changes only rax, rcx and r11; r11 brings back rflags, so DF stays set).
; long regs_spin_probe(long seed, long iterations)
;   Loads rax, rbx, rdx, rsi, rdi, rbp, r8-r15 from seed, sets DF, counts
;   rcx down from `iterations` (long enough for many timer interrupts and
;   switches to other processes), then checks them all and DF.
;
; Both return 0 if everything is intact, else the number of the first bad
; register in the order of REGS below (1 = rax ... 15 = r15, 16 = DF).

bits 64
default rel

section .text

; SET reg, k: reg = seed ^ (k * 0x0101010101010101); the seed is at [rsp].
%macro SET 2
    mov %1, 0x0101010101010101 * %2
    xor %1, [rsp]
%endmacro

; EXPECT reg, k, index: jump to .bad with eax = index unless reg is intact.
; Uses rcx as scratch.
%macro EXPECT 3
    mov rcx, 0x0101010101010101 * %2
    xor rcx, [rsp]
    cmp %1, rcx
    je %%ok
    mov eax, %3
    jmp .done
%%ok:
%endmacro

%macro SAVE 0
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
%endmacro

%macro RESTORE 0
    add rsp, 8              ; the seed
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
%endmacro

; DF_OK: eax = 16 unless DF is set; clears DF.
%macro CHECK_DF 0
    pushfq
    pop rcx
    cld
    bt rcx, 10
    jc %%ok
    mov eax, 16
    jmp .done
%%ok:
%endmacro

global regs_syscall_probe
regs_syscall_probe:
    SAVE
    push rsi                ; the seed
    mov rax, rdi
    SET rbx, 2
    SET rdx, 4
    SET rsi, 5
    SET rdi, 6
    SET rbp, 7
    SET r8, 8
    SET r9, 9
    SET r10, 10
    SET r12, 12
    SET r13, 13
    SET r14, 14
    SET r15, 15
    std
    syscall
    CHECK_DF
    EXPECT rbx, 2, 2
    EXPECT rdx, 4, 4
    EXPECT rsi, 5, 5
    EXPECT rdi, 6, 6
    EXPECT rbp, 7, 7
    EXPECT r8, 8, 8
    EXPECT r9, 9, 9
    EXPECT r10, 10, 10
    EXPECT r12, 12, 12
    EXPECT r13, 13, 13
    EXPECT r14, 14, 14
    EXPECT r15, 15, 15
    xor eax, eax
.done:
    cld
    RESTORE
    ret

global regs_spin_probe
regs_spin_probe:
    SAVE
    push rdi                ; the seed
    mov rcx, rsi
    SET rax, 1
    SET rbx, 2
    SET rdx, 4
    SET rsi, 5
    SET rdi, 6
    SET rbp, 7
    SET r8, 8
    SET r9, 9
    SET r10, 10
    SET r11, 11
    SET r12, 12
    SET r13, 13
    SET r14, 14
    SET r15, 15
    std
.spin:
    dec rcx
    jnz .spin
    CHECK_DF
    EXPECT rax, 1, 1
    EXPECT rbx, 2, 2
    EXPECT rdx, 4, 4
    EXPECT rsi, 5, 5
    EXPECT rdi, 6, 6
    EXPECT rbp, 7, 7
    EXPECT r8, 8, 8
    EXPECT r9, 9, 9
    EXPECT r10, 10, 10
    EXPECT r11, 11, 11
    EXPECT r12, 12, 12
    EXPECT r13, 13, 13
    EXPECT r14, 14, 14
    EXPECT r15, 15, 15
    xor eax, eax
.done:
    cld
    RESTORE
    ret
