/* keys.h -- single-key commands for the kernel (the WeensyOS keys: a/f/e
 * switch workloads, q powers off, and the viewer's and dump's keys).
 *
 * While key commands are on (keys_enable), a key that has a command is
 * taken by the kernel and never reaches a process's read(0); every other
 * key is queued as input. Commands run in the interrupt handler that
 * received the key, so they must be short: set a flag, or do a bounded
 * amount of work with no sleeping.
 */
#ifndef KERNEL_KEYS_H
#define KERNEL_KEYS_H
#include <stdbool.h>
typedef void (*key_fn)(char key);
/* keys_register: run fn when key arrives; help is a few words for a list. */
void keys_register(char key, key_fn fn, const char *help);
void keys_enable(bool on);
bool keys_enabled(void);
/* keys_help: "a allocators, f fork, ..." for a status line; "" when none. */
const char *keys_help(void);

/* Function keys F1..F12: the keyboard drivers call keys_function(n) for a
 * press of Fn; the command registered for it runs (as n), whether key
 * commands are on or not. F2 shows the kernel log (kernel/kmsg.h). */
#define KEYS_FUNCTION_MAX 12
void keys_register_function(int n, key_fn fn);
void keys_function(int n);
/* keys_grab: send every key to fn (a full-screen pager), until
 * keys_grab(NULL); function keys still go to their commands. */
void keys_grab(key_fn fn);
#endif
