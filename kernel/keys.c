/* keys.c -- the kernel's single-key commands (see keys.h). */
#include "kernel/kernel.h"
#include "kernel/keys.h"
#include "kernel/input.h"

#define KEYS_MAX 24

static struct { char key; key_fn fn; const char *help; } keys[KEYS_MAX];
static int nkeys;
static volatile bool keys_on;
static char help_text[160];

static bool keys_hook(char c)
{
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
