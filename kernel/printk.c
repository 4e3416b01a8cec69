/* printk.c -- the kernel log: kprintf formats a message and hands it to
 * every output at once, under printk_lock so lines from several CPUs do not
 * interleave. */
#include "kernel/kernel.h"
#include "kernel/spinlock.h"
#include "kernel/console/console.h"

static struct spinlock printk_lock = SPINLOCK_INIT("printk");

void vkprintf(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n > (int)sizeof(buf) - 1)
        n = sizeof(buf) - 1;
    /* A panic on a CPU that holds the lock must still print. */
    bool locked = !spin_holding(&printk_lock);
    if (locked)
        spin_lock(&printk_lock);
    console_write(buf, n);
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

/* klog_write: raw bytes (a process's output) to the same outputs, whole. */
void klog_write(const char *s, size_t n)
{
    spin_lock(&printk_lock);
    console_write(s, n);
    spin_unlock(&printk_lock);
}
