/* weensy.h -- the whole user library in one include. */
#ifndef USER_WEENSY_H
#define USER_WEENSY_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "assert.h"
#include "ctype.h"
#include "auxv.h"
#include "errno.h"
#include "mman.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "unistd.h"
#include "sched.h"
#include "shm.h"
#include "termios.h"
#include "thread.h"
#include "futex.h"
#include "time.h"
#endif
