; crt0.asm -- _start, where every user program begins.
;
; The kernel enters with the System V x86-64 process layout (rsp 16-byte
; aligned, docs/processes.md):
;
;   rsp ->  argc                 (8 bytes)
;           argv[0] .. argv[argc-1]
;           NULL
;           envp[0] .. envp[n-1]
;           NULL
;           auxv: (type, value) pairs, ending with AT_NULL
;           (the strings and AT_RANDOM's bytes, higher up)
;
; Register values other than rsp do not matter. _start keeps rsp for
; getauxval (__initial_sp) and envp in environ, makes the first thread's
; FS base (thread_init_main, lib/thread.c), calls main(argc, argv, envp),
; then exit(main's result), and never returns.

bits 64
default rel

section .text
global _start
extern main
extern thread_init_main
extern exit
extern environ
extern __initial_sp

_start:
    xor ebp, ebp                    ; outermost frame: backtraces stop here
    mov [rel __initial_sp], rsp
    and rsp, -16                    ; the ABI wants rsp % 16 == 0 at a call
    call thread_init_main           ; the FS base: errno and thread_self work
    mov rax, [rel __initial_sp]
    mov rdi, [rax]                  ; argc
    lea rsi, [rax + 8]              ; argv
    lea rdx, [rsi + rdi * 8 + 8]    ; envp: just past argv's NULL
    mov [rel environ], rdx
    call main
    mov edi, eax
    call exit
    ud2                             ; exit does not return
