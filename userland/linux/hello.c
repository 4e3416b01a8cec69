/* hello -- the smallest musl program: printf to stdout, exit 0.
 * (userland/linux: Linux programs built with musl-gcc, run unchanged on
 * weensy and on the host; tests/linux.cmake compares their output.) */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    printf("hello from musl: %d argument%s, argv[0] %s\n", argc - 1, argc == 2 ? "" : "s",
           argc > 0 ? "set" : "missing");
    return 0;
}
