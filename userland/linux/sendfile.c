/* sendfile -- sendfile(2) as Linux has it, each property printed so the
 * host's run and weensy's compare: with an offset (it moves, the file's
 * position stays), without (the position moves), into a pipe, a regular
 * file and /dev/null, at the end of the file, and the refusals (EBADF for
 * a file not open for reading, EINVAL for a pipe as the source and for an
 * O_APPEND destination). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

#define SRC "/tmp/weensy-sendfile.txt"
#define DST "/tmp/weensy-sendfile.copy"
#define SIZE 4100

static char data[SIZE], back[SIZE];

static const char *err_name(long r)
{
    return r >= 0 ? "ok" : errno == EBADF ? "EBADF" : errno == EINVAL ? "EINVAL" : "other";
}

int main(void)
{
    for (int i = 0; i < SIZE; i++)
        data[i] = "0123456789abcdef"[i % 16];
    int fd = open(SRC, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, data, SIZE) != SIZE) {
        perror(SRC);
        return 1;
    }
    lseek(fd, 0, SEEK_SET);
    int p[2];
    pipe(p);
    off_t off = 10;
    long n = sendfile(p[1], fd, &off, 20);
    long got = read(p[0], back, sizeof back);
    printf("offset: %ld bytes, offset now %ld, position still %ld, bytes right: %s\n", n, (long)off,
           (long)lseek(fd, 0, SEEK_CUR), got == 20 && !memcmp(back, data + 10, 20) ? "yes" : "no");
    n = sendfile(p[1], fd, NULL, 5);
    got = read(p[0], back, sizeof back);
    printf("no offset: %ld bytes, position now %ld, bytes right: %s\n", n, (long)lseek(fd, 0, SEEK_CUR),
           got == 5 && !memcmp(back, data, 5) ? "yes" : "no");
    int null = open("/dev/null", O_WRONLY);
    off = 0;
    printf("to /dev/null: %ld bytes\n", (long)sendfile(null, fd, &off, 1 << 20));
    int dst = open(DST, O_RDWR | O_CREAT | O_TRUNC, 0644);
    lseek(fd, 0, SEEK_SET);
    long total = 0;
    while ((n = sendfile(dst, fd, NULL, 1000)) > 0)
        total += n;
    lseek(dst, 0, SEEK_SET);
    got = read(dst, back, sizeof back);
    printf("to a file, 1000 at a time: %ld bytes, last call %ld, copy right: %s\n", total, n,
           got == SIZE && !memcmp(back, data, SIZE) ? "yes" : "no");
    off = SIZE;
    printf("at the end: %ld\n", (long)sendfile(null, fd, &off, 10));
    int wo = open(SRC, O_WRONLY);
    printf("source open for writing only: %s\n", err_name(sendfile(null, wo, NULL, 1)));
    printf("a pipe as the source: %s\n", err_name(sendfile(null, p[0], NULL, 1)));
    int app = open(DST, O_WRONLY | O_APPEND);
    printf("an O_APPEND destination: %s\n", err_name(sendfile(app, fd, NULL, 1)));
    unlink(SRC);
    unlink(DST);
    return 0;
}
