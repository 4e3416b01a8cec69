; trap_catch(struct trap_catch *c): save the callee-saved registers, the
; stack pointer and the return address, arm the catcher, return 0.
; trap.c resumes here (through iretq) with rax = vector + 1 when a kernel
; exception is caught. Field offsets follow struct trap_catch in trap.h.
extern trap_catch_arm
global trap_catch

section .text
bits 64
trap_catch:
    mov [rdi + 0], rbx
    mov [rdi + 8], rbp
    mov [rdi + 16], r12
    mov [rdi + 24], r13
    mov [rdi + 32], r14
    mov [rdi + 40], r15
    lea rax, [rsp + 8]
    mov [rdi + 48], rax              ; rsp after our return
    mov rax, [rsp]
    mov [rdi + 56], rax              ; our return address
    jmp trap_catch_arm               ; tail call: arms it, returns 0
