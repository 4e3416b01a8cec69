; vectors.asm -- one small stub per interrupt vector, and the common path
; that saves the registers as a struct trapframe (trapframe.h) and calls
; trap(tf). Vectors where the CPU pushes no error code get a 0, so every
; frame has the same shape.

%include "arch/x86_64/trapframe.inc"

extern trap
global trap_vectors
global trap_return

TF_CS equ 144

%macro VECTOR 1
align 16
vector_%1:
%if (%1 == 8) || (%1 >= 10 && %1 <= 14) || (%1 == 17) || (%1 == 21) || (%1 == 29) || (%1 == 30)
    push qword %1                ; error code already on the stack
%else
    push qword 0
    push qword %1
%endif
    jmp trap_common
%endmacro

section .text
bits 64
%assign i 0
%rep 256
VECTOR i
%assign i i+1
%endrep

; Every stub leaves the same stack: [vector][error][rip][cs][rflags][rsp][ss]
; (for vectors with an error code the CPU pushed the error, the stub the
; vector; for the rest the stub pushed a 0 and the vector).
trap_common:
    TRAPFRAME_PUSH_GPRS
    test byte [rsp + TF_CS], 3
    jz .from_kernel
    swapgs
.from_kernel:
    pushfq                       ; user code may have left RFLAGS.AC set,
    and qword [rsp], ~(1 << 18)  ; which would switch SMAP off in here
    popfq
    cld
    mov rdi, rsp
    call trap
trap_return:
    ; trap() may come back with interrupts on (a page fault it resolved
    ; turned them on). After swapgs the user's GS base is loaded: an
    ; interrupt there would look like one from the kernel, skip swapgs and
    ; run the kernel on the user's GS base (mycpu() reads address 0). iretq
    ; restores the interrupted IF from the frame.
    cli
    test byte [rsp + TF_CS], 3
    jz .to_kernel
    swapgs
.to_kernel:
    TRAPFRAME_POP_GPRS
    add rsp, 16                  ; vector and error code
    iretq

section .rodata
align 8
trap_vectors:
%assign i 0
%rep 256
    dq vector_ %+ i
%assign i i+1
%endrep

; trap_return_to(struct trapframe *tf): leave the kernel through the frame
; at tf (a new process's first return to user mode).
global trap_return_to
section .text
trap_return_to:
    mov rsp, rdi
    jmp trap_return
