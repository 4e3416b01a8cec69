/* threads -- pthread_create and pthread_join, a mutex and a condition
 * variable: four threads add their part of 1..400000 into a shared sum
 * under the mutex, the last one wakes the main thread. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define N 400000L

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static long sum;
static int finished;

static void *work(void *arg)
{
    long part = (long)arg, local = 0;
    for (long k = part * (N / THREADS) + 1; k <= (part + 1) * (N / THREADS); k++)
        local += k;
    pthread_mutex_lock(&lock);
    sum += local;
    if (++finished == THREADS)
        pthread_cond_signal(&done);
    pthread_mutex_unlock(&lock);
    return (void *)(part * 10);
}

int main(void)
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, work, (void *)i) != 0)
            return 2;
    pthread_mutex_lock(&lock);
    while (finished < THREADS)
        pthread_cond_wait(&done, &lock);
    pthread_mutex_unlock(&lock);
    long rets = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        rets += (long)r;
    }
    printf("threads: %d threads summed 1..%ld to %ld (want %ld); their results add to %ld\n", THREADS, N, sum,
           N * (N + 1) / 2, rets);
    return 0;
}
