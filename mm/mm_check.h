/* mm_check.h -- the memory system's self-check (WeensyOS's
 * check_virtual_memory, for real memory sizes).
 *
 * mm_check() recounts, from every page table and every registered holder,
 * the references to each physical page and compares them with the page
 * records; it also checks the isolation rules (docs/mm.md). On a mismatch
 * it panics naming the page, its record and who maps it. */
#ifndef MM_MM_CHECK_H
#define MM_MM_CHECK_H
#include <stdbool.h>

struct page;

void mm_check(const char *when);

/* Subsystems that hold page references outside page tables (the program
 * cache, shared-memory segments, ...) register a function that calls
 * mm_check_count() once per reference they hold. The name is one word
 * (memory dumps print it). */
void mm_check_add_holder(const char *name, void (*count)(void));
void mm_check_count(struct page *pg);

/* mm_check_visit_holders: run every holder's function, handing each
 * reference to visit(holder name, page) instead of counting it (memdump
 * prints them). Caller holds vmspace_list_lock. */
typedef void (*mm_holder_visit_fn)(const char *holder, struct page *pg);
void mm_check_visit_holders(mm_holder_visit_fn visit);

/* After each process event, when the command line has mm_check=always. */
void mm_check_event(const char *what);
/* mm_check_always: is mm_check=always on the command line? */
bool mm_check_always(void);
#endif
