/* pie.c -- a static PIE program (ET_DYN with no interpreter: linked from
 * musl's rcrt1.o, userland/CMakeLists.txt) that relocates itself at start
 * from the auxiliary vector, then uses what the relocations filled in:
 * tables of pointers to strings and functions in its data, a function
 * pointer passed to qsort. It prints only what is the same wherever it is
 * loaded, so its output matches the host's (tests/linux.cmake). */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

extern const Elf64_Ehdr __ehdr_start;   /* the linker's: the image's first byte */

static const char *const names[] = { "pear", "apple", "fig", "quince", "banana" };
static int counter = 41;
static int *const counter_at = &counter;   /* a pointer relocated at start */

static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static int (*const ops[])(int, int) = { add, mul };

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(void)
{
    uintptr_t base = (uintptr_t)&__ehdr_start;
    printf("type %s, no interpreter: AT_BASE %lu\n",
           __ehdr_start.e_type == ET_DYN ? "ET_DYN" : "other", getauxval(AT_BASE));
    printf("base page-aligned: %s, above the first page: %s\n",
           base % 4096 == 0 ? "yes" : "no", base >= 4096 ? "yes" : "no");
    printf("AT_ENTRY is base + e_entry: %s\n",
           getauxval(AT_ENTRY) == base + __ehdr_start.e_entry ? "yes" : "no");
    printf("AT_PHDR is base + e_phoff: %s\n",
           getauxval(AT_PHDR) == base + __ehdr_start.e_phoff ? "yes" : "no");
    printf("main at base + 0x%lx inside the image: %s\n", ((uintptr_t)main - base) % 4096,
           (uintptr_t)main > base && (uintptr_t)main - base < (1ul << 24) ? "yes" : "no");
    ++*counter_at;
    printf("counter through a relocated pointer: %d\n", counter);
    printf("ops: 6+7=%d 6*7=%d\n", ops[0](6, 7), ops[1](6, 7));
    const char *sorted[5];
    memcpy(sorted, names, sizeof(sorted));
    qsort(sorted, 5, sizeof(sorted[0]), by_name);
    for (int i = 0; i < 5; i++)
        printf("%s%s", sorted[i], i < 4 ? " " : "\n");
    char *heap = malloc(100000);
    snprintf(heap, 100000, "%.3f", 22.0 / 7.0);
    printf("malloc and printf: %s\n", heap);
    free(heap);
    return 0;
}
