/* mm.h -- bring up the memory system. */
#ifndef MM_MM_H
#define MM_MM_H
void mm_init(void);
#endif
