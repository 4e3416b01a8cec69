; regs.asm -- fputest's register work, in assembly so that no compiled
; code touches the registers between the steps being checked.

bits 64
default rel

section .text

%define SYS_SCHED_YIELD 24
%define SYS_FORK 57
%define SYS_EXIT_GROUP 231

; The frame every routine here uses (rsp 64-aligned): the 16 XMM registers
; as stored, then the upper halves of the YMM registers, then scratch.
%define F_XMM 0
%define F_YHI 256
%define F_X87 512
%define F_MXCSR 520
%define F_ROUND 528
%define F_SIZE 576

%macro enter_frame 0
    push rbx
    push r12
    push r13
    push r14
    push r15
    push rbp
    mov rbp, rsp
    sub rsp, F_SIZE
    and rsp, -64
%endmacro

%macro leave_frame 0
    mov rsp, rbp
    pop rbp
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
%endmacro

; load_xmm: xmm0-15 from [rbx]; with r15 not 0, the YMM upper halves from [r15].
%macro load_regs 0
%assign i 0
%rep 16
    movdqu xmm %+ i, [rbx + i * 16]
%assign i i + 1
%endrep
    test r15, r15
    jz %%no_avx
%assign i 0
%rep 16
    vinsertf128 ymm %+ i, ymm %+ i, [r15 + i * 16], 1
%assign i i + 1
%endrep
%%no_avx:
%endmacro

; check_regs: ZF set if xmm0-15 (and the upper halves) equal [rbx] ([r15]).
%macro check_regs 0
%assign i 0
%rep 16
    movdqu [rsp + F_XMM + i * 16], xmm %+ i
%assign i i + 1
%endrep
    lea rsi, [rsp + F_XMM]
    mov rdi, rbx
    mov ecx, 256
    repe cmpsb
    jne %%done
    test r15, r15
    jz %%done
%assign i 0
%rep 16
    vextractf128 [rsp + F_YHI + i * 16], ymm %+ i, 1
%assign i i + 1
%endrep
    lea rsi, [rsp + F_YHI]
    mov rdi, r15
    mov ecx, 256
    repe cmpsb
%%done:
%endmacro

; long fpu_hold(const void *xmm, uint64_t x87, uint32_t mxcsr, long rounds, const void *yhi)
; The registers get the values given (st0 the double whose bits are x87),
; then `rounds` times the thread yields its CPU (sched_yield) and checks
; every one. 0 if they all held; else the round (from 1) where one did not.
global fpu_hold
fpu_hold:
    enter_frame
    mov rbx, rdi
    mov r12, rsi
    mov r13d, edx
    mov r14, rcx
    mov r15, r8
    load_regs
    mov [rsp + F_X87], r12
    fld qword [rsp + F_X87]
    mov [rsp + F_MXCSR], r13d
    ldmxcsr [rsp + F_MXCSR]
    mov qword [rsp + F_ROUND], 0
.loop:
    cmp [rsp + F_ROUND], r14
    jae .held
    inc qword [rsp + F_ROUND]
    mov eax, SYS_SCHED_YIELD
    syscall
    check_regs
    jne .bad
    fst qword [rsp + F_X87]
    cmp [rsp + F_X87], r12
    jne .bad
    stmxcsr [rsp + F_MXCSR]
    cmp [rsp + F_MXCSR], r13d
    jne .bad
    jmp .loop
.held:
    xor eax, eax
    jmp .out
.bad:
    mov rax, [rsp + F_ROUND]
.out:
    fstp st0
    mov dword [rsp + F_MXCSR], 0x1f80
    ldmxcsr [rsp + F_MXCSR]
    test r15, r15
    jz .no_avx
    vzeroupper
.no_avx:
    leave_frame
    ret

; long fpu_fork_check(const void *xmm, uint32_t mxcsr, int *parent_ok)
; The registers and MXCSR get the values given, then fork: the child
; checks that it has them and ends (exit_group 0 if so, 1 if not); the
; parent checks its own (*parent_ok) and returns the child's pid.
global fpu_fork_check
fpu_fork_check:
    enter_frame
    mov rbx, rdi
    mov r13d, esi
    mov r12, rdx
    xor r15, r15
    load_regs
    mov [rsp + F_MXCSR], r13d
    ldmxcsr [rsp + F_MXCSR]
    mov eax, SYS_FORK
    syscall
    mov r14, rax
    check_regs
    setz dl
    stmxcsr [rsp + F_MXCSR]
    cmp [rsp + F_MXCSR], r13d
    setz al
    and al, dl
    test r14, r14
    jnz .parent
    movzx edi, al
    xor edi, 1                      ; 0 if everything held
    mov eax, SYS_EXIT_GROUP
    syscall
    ud2
.parent:
    movzx eax, al
    mov [r12], eax
    mov dword [rsp + F_MXCSR], 0x1f80
    ldmxcsr [rsp + F_MXCSR]
    mov rax, r14
    leave_frame
    ret

; void fpu_dirty(uint32_t mxcsr, uint16_t fcw): MXCSR and the x87 control
; word as given, xmm15 all ones (what exec must reset).
global fpu_dirty
fpu_dirty:
    sub rsp, 8
    mov [rsp], edi
    ldmxcsr [rsp]
    mov [rsp], si
    fldcw [rsp]
    pcmpeqd xmm15, xmm15
    add rsp, 8
    ret

; void fpu_state(uint32_t *mxcsr, uint16_t *fcw, void *xmm15)
global fpu_state
fpu_state:
    stmxcsr [rdi]
    fnstcw [rsi]
    movdqu [rdx], xmm15
    ret

; void fpu_trap_sse(void): divide by zero with the SIMD exception unmasked
; (#XM). void fpu_trap_x87(void): the same on the x87 (#MF at the fwait).
global fpu_trap_sse
fpu_trap_sse:
    sub rsp, 8
    mov dword [rsp], 0x1f80 & ~0x200
    ldmxcsr [rsp]
    mov eax, 1
    cvtsi2sd xmm0, eax
    xorpd xmm1, xmm1
    divsd xmm0, xmm1
    add rsp, 8
    ret

global fpu_trap_x87
fpu_trap_x87:
    sub rsp, 8
    mov word [rsp], 0x37f & ~0x4
    fldcw [rsp]
    fld1
    fldz
    fdivp st1, st0
    fwait
    add rsp, 8
    ret

; long fpu_touch_check(const void *xmm, const void *yhi, char *base, long pages)
; The registers get the values given (the YMM upper halves too, with yhi
; not 0), then the thread writes one byte to each of `pages` pages from
; base, each a page fault the kernel resolves by clearing or copying a
; page (a first touch, or a copy-on-write one), and checks every register.
; 0 if they all held, 1 if not.
global fpu_touch_check
fpu_touch_check:
    enter_frame
    mov rbx, rdi
    mov r15, rsi
    mov r12, rdx
    mov r13, rcx
    load_regs
.touch:
    test r13, r13
    jz .touched
    mov byte [r12], 0x5a
    add r12, 4096
    dec r13
    jmp .touch
.touched:
    check_regs
    setnz al
    movzx eax, al
    test r15, r15
    jz .no_avx
    vzeroupper
.no_avx:
    leave_frame
    ret
