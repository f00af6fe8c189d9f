/*
 * errno.h - the error numbers hypercalls return, negated (Xen's values,
 * which are Linux's): a hypercall result of -XEN_EFAULT means a bad
 * pointer, whatever the guest's own OS calls it.
 */
#ifndef XENLAB_PUBLIC_ERRNO_H
#define XENLAB_PUBLIC_ERRNO_H

#define XEN_EPERM        1  /* not allowed */
#define XEN_ENOENT       2  /* no such entry */
#define XEN_ESRCH        3  /* no such domain */
#define XEN_EINTR        4
#define XEN_EIO          5
#define XEN_E2BIG        7
#define XEN_EAGAIN      11
#define XEN_ENOMEM      12
#define XEN_EACCES      13
#define XEN_EFAULT      14  /* a bad guest address */
#define XEN_EBUSY       16  /* in use (e.g. a frame with another type) */
#define XEN_ENODEV      19  /* no such device (e.g. no SVM for an HVM guest) */
#define XEN_EEXIST      17
#define XEN_EINVAL      22  /* a bad argument */
#define XEN_ENOSPC      28
#define XEN_ERANGE      34
#define XEN_ENOSYS      38  /* no such operation */
#define XEN_ETIME       62  /* a deadline already passed */
#define XEN_EOVERFLOW   75

#endif /* XENLAB_PUBLIC_ERRNO_H */
