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

/* klog_hold / klog_release: keep printk_lock across several klog_printf
 * calls so a block of lines (the viewer's screen snapshot) reaches the log
 * whole, with no other CPU's line in the middle. Interrupts stay off
 * meanwhile, so keep the block short. */
void klog_hold(void) { spin_lock(&printk_lock); }
void klog_release(void) { spin_unlock(&printk_lock); }

/* klog_printf: like kprintf, but to the log outputs only (serial and the
 * debug port), never the screen. Inside klog_hold it adds to the block. */
void klog_printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(buf) - 1)
        n = sizeof(buf) - 1;
    bool locked = !spin_holding(&printk_lock);
    if (locked)
        spin_lock(&printk_lock);
    console_write_log(buf, n);
    if (locked)
        spin_unlock(&printk_lock);
}
