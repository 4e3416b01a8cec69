/* shm.h -- System V shared memory, libc style (Linux's <sys/shm.h> names
 * and values). weensy's segments: at most 32, each at most 16 MiB; pages
 * appear on first touch; a segment goes away when no area maps it any more,
 * provided it was attached once or marked IPC_RMID (docs/vm.md).
 */
#ifndef USER_SHM_H
#define USER_SHM_H
#include <stddef.h>

#define IPC_PRIVATE 0
#define IPC_RMID    0
#define IPC_CREAT   01000
#define IPC_EXCL    02000
#define SHM_RDONLY  010000

typedef long key_t;

/* shmget: the segment's id (key IPC_PRIVATE: always a new one), or -1. */
int shmget(key_t key, size_t size, int flags);
/* shmat: the address it is attached at, or (void *)-1 and errno. */
void *shmat(int id, const void *addr, int flags);
int shmdt(const void *addr);
/* shmctl: only IPC_RMID; buf is ignored. */
int shmctl(int id, int cmd, void *buf);
#endif
