/* string.h -- the memory and string functions shared with the kernel
 * (lib/string.c is compiled into the user library as well). */
#ifndef USER_STRING_H
#define USER_STRING_H
#include "lib/string.h"
#endif
