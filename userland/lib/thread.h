/* thread.h -- threads for user programs: a small pthreads.
 *
 * A thread is made by clone with what pthread_create passes
 * (CLONE_THREAD_FLAGS: include/weensy/thread.h); it runs fn(arg) on a
 * stack of its own, mmap'd with a guard page below it, and shares
 * everything else with the other threads of the process. Its struct
 * thread sits at the top of that mapping and its FS base points at it:
 * %fs:0 is the struct's own address, so each thread finds itself (and its
 * errno) without a system call. crt0 makes the first thread's.
 *
 * thread_join waits on the tid word the kernel clears (and futex-wakes)
 * when the thread ends (CLONE_CHILD_CLEARTID), then frees its stack.
 * Every thread must be joined exactly once; exit() ends them all.
 */
#ifndef USER_THREAD_H
#define USER_THREAD_H
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

struct thread {
    struct thread *self;        /* %fs:0 */
    int err;                    /* this thread's errno */
    volatile int tid;           /* its tid; 0 once it has ended (the kernel writes it) */
    void *(*fn)(void *);
    void *arg;
    void *result;               /* what fn returned, or thread_exit's value */
    void *map;                  /* its stack mapping (NULL: the first thread) */
    size_t map_len;
    uintptr_t local[4];         /* free for the program: %fs:THREAD_LOCAL_OFFSET... */
};
#define THREAD_LOCAL_OFFSET 56  /* offsetof(struct thread, local), for %fs:N */

typedef struct thread *thread_t;

#define THREAD_STACK_DEFAULT (64 * 1024)

/* thread_create: a new thread running fn(arg) with a stack of stack_size
 * bytes (0: THREAD_STACK_DEFAULT); NULL and errno (EAGAIN no process
 * slot, ENOMEM) on failure. */
thread_t thread_create(void *(*fn)(void *), void *arg, size_t stack_size);
/* thread_join: wait until t has ended, store its result in *result (if
 * result is not NULL), free its stack. 0, or -1 and errno (EINVAL: t is
 * the caller, or NULL). */
int thread_join(thread_t t, void **result);
/* thread_self: the calling thread (through %fs). */
thread_t thread_self(void);
/* thread_exit: end the calling thread only, with result for its joiner. */
noreturn void thread_exit(void *result);
/* gettid: the calling thread's id (getpid is the process's). */
int gettid(void);

/* thread_init_main: crt0 calls it before main: the first thread's
 * struct thread and FS base. */
void thread_init_main(void);
/* thread_clone_raw: clone(flags, stack, ptid, ctid, tls) whose child
 * calls fn(arg) on stack, which must not return. The child's tid, or
 * -errno. */
long thread_clone_raw(unsigned long flags, void *stack, volatile int *ptid, volatile int *ctid,
                      void *tls, void (*fn)(void *), void *arg);
#endif
