; swtch(struct context **old, struct context *new): save the callee-saved
; registers on the current stack, store that stack's context pointer in
; *old, then load `new` and return into it. Layout: struct context in
; proc/proc.h (r15 at the lowest address, rip = the return address).
global swtch

section .text
bits 64
swtch:
    push rbp
    push rbx
    push r12
    push r13
    push r14
    push r15
    mov [rdi], rsp
    mov rsp, rsi
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    ret
