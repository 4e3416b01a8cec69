/* fork -- WeensyOS's p-fork: one process forks into four, and each becomes
 * an allocator with its own speed. The code pages of all four are the same
 * physical pages; their data, heap and stack pages are each their own. */
#include "weensy.h"
#include "allocator.h"

int main(void)
{
    int copy = 1;
    for (int i = 2; i <= 4; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            printf("fork: fork failed (errno %d)\n", errno);
            break;
        }
        if (pid == 0) {
            copy = i;
            break;
        }
    }
    allocator_run(copy * 12);
}
