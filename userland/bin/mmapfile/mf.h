/* mf.h -- what mmapfile's files share (main.c says what it tests): checks
 * on libc-style results, the test files and their byte pattern, helpers
 * for processes, and the tests themselves. */
#ifndef MMAPFILE_MF_H
#define MMAPFILE_MF_H
#include "weensy.h"
#include "testrun.h"

#define PG 4096
#define RW (PROT_READ | PROT_WRITE)
#define HELLO "/bin/hello"

/* ---- checks on libc-style results (util.c) -------------------------------- */
#define OK(e) ok_(__FILE__, __LINE__, #e, (errno = 0, (long)(e)))
#define ERR(e, E) err_(__FILE__, __LINE__, #e, (errno = 0, (long)(e)), (E))
#define MAP(len, prot, flags, fd, off) map_(__FILE__, __LINE__, (len), (prot), (flags), (fd), (off))
#define ERRMAP(len, prot, flags, fd, off, E) \
    err_(__FILE__, __LINE__, "mmap", (errno = 0, mmap(0, (len), (prot), (flags), (fd), (off)) == MAP_FAILED ? -1L : 0L), (E))
long ok_(const char *file, int line, const char *expr, long v);
void err_(const char *file, int line, const char *expr, long v, int want);
uint8_t *map_(const char *file, int line, size_t len, int prot, int flags, int fd, long off);

/* ---- files (util.c) ---------------------------------------------------------- */
/* pat: the byte at offset i of a file made with seed s: never 0, so the
 * zeros past the end of a file cannot pass for its bytes. */
uint8_t pat(size_t i, unsigned s);
/* mf_create: path, n bytes of pattern s; an O_RDWR descriptor. */
int mf_create(const char *path, size_t n, unsigned s);
int byte_at(int fd, size_t off);
void put_byte(int fd, size_t off, uint8_t b);
/* expect_pat: bytes [from, to) of a mapping are pattern s. */
void expect_pat(const volatile uint8_t *m, size_t from, size_t to, unsigned s);

/* ---- processes (util.c) ------------------------------------------------------ */
/* expect_bus: an access to *p kills a child with SIGBUS. */
void expect_bus(volatile uint8_t *p, int write);
/* spawn: run /bin/mmapfile with these arguments in a new process; its exit status. */
int spawn(char *const argv[]);
/* turn: a shared anonymous word for parent and child to take turns
 * (made by main.c's child_setup); await: wait until it is v. */
extern volatile int *turn;
void await(int v);

/* ---- the tests ------------------------------------------------------------------ */
void test_private(void);           /* share.c */
void test_shared(void);
void test_initrd(void);
int peer_main(char **argv);
int samephys_main(char **argv);
void test_sigbus(void);            /* edges.c */
void test_errors(void);
void test_around(void);            /* pages.c */
void test_leak(void);
void test_truncate(void);          /* truncate.c */
void test_truncate_fork(void);
#endif
