/* strerror.c -- error numbers in words, Linux's texts (see string.h). */
#include "string.h"
#include "errno.h"

static const char *const texts[] = {
    [0] = "Success",
    [EPERM] = "Operation not permitted", [ENOENT] = "No such file or directory",
    [ESRCH] = "No such process", [EINTR] = "Interrupted system call",
    [EIO] = "Input/output error", [E2BIG] = "Argument list too long",
    [ENOEXEC] = "Exec format error", [EBADF] = "Bad file descriptor",
    [ECHILD] = "No child processes", [EAGAIN] = "Resource temporarily unavailable",
    [ENOMEM] = "Cannot allocate memory", [EACCES] = "Permission denied",
    [EFAULT] = "Bad address", [EBUSY] = "Device or resource busy", [EEXIST] = "File exists",
    [ENODEV] = "No such device", [ENOTDIR] = "Not a directory", [EISDIR] = "Is a directory",
    [EINVAL] = "Invalid argument", [ENFILE] = "Too many open files in system",
    [EMFILE] = "Too many open files", [ENOTTY] = "Inappropriate ioctl for device",
    [ENOSPC] = "No space left on device", [ESPIPE] = "Illegal seek",
    [ERANGE] = "Numerical result out of range", [ENAMETOOLONG] = "File name too long",
    [ENOSYS] = "Function not implemented", [EIDRM] = "Identifier removed",
    [EOVERFLOW] = "Value too large for defined data type",
    [ETIMEDOUT] = "Connection timed out", [ENXIO] = "No such device or address",
    [EXDEV] = "Invalid cross-device link", [ETXTBSY] = "Text file busy",
    [EFBIG] = "File too large", [EROFS] = "Read-only file system", [EMLINK] = "Too many links",
    [EPIPE] = "Broken pipe", [ENOTEMPTY] = "Directory not empty",
    [ELOOP] = "Too many levels of symbolic links",
};

const char *strerror(int e)
{
    if (e >= 0 && e < (int)(sizeof texts / sizeof texts[0]) && texts[e])
        return texts[e];
    return "Unknown error";
}
