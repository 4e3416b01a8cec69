/* assert.h -- assert(e): if e is false, print it with file and line on
 * stderr and abort(). Compiled out with -DNDEBUG. */
#ifndef USER_ASSERT_H
#define USER_ASSERT_H
#include <stdnoreturn.h>

noreturn void __assert_fail(const char *expr, const char *file, int line,
                            const char *func);

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) \
    ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
#endif
