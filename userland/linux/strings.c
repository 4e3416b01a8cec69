/* strings -- qsort, bsearch and the string functions on data of a fixed
 * pseudo-random sequence, printed so that weensy's run and the host's can
 * be compared line by line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    static int v[5000];
    unsigned s = 7;
    for (int i = 0; i < 5000; i++)
        v[i] = (int)((s = s * 1103515245 + 12345) >> 8) % 100000;
    qsort(v, 5000, sizeof v[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < 5000; i++)
        sorted &= v[i - 1] <= v[i];
    int key = v[1234];
    int *hit = bsearch(&key, v, 5000, sizeof v[0], cmp_int);
    printf("qsort: 5000 ints sorted %s, min %d, max %d, bsearch %s\n", sorted ? "yes" : "no", v[0], v[4999],
           hit && *hit == key ? "found" : "missed");
    char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape" };
    qsort(words, 8, sizeof words[0], cmp_str);
    for (int i = 0; i < 8; i++)
        printf("%s%s", words[i], i < 7 ? " " : "\n");
    char buf[128];
    snprintf(buf, sizeof buf, "%s-%05d-%x-%-6s|", "weensy", 42, 0xbeef, "ok");
    printf("snprintf: %s (%zu chars)\n", buf, strlen(buf));
    char copy[128];
    strcpy(copy, buf);
    strcat(copy, "tail");
    printf("strcat: %s, strchr: %s, strrchr: %s, strstr: %s\n", copy, strchr(copy, '-'), strrchr(copy, '-'),
           strstr(copy, "beef"));
    char *tok, *save, line[] = "one, two,,three ,four";
    printf("strtok_r:");
    for (tok = strtok_r(line, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
        printf(" [%s]", tok);
    printf("\n");
    char up[32];
    size_t n = 0;
    for (const char *c = "Mixed Case 123"; *c; c++)
        up[n++] = (char)toupper((unsigned char)*c);
    up[n] = 0;
    printf("toupper: %s, strtol: %ld, strtoul hex: %lu, atoi: %d\n", up, strtol("-12345xyz", NULL, 10),
           strtoul("ff", NULL, 16), atoi("  77"));
    printf("memcmp: %d, strncmp: %d, memmem-like: %s\n", memcmp("abc", "abd", 3) < 0, strncmp("abc", "abd", 2),
           memchr("hello", 'l', 5) ? "yes" : "no");
    return 0;
}
