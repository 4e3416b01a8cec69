; syscall.asm -- the `syscall` instruction's entry point (MSR_LSTAR).
;
; The CPU arrives here in ring 0 with the user's rip in rcx and rflags in
; r11, interrupts off (SFMASK clears IF, TF, DF, AC, NT), but still on the
; user's stack and with the user's GS base. We switch to this CPU's kernel
; stack (struct cpu: gs:8 kstack_top, gs:16 scratch for the user rsp) and
; build the same struct trapframe as an interrupt (trapframe.h), so fork,
; exit, signals and the fault path see one shape.
;
; The error slot holds the call's number (Linux's orig_ax: a restart
; reads it, proc/sig_deliver.c).
;
; Return: by sysret when the saved rip is a user address below USER_TOP
; (sysret with a non-canonical rcx faults in ring 0 on Intel CPUs: never
; allow it) and the call did not replace the registers (execve,
; rt_sigreturn: their error slot is TF_NO_SYSCALL, trapframe.h); else by
; the interrupt path's iretq.

%include "arch/x86_64/trapframe.inc"

extern syscall_dispatch
extern trap_return
global syscall_entry

UDATA_SEL   equ 0x1b
UCODE_SEL   equ 0x23
TRAP_SYSCALL equ 0x100
USER_TOP    equ 0x00007ffffffff000
TF_ERROR    equ 128
TF_NO_SYSCALL equ -1
TF_RIP      equ 136
TF_CS       equ 144
TF_RFLAGS   equ 152
TF_RSP      equ 160

; The entry and syscall_dispatch share a page (.text.syscall, first in
; kernel.ld's .text): under TCG a direct call within a page is chained,
; one to another page is a lookup. Interrupts go on here, not in C: sti
; ends a translation block and the next one holds one instruction, so a
; call right after it costs nothing more (docs/performance.md).
section .text.syscall progbits alloc exec nowrite align=16
bits 64
syscall_entry:
    swapgs
    mov [gs:16], rsp             ; the user stack, until it is in the frame
    mov rsp, [gs:8]
    push qword UDATA_SEL         ; ss
    push qword [gs:16]           ; rsp
    push r11                     ; rflags
    push qword UCODE_SEL         ; cs
    push rcx                     ; rip
    push rax                     ; error: the call's number
    push qword TRAP_SYSCALL      ; vector
    TRAPFRAME_PUSH_GPRS
    xor ebp, ebp                 ; backtraces stop at the frame
    mov rdi, rsp
    sti                          ; handlers run with interrupts on
    call syscall_dispatch        ; result in tf->rax; returns with IF=0
    cmp qword [rsp + TF_ERROR], TF_NO_SYSCALL
    je .slow                     ; rt_sigreturn, execve: every register from the frame

    mov rcx, [rsp + TF_RIP]
    mov rax, USER_TOP
    cmp rcx, rax
    jae .slow
    cmp qword [rsp + TF_CS], UCODE_SEL
    jne .slow
    ; rbx and r12-r15 are the user's still: the C code kept them (callee-
    ; saved), and only rt_sigreturn and execve, which take .slow, change
    ; them in the frame (syscall.c). rbp was zeroed above.
    mov rax, [rsp + 0]
    mov rdx, [rsp + 24]
    mov rsi, [rsp + 32]
    mov rdi, [rsp + 40]
    mov rbp, [rsp + 48]
    mov r8,  [rsp + 56]
    mov r9,  [rsp + 64]
    mov r10, [rsp + 72]
    mov r11, [rsp + TF_RFLAGS]
    mov rsp, [rsp + TF_RSP]
    swapgs
    o64 sysret
.slow:
    jmp trap_return
