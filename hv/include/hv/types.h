/*
 * types.h - the few types every hypervisor file shares.
 *
 * Physical addresses are 64-bit (PAE reaches beyond 4 GB); a frame number
 * (mfn) is a physical address shifted right by PAGE_SHIFT. Host unit tests
 * compile the same code on x86-64, so nothing here assumes 32-bit pointers.
 */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;
typedef uint32_t mfn_t;

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))

/* Errors are negative errno values, with Xen's (Linux's) numbers. */
#define EPERM    1
#define ENOENT   2
#define ESRCH    3
#define EINTR    4
#define EIO      5
#define E2BIG    7
#define EAGAIN  11
#define ENOMEM  12
#define EACCES  13
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define EINVAL  22
#define ENOSPC  28
#define ERANGE  34
#define ENOSYS  38
#define EOVERFLOW 75

#endif /* HV_TYPES_H */
