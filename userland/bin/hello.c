/* hello -- print our pid and arguments. */
#include "weensy.h"

int main(int argc, char **argv)
{
    printf("hello from pid %d, argc=%d\n", getpid(), argc);
    for (int i = 0; i < argc; i++)
        printf("  argv[%d] = %s\n", i, argv[i]);
    return 0;
}
