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

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef MIN
#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))
#endif

/* Errors are negative errno values, Xen's numbers (public/errno.h); they
 * are also Linux's, so host builds may already have them. */
#ifndef EPERM
#define EPERM       XEN_EPERM
#endif
#ifndef ENOENT
#define ENOENT      XEN_ENOENT
#endif
#ifndef ESRCH
#define ESRCH       XEN_ESRCH
#endif
#ifndef EINTR
#define EINTR       XEN_EINTR
#endif
#ifndef EIO
#define EIO         XEN_EIO
#endif
#ifndef E2BIG
#define E2BIG       XEN_E2BIG
#endif
#ifndef EAGAIN
#define EAGAIN      XEN_EAGAIN
#endif
#ifndef ENOMEM
#define ENOMEM      XEN_ENOMEM
#endif
#ifndef EACCES
#define EACCES      XEN_EACCES
#endif
#ifndef EFAULT
#define EFAULT      XEN_EFAULT
#endif
#ifndef EBUSY
#define EBUSY       XEN_EBUSY
#endif
#ifndef ENODEV
#define ENODEV      XEN_ENODEV
#endif
#ifndef EEXIST
#define EEXIST      XEN_EEXIST
#endif
#ifndef EINVAL
#define EINVAL      XEN_EINVAL
#endif
#ifndef ENOSPC
#define ENOSPC      XEN_ENOSPC
#endif
#ifndef ERANGE
#define ERANGE      XEN_ERANGE
#endif
#ifndef ENOSYS
#define ENOSYS      XEN_ENOSYS
#endif
#ifndef ETIME
#define ETIME       XEN_ETIME
#endif
#ifndef EOVERFLOW
#define EOVERFLOW   XEN_EOVERFLOW
#endif
/* The hypervisor's own: "this hypercall continues" (hypercall.h). Xen's
 * value; it never reaches a guest. */
#ifndef ERESTART
#define ERESTART    85
#endif

#endif /* HV_TYPES_H */
