/* allocator -- WeensyOS's p-allocator: grow the heap a page at a time until
 * memory runs out, then keep running. argv[1] is the copy's number (1..4):
 * copy n allocates on about n * 12% of its turns, so four copies grow at
 * visibly different speeds. */
#include "weensy.h"
#include "allocator.h"

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (n < 1)
        n = 1;
    allocator_run(n * 12 > 100 ? 100 : n * 12);
}
