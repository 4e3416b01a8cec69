/* printk.c -- the kernel log: kprintf formats a message and hands it to
 * every output at once, and to the ring kept in memory (kernel/kmsg.h),
 * under printk_lock so lines from several CPUs do not interleave. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "kernel/kmsg.h"
#include "kernel/console/console.h"

static struct spinlock printk_lock = SPINLOCK_INIT("printk");

void vkprintf(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n > (int)sizeof(buf) - 1)
        n = sizeof(buf) - 1;
    /* A panic on a CPU that holds the lock must still print, and so must
     * every CPU once a panic stops the machine (a stopped CPU may hold it). */
    bool locked = !spin_holding(&printk_lock) && !panic_stopping();
    if (locked)
        spin_lock(&printk_lock);
    console_write(buf, n);
    kmsg_append(buf, n);               /* the copy dmesg and F2 show */
    if (locked)
        spin_unlock(&printk_lock);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
}

/* klog_lock/klog_unlock: hold the log across many lines (a memory dump),
 * so no other CPU's line lands among them. kprintf and klog_printf on the
 * holding CPU still print: they see the lock is theirs. */
void klog_lock(void)
{
    spin_lock(&printk_lock);
}

void klog_unlock(void)
{
    spin_unlock(&printk_lock);
}

/* klog_printf: like kprintf, but to the serial and debug ports only. A
 * line that would continue someone's unfinished line (a process's printf
 * without its newline yet) starts on a fresh line, so a parser reading
 * the log sees it whole. */
void klog_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(buf) - 1)
        n = sizeof(buf) - 1;
    bool locked = !spin_holding(&printk_lock);
    if (locked)
        spin_lock(&printk_lock);
    if (!console_at_line_start())
        console_write_log("\n", 1);
    console_write_log(buf, n);
    if (locked)
        spin_unlock(&printk_lock);
}

/* klog_write: raw bytes (a process's output) to the same outputs, whole. */
void klog_write(const char *s, size_t n)
{
    spin_lock(&printk_lock);
    console_write(s, n);
    spin_unlock(&printk_lock);
}
