/* random.h -- random bytes for the kernel (AT_RANDOM at exec, later stack
 * canaries and address-space layout). RDRAND where the CPU has it; else a
 * generator seeded from the TSC and stirred with it on every call. Neither
 * is a cryptographic promise: RDRAND is the CPU's, and the fallback only
 * makes values differ between boots and between calls. */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H
#include <stddef.h>
#include <stdbool.h>
void random_bytes(void *buf, size_t n);
bool random_has_rdrand(void);
#endif
