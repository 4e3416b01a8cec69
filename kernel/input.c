/* input.c -- one ring buffer for all console input. Producers are the
 * keyboard and serial IRQ handlers; consumers are read(0) and the memory
 * viewer's keys. When full, new characters are dropped (as a terminal
 * would beep), never old ones overwritten. */
#include "kernel/kernel.h"
#include "kernel/input.h"
#include "kernel/spinlock.h"

#define INPUT_SIZE 256

static struct spinlock input_lock = SPINLOCK_INIT("input");
static char buf[INPUT_SIZE];     /* [input_lock] */
static unsigned head, tail;      /* [input_lock] read at head, write at tail */
static bool (*key_hook)(char c);
static void (*waiter)(void);

void input_set_hook(bool (*hook)(char c)) { key_hook = hook; }
void input_set_waiter(void (*wake)(void)) { waiter = wake; }

void input_push(char c)
{
    if (c == '\r')
        c = '\n';
    if (key_hook && key_hook(c))
        return;
    spin_lock(&input_lock);
    if (tail - head < INPUT_SIZE)
        buf[tail++ % INPUT_SIZE] = c;
    spin_unlock(&input_lock);
    if (waiter)
        waiter();
}

int input_getc(void)
{
    int c = -1;
    spin_lock(&input_lock);
    if (head != tail)
        c = (unsigned char)buf[head++ % INPUT_SIZE];
    spin_unlock(&input_lock);
    return c;
}
