/* cmdline.h -- the kernel command line: space-separated key=value options
 * (a bare word is a key with value ""). Everything after a "--" word is
 * not for the kernel: it is the argument list of the first program. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H
#include <stdbool.h>
#include <stdint.h>
void cmdline_init(const char *s);
const char *cmdline_get(const char *key);     /* NULL when absent */
bool cmdline_has(const char *key);
long cmdline_get_long(const char *key, long dflt);
/* cmdline_get_size: a byte count with an optional K/M/G suffix; 0 if absent
 * or malformed. */
uint64_t cmdline_get_size(const char *key);
/* cmdline_parse_size: the same for a string (a part of a value). */
uint64_t cmdline_parse_size(const char *v);
int cmdline_init_args(const char **argv, int max);  /* words after "--" */
#endif
