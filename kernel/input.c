/* input.c -- console input's way in (see input.h). */
#include "kernel/kernel.h"
#include "kernel/input.h"
#include "kernel/spinlock.h"

#define INPUT_SIZE 256

/* input_lock guards the ring and the stalled producer. The hook and the
 * sink are set once, at boot, before the characters they take arrive. */
static struct spinlock input_lock = SPINLOCK_INIT("input");
static char buf[INPUT_SIZE];     /* [input_lock] read at head, write at tail */
static unsigned head, tail;      /* [input_lock] */
static void (*stalled)(void);    /* [input_lock] a producer waiting for room */
static bool (*key_hook)(char c);
static bool (*sink)(char c);
static bool (*sink_room)(void);

void input_set_hook(bool (*hook)(char c)) { key_hook = hook; }

void input_set_sink(bool (*to)(char c), bool (*room)(void))
{
    sink_room = room;
    sink = to;
}

bool input_push(char c)
{
    if (key_hook && key_hook(c))
        return true;
    if (sink)
        return sink(c);
    if (c == '\r')
        c = '\n';
    spin_lock(&input_lock);
    bool fits = tail - head < INPUT_SIZE;
    if (fits)
        buf[tail++ % INPUT_SIZE] = c;
    spin_unlock(&input_lock);
    return fits;
}

int input_getc(void)
{
    int c = -1;
    spin_lock(&input_lock);
    if (head != tail)
        c = (unsigned char)buf[head++ % INPUT_SIZE];
    spin_unlock(&input_lock);
    if (c >= 0)
        input_room_made();
    return c;
}

/* Caller holds input_lock; the sink's own lock comes after it. */
static bool input_room_locked(void)
{
    assert(spin_holding(&input_lock));
    return sink ? sink_room() : tail - head < INPUT_SIZE;
}

bool input_room(void)
{
    spin_lock(&input_lock);
    bool room = input_room_locked();
    spin_unlock(&input_lock);
    return room;
}

/* The check and the registration happen under input_lock, and so does
 * input_room_made's take-over, after the consumer made its room: room
 * made in between is never missed. */
void input_stall(void (*resume)(void))
{
    spin_lock(&input_lock);
    bool room = input_room_locked();
    if (!room)
        stalled = resume;
    spin_unlock(&input_lock);
    if (room)
        resume();
}

void input_room_made(void)
{
    spin_lock(&input_lock);
    void (*resume)(void) = stalled;
    stalled = 0;
    spin_unlock(&input_lock);
    if (resume)
        resume();
}
