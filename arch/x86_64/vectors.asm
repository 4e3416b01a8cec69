; vectors.asm -- one small stub per interrupt vector, and the common path
; that saves the registers as a struct trapframe (trapframe.h) and calls
; trap(tf). Vectors where the CPU pushes no error code get a 0, so every
; frame has the same shape.

%include "arch/x86_64/trapframe.inc"

extern trap
global trap_vectors
global trap_return

TF_CS equ 144
MSR_GS_BASE equ 0xc0000101

; NMI (2), double fault (8) and machine check (18) take the paranoid path.
%macro VECTOR 1
align 16
vector_%1:
%if (%1 == 8) || (%1 >= 10 && %1 <= 14) || (%1 == 17) || (%1 == 21) || (%1 == 29) || (%1 == 30)
    push qword %1                ; error code already on the stack
%else
    push qword 0
    push qword %1
%endif
%if (%1 == 2) || (%1 == 8) || (%1 == 18)
    jmp trap_paranoid
%else
    jmp trap_common
%endif
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
    test dword [rsp], 1 << 18    ; which would switch SMAP off in here;
    jz .ac_clear                 ; popfq only then: under TCG it ends the
    and qword [rsp], ~(1 << 18)  ; translation block, a cost on every
    popfq                        ; page fault (docs/performance.md)
    jmp .flags_done
.ac_clear:
    add rsp, 8
.flags_done:
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

; trap_paranoid: the entry for NMIs, double faults and machine checks,
; which can arrive at any instruction: between `syscall` and its swapgs,
; or between the swapgs before `sysret` and the sysret, where CS is the
; kernel's but GS is still (or already) the user's. The saved CS cannot
; tell; the GS base itself can: the kernel's is a kernel-half address (bit
; 63 set), a user's never is. So swapgs if and only if GS is the user's
; now, and undo exactly that on the way out (rbx, callee-saved, remembers).
trap_paranoid:
    TRAPFRAME_PUSH_GPRS
    mov ecx, MSR_GS_BASE
    rdmsr                        ; edx:eax = this CPU's GS base
    xor ebx, ebx
    test edx, edx
    js .kernel_gs
    swapgs
    mov ebx, 1
.kernel_gs:
    pushfq                       ; as in trap_common: AC off, forward strings
    and qword [rsp], ~(1 << 18)
    popfq
    cld
    mov rdi, rsp
    call trap
    cli
    test ebx, ebx
    jz .keep_gs
    swapgs
.keep_gs:
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
