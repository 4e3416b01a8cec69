/* keys.c -- the kernel's single-key commands (see keys.h). */
#include "kernel/kernel.h"
#include "kernel/keys.h"
#include "kernel/input.h"

#define KEYS_MAX 24

static struct { char key; key_fn fn; const char *help; } keys[KEYS_MAX];
static int nkeys;
static volatile bool keys_on;
static char help_text[160];
static key_fn fkeys[KEYS_FUNCTION_MAX + 1];   /* F1..F12, set at boot */
static key_fn grab;                           /* [atomic] takes every key while set */

static bool keys_hook(char c)
{
    key_fn g = __atomic_load_n(&grab, __ATOMIC_ACQUIRE);
    if (g) {
        g(c);
        return true;
    }
    if (!keys_on)
        return false;
    for (int i = 0; i < nkeys; i++) {
        if (keys[i].key == c) {
            keys[i].fn(c);
            return true;
        }
    }
    return false;
}

/* Registration happens at boot, before processes run; the table only
 * grows, and an entry is complete before the count that publishes it. */
void keys_register(char key, key_fn fn, const char *help)
{
    assert(nkeys < KEYS_MAX);
    for (int i = 0; i < nkeys; i++)
        assert(keys[i].key != key);
    keys[nkeys].key = key;
    keys[nkeys].fn = fn;
    keys[nkeys++].help = help;
    size_t len = strlen(help_text);
    snprintf(help_text + len, sizeof(help_text) - len, "%s%c %s", len ? ", " : "", key, help);
    input_set_hook(keys_hook);
}

void keys_enable(bool on) { keys_on = on; }
bool keys_enabled(void) { return keys_on; }
const char *keys_help(void) { return help_text; }

/* Function keys are the kernel's whether or not key commands are on:
 * none of them types a character a program reads (docs/console.md). */
void keys_register_function(int n, key_fn fn)
{
    assert(n >= 1 && n <= KEYS_FUNCTION_MAX && !fkeys[n]);
    fkeys[n] = fn;
    input_set_hook(keys_hook);
}

void keys_function(int n)
{
    if (n >= 1 && n <= KEYS_FUNCTION_MAX && fkeys[n])
        fkeys[n]((char)n);
}

void keys_grab(key_fn fn) { __atomic_store_n(&grab, fn, __ATOMIC_RELEASE); }
