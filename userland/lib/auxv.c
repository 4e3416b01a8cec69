/* auxv.c -- reading the start-up stack (see auxv.h). */
#include "auxv.h"
#include "errno.h"

unsigned long *__initial_sp;

unsigned long getauxval(unsigned long type)
{
    unsigned long *p = __initial_sp;
    if (!p)
        goto none;
    p += 1 + p[0] + 1;           /* argc, argv[], NULL */
    while (*p)                   /* envp[] */
        p++;
    for (p++; p[0] != AT_NULL; p += 2)
        if (p[0] == type)
            return p[1];
none:
    errno = ENOENT;
    return 0;
}
