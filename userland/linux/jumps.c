/* jumps -- setjmp and longjmp across nested calls, the values that
 * survive, and sigsetjmp's mask flag. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth;

static void dive(int n)
{
    depth = n;
    if (n >= 10)
        longjmp(env, n * 7);
    if (n < 100)
        dive(n + 1);
}

int main(void)
{
    volatile int rounds = 0;
    int r = setjmp(env);
    if (r == 0)
        dive(0);
    rounds++;
    printf("longjmp from depth %d returned %d (round %d)\n", depth, r, rounds);
    if (rounds < 3)
        longjmp(env, 0);   /* 0 becomes 1 */
    sigjmp_buf senv;
    volatile int again = 0;
    if (sigsetjmp(senv, 1) == 0 || !again) {
        again = 1;
        siglongjmp(senv, 5);
    }
    printf("sigsetjmp/siglongjmp: back, done\n");
    return 0;
}
