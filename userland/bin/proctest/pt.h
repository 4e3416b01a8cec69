/* pt.h -- what the parts of proctest share (main.c says what it tests). */
#ifndef PROCTEST_PT_H
#define PROCTEST_PT_H
#include "weensy.h"
#include "testrun.h"
#include "include/weensy/fs.h"

#define PAGE 4096UL
#define TEXT_MAX (64 * 1024)

/* Where files are read to: static, so that reading changes none of our
 * own areas (test_maps and test_pieces count on it). */
extern char text[TEXT_MAX];
extern char text2[TEXT_MAX];

long open_ro(const char *path);
/* read_fd: the rest of fd, chunk bytes per read, into buf (NUL-ended);
 * the length. read_file: all of path so. */
long read_fd(long fd, char *buf, size_t size, size_t chunk);
long read_file(const char *path, char *buf, size_t chunk);
/* find_line: the line of s that starts with prefix, or NULL. */
const char *find_line(const char *s, const char *prefix);
/* dir_has: does directory path list name (getdents64, a small buffer so
 * that it takes several calls)? Checks "." and ".." are there too. */
bool dir_has(const char *path, const char *name);

/* files.c: the files' formats and the reads */
void test_meminfo(void);
void test_maps(void);
void test_mapfile(void);
void test_pieces(void);
void test_offsets(void);
void test_errors(void);
void test_machine(void);
void test_show(void);
/* procs.c: processes and threads */
void test_child(void);
void test_zombie(void);
void test_threads(void);
void test_cmdline(void);
void test_list(void);
#endif
