; oomfork.asm -- fork_exit_reap for the forkoom test (page_alloc.c).
;
; long fork_exit_reap(void)
;   fork; the child exits with status 0 at once; the parent reaps it with
;   wait4(pid, NULL, 0, NULL) and returns wait4's result (the child's pid),
;   or fork's -errno. Between fork and the reaping, neither side writes to
;   memory: every private page is then shared copy-on-write, and with
;   memory exhausted the first writer would be killed (docs/vm.md). (ret
;   only reads the stack.)

bits 64
default rel

section .text

global fork_exit_reap
fork_exit_reap:
    mov eax, 57             ; fork
    syscall
    test rax, rax
    js .done                ; -errno
    jz .child
    mov rdi, rax            ; wait4(pid, NULL, 0, NULL)
    xor esi, esi
    xor edx, edx
    xor r10d, r10d
    mov eax, 61
    syscall
.done:
    ret
.child:
    mov eax, 60             ; exit(0)
    xor edi, edi
    syscall
    ud2
