/* string.h -- the memory and string functions shared with the kernel
 * (lib/string.c is compiled into the user library as well), and strerror. */
#ifndef USER_STRING_H
#define USER_STRING_H
#include "lib/string.h"

/* strerror: Linux's text for error number e ("No such file or directory"). */
const char *strerror(int e);
#endif
