/* devmem.h -- /dev/null, /dev/zero and /dev/full (fs/devmem.c). */
#ifndef FS_DEVMEM_H
#define FS_DEVMEM_H
void devmem_init(void);
#endif
