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
#include <public/errno.h>

typedef uint64_t paddr_t;
typedef uint32_t mfn_t;

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))

/* Errors are negative errno values, Xen's numbers (public/errno.h). */
#define EPERM       XEN_EPERM
#define ENOENT      XEN_ENOENT
#define ESRCH       XEN_ESRCH
#define EINTR       XEN_EINTR
#define EIO         XEN_EIO
#define E2BIG       XEN_E2BIG
#define EAGAIN      XEN_EAGAIN
#define ENOMEM      XEN_ENOMEM
#define EACCES      XEN_EACCES
#define EFAULT      XEN_EFAULT
#define EBUSY       XEN_EBUSY
#define EEXIST      XEN_EEXIST
#define EINVAL      XEN_EINVAL
#define ENOSPC      XEN_ENOSPC
#define ERANGE      XEN_ERANGE
#define ENOSYS      XEN_ENOSYS
#define ETIME       XEN_ETIME
#define EOVERFLOW   XEN_EOVERFLOW

#endif /* HV_TYPES_H */
