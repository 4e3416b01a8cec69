/* memdump.h -- a machine-readable dump of the memory state: every page
 * record (run-length encoded), process, address space, page-table page,
 * user mapping and held reference, as "memdump: " lines on the serial and
 * debug ports. scripts/memdump-check checks dumps on the host; the format
 * and the rules are in docs/memdump.md.
 *
 * Triggers: the mem_dump system call, the key 'm' (while key commands are
 * on), and every N ticks with memdump=N on the command line.
 */
#ifndef MM_MEMDUMP_H
#define MM_MEMDUMP_H
#include <stdbool.h>

struct proc;

/* memdump: write one whole dump now; why is one word ("syscall", "key",
 * "timer"). The caller holds no spinlock and has the other CPUs paused
 * (kernel/pause.h). The dump is consistent at any such moment because the
 * kernel allocates and frees every page under the lock that makes it
 * reachable (docs/mm.md), the dump takes those locks, and no other CPU
 * moves between its passes. */
void memdump(const char *why);

/* memdump_request: dump at the next timer tick (safe from interrupt
 * handlers: only sets a flag). */
void memdump_request(const char *why);

/* memdump_init: the key 'm', the memdump=N timer, and keys on with "keys"
 * on the command line. Called once from kmain, after every other key's
 * registration. */
void memdump_init(void);
#endif
