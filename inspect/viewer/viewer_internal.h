/* viewer_internal.h -- the pieces of the memory viewer and what they share.
 *
 *   viewer.c           state (off / shown / hidden), start and stop, keys,
 *                      the tick that drives everything, the fault note
 *   viewer_cells.c     symbols and colours: who owns a page, how it looks
 *   viewer_procs.c     the live processes, and which one the virtual map shows
 *   viewer_virt.c      one process's mapped rows, from its page table
 *   viewer_draw.c      the layout and one frame: headers, maps, status line
 *   viewer_snapshot.c  the screen as text on the serial log
 *
 * Everything here runs under viewer_lock (viewer.c), mostly from the
 * timer tick, so the static buffers below have one user at a time.
 */
#ifndef KERNEL_VIEWER_VIEWER_INTERNAL_H
#define KERNEL_VIEWER_VIEWER_INTERNAL_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "kernel/console/screen.h"
#include "proc/proc.h"

#define VIEWER_ROW_PAGES 64          /* cells per map row, one per 4 KiB page */
#define VIEWER_ROW_BYTES (VIEWER_ROW_PAGES * 4096UL)   /* 256 KiB a row */
#define VIEWER_MAX_COLS SCREEN_MAX_COLS   /* rows are as many as the screen has */
#define VIEWER_VIRT_LABEL 15         /* "0x7ffffffc0000 " */
#define VIEWER_NOTE_MAX 120
#define VIEWER_CYCLE_TICKS 50        /* next process every 0.5 s unless pinned */
#define VIEWER_VIRT_MIN_ROWS 6       /* rows kept for the virtual map */

/* ---- viewer_cells.c ---- */
struct page;
char viewer_pid_symbol(int pid);
uint8_t viewer_pid_color(int pid);
/* viewer_page_cell: the cell for a physical page, in reverse video when
 * `reverse` (the physical map passes viewer_page_is_user, the virtual map
 * the PTE's U bit). NULL (no record) is a blank. */
uint16_t viewer_page_cell(const struct page *pg, bool reverse);
bool viewer_page_is_user(const struct page *pg);
uint16_t viewer_swapped_cell(void);

/* ---- viewer_procs.c ---- */
struct viewer_proc {
    int pid;                           /* the process (thread group) */
    int nthreads;                      /* its threads that have memory */
    char name[PROC_NAME_MAX];
};
struct viewer_procs {
    int n;                             /* sorted by pid */
    struct viewer_proc p[NPROC];
};
/* viewer_procs_collect: the processes that have memory (not embryos, not
 * zombies), one entry for all the threads of one (they share one address
 * space, whose id is the process's). false if a process lock was busy
 * (skip the frame). */
bool viewer_procs_collect(struct viewer_procs *ps);
const struct viewer_proc *viewer_procs_find(const struct viewer_procs *ps, int pid);
/* viewer_procs_next: the first process with a pid above `pid`, wrapping
 * round; NULL when there are none. */
const struct viewer_proc *viewer_procs_next(const struct viewer_procs *ps, int pid);

/* ---- viewer_virt.c ---- */
struct viewer_vrow {
    uintptr_t base;                    /* first address of the row */
    uint16_t cell[VIEWER_ROW_PAGES];
};
/* viewer_virt_collect: up to max rows of pid's user half that hold a
 * mapping, in address order; *more says rows were left out. Returns the
 * number of rows, 0 if pid has no address space, -1 if a lock was busy. */
int viewer_virt_collect(int pid, struct viewer_vrow *const *rows, int max, bool *more);

/* ---- viewer_draw.c ---- */
/* What the user chose and what the frame shows: [viewer_lock]. */
struct viewer_view {
    size_t phys_top;                   /* first physical row in the window */
    int pid;                           /* the virtual map's process, 0: none */
    bool pinned;
    bool advance;                      /* move to the next process now ('n') */
    uint64_t pid_since;                /* tick the pid was chosen (cycling) */
    char note[VIEWER_NOTE_MAX];        /* last fault message, "" if none */
};
struct viewer_layout {
    int cols, rows;
    size_t phys_total;                 /* rows that all of memory needs */
    int phys_rows;                     /* rows in the window */
    int virt_y, virt_rows;             /* the virtual map's first row, count */
};
/* viewer_draw_init: room for the virtual map's rows, as many as the
 * screen has (at boot: a frame allocates nothing). */
void viewer_draw_init(void);
void viewer_layout(struct viewer_layout *lay);
/* viewer_phys_step: move the window by `dir` screenfuls, kept in range. */
void viewer_phys_step(struct viewer_view *v, int dir);
/* viewer_draw: draw one whole frame (unchanged cells cost only a compare).
 * false if a lock was busy: nothing was drawn. */
bool viewer_draw(struct viewer_view *v, uint64_t now);

/* ---- viewer_snapshot.c ---- */
void viewer_snapshot(void);
#endif
