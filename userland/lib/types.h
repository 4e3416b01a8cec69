/* types.h -- the integer types the file calls use (Linux's sizes on
 * x86-64, as in <sys/types.h>). */
#ifndef USER_TYPES_H
#define USER_TYPES_H
#include <stdint.h>

typedef int pid_t;
typedef long ssize_t;
typedef int64_t off_t;
typedef uint32_t mode_t;
typedef uint32_t uid_t;
typedef uint32_t gid_t;
typedef uint64_t ino_t;
typedef uint64_t dev_t;
#endif
