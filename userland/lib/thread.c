/* thread.c -- threads (see thread.h): creating, joining, finding oneself. */
#include "thread.h"
#include "futex.h"
#include "errno.h"
#include "mman.h"
#include "string.h"
#include "syscall.h"
#include "include/weensy/thread.h"

_Static_assert(__builtin_offsetof(struct thread, local) == THREAD_LOCAL_OFFSET, "thread.h");

#define PAGE 4096UL

static struct thread first_thread;

/* The clone trampoline. The child cannot return through C: it is on a
 * new stack, with none of the parent's frames. So fn and arg are put on
 * that stack before the call, and the child pops them and calls fn. The
 * 7th argument (arg) is on the caller's stack; the 4th goes in r10 for
 * the kernel (rcx is the C convention's, and syscall overwrites it). */
__asm__(".text\n"
        ".globl thread_clone_raw\n"
        ".type thread_clone_raw, @function\n"
        "thread_clone_raw:\n"
        "    movq 8(%rsp), %rax\n"
        "    subq $16, %rsi\n"
        "    movq %r9, (%rsi)\n"
        "    movq %rax, 8(%rsi)\n"
        "    movq %rcx, %r10\n"
        "    movl $56, %eax\n"
        "    syscall\n"
        "    testq %rax, %rax\n"
        "    jnz 1f\n"
        "    xorl %ebp, %ebp\n"      /* the child's outermost frame */
        "    popq %rax\n"
        "    popq %rdi\n"
        "    callq *%rax\n"
        "    ud2\n"
        "1:  ret\n"
        ".size thread_clone_raw, . - thread_clone_raw\n");

thread_t thread_self(void)
{
    struct thread *t;
    __asm__("movq %%fs:0, %0" : "=r"(t));
    return t;
}

int *__errno_location(void)
{
    return &thread_self()->err;
}

int gettid(void)
{
    return (int)sys_gettid();
}

void thread_init_main(void)
{
    first_thread.self = &first_thread;
    first_thread.tid = (int)sys_gettid();
    sys_arch_prctl(ARCH_SET_FS, (long)&first_thread);
}

noreturn void thread_exit(void *result)
{
    thread_self()->result = result;
    for (;;)
        sys_exit(0);             /* this thread only; exit() ends them all */
}

static void thread_main(void *arg)
{
    struct thread *t = arg;
    thread_exit(t->fn(t->arg));
}

thread_t thread_create(void *(*fn)(void *), void *arg, size_t stack_size)
{
    if (stack_size == 0)
        stack_size = THREAD_STACK_DEFAULT;
    if (stack_size > (1UL << 30)) {
        errno = ENOMEM;
        return 0;
    }
    size_t len = ((stack_size + sizeof(struct thread) + PAGE - 1) & ~(PAGE - 1)) + PAGE;
    char *map = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return 0;
    if (mprotect(map, PAGE, PROT_NONE) < 0) {   /* the guard page: an overflow faults */
        munmap(map, len);
        return 0;
    }
    struct thread *t = (struct thread *)((uintptr_t)(map + len - sizeof(struct thread)) & ~63UL);
    memset(t, 0, sizeof(*t));
    t->self = t;
    t->fn = fn;
    t->arg = arg;
    t->map = map;
    t->map_len = len;
    void *stack = (void *)((uintptr_t)t & ~15UL);
    long tid = thread_clone_raw(CLONE_THREAD_FLAGS, stack, &t->tid, &t->tid, t, thread_main, t);
    if (tid < 0) {
        munmap(map, len);
        errno = (int)-tid;
        return 0;
    }
    return t;
}

int thread_join(thread_t t, void **result)
{
    if (!t || t == thread_self()) {
        errno = EINVAL;
        return -1;
    }
    for (;;) {
        int tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE);
        if (tid == 0)
            break;
        futex_wait(&t->tid, tid, 0);   /* EAGAIN: it changed; look again */
    }
    if (result)
        *result = t->result;
    munmap(t->map, t->map_len);
    return 0;
}
