/* kernel.h -- basic helpers every kernel file uses: printing, panic, assert. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include "lib/string.h"
#include "lib/fmt.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __unused __attribute__((unused))
#define __must_check __attribute__((warn_unused_result))

/* kprintf: the kernel log. Goes to COM1, to the screen console (unless the
 * memory viewer owns it) and, under QEMU, to the debug port 0xE9. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vkprintf(const char *fmt, va_list ap);
void klog_write(const char *s, size_t n);
/* klog_printf: the log's serial and debug ports only (not the screen),
 * starting on a fresh line; klog_lock/unlock keep a run of lines together
 * (lock order: docs/locking.md). */
void klog_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void klog_lock(void);
void klog_unlock(void);

/* panic: print the message, where it came from and a backtrace; stop. */
noreturn void panic_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)
/* panic_set_note: a function a panic calls after its backtrace, to say
 * more (proc/ says which process was running and what it asked for). */
void panic_set_note(void (*note)(void));
/* panic_init: let a panic stop the other CPUs (its NMI hook). */
void panic_init(void);
/* panic_stopping: a panic has begun stopping the machine. From then on
 * the log and the screen take no locks: a stopped CPU may hold them
 * forever, and the CPUs print one at a time anyway. */
bool panic_stopping(void);

#define assert(x)                                                              \
    do {                                                                       \
        if (unlikely(!(x)))                                                    \
            panic_at(__FILE__, __LINE__, "assertion failed: %s", #x);          \
    } while (0)

/* assert_op: like assert, but prints both values (as Chickadee's assert_eq). */
#define assert_op(a, op, b)                                                    \
    do {                                                                       \
        uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                       \
        if (unlikely(!(a_ op b_)))                                             \
            panic_at(__FILE__, __LINE__, "assertion failed: %s %s %s "         \
                     "(0x%lx %s 0x%lx)", #a, #op, #b, a_, #op, b_);            \
    } while (0)
#define assert_eq(a, b) assert_op(a, ==, b)
#define assert_ne(a, b) assert_op(a, !=, b)
#define assert_lt(a, b) assert_op(a, <, b)
#define assert_le(a, b) assert_op(a, <=, b)
#endif
