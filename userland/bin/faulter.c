/* faulter -- commit one kind of fault, named by argv[1], so tests can check
 * that the kernel kills the process (and only the process):
 *
 *   null         read address 0                          #PF, not present
 *   kernel       read 0xffffffff80100000 (kernel image)  #PF, supervisor page
 *   write-code   write to main's own code                #PF, read-only page
 *   jump-kernel  jump to 0xffffffff80100000              #PF on fetch
 *   ud           ud2                                     #UD
 *   gp           read a non-canonical address            #GP
 *   div          divide by zero                          #DE
 *
 * Prints "faulter: NAME" first. If it is still alive afterwards it says so
 * and exits with 1; an unknown name prints usage and exits with 2. */
#include "weensy.h"

#define KERNEL_ADDR       0xffffffff80100000UL
#define NONCANONICAL_ADDR 0x0000800000000000UL   /* just past the user half */

/* opaque: hide a constant address from the optimizer, so it cannot reason
 * about (or delete) the access. */
static uintptr_t opaque(uintptr_t addr)
{
    __asm__ volatile("" : "+r"(addr));
    return addr;
}

static int read_at(uintptr_t addr)
{
    return *(volatile unsigned char *)opaque(addr);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    volatile int one = 1, zero = 0;  /* both volatile, or clang folds 1/x */
    int got = 0;

    printf("faulter: %s\n", what);
    if (strcmp(what, "null") == 0)
        got = read_at(0);
    else if (strcmp(what, "kernel") == 0)
        got = read_at(KERNEL_ADDR);
    else if (strcmp(what, "write-code") == 0)
        *(volatile unsigned char *)opaque((uintptr_t)&main) = 0xcc;
    else if (strcmp(what, "jump-kernel") == 0)
        ((void (*)(void))opaque(KERNEL_ADDR))();
    else if (strcmp(what, "ud") == 0)
        __asm__ volatile("ud2");
    else if (strcmp(what, "gp") == 0)
        got = read_at(NONCANONICAL_ADDR);
    else if (strcmp(what, "div") == 0)
        got = one / zero;
    else {
        printf("usage: faulter null|kernel|write-code|jump-kernel|ud|gp|div\n");
        return 2;
    }
    printf("faulter: survived %s (got %d)\n", what, got);
    return 1;
}
