/*
 * xenlab.h - what xenlab adds to Xen's ABI, and the contract between the
 * hypervisor and the launcher that boots it.
 *
 * Everything here uses numbers that real Xen leaves free, so a kernel built
 * for Xen never meets them by accident.
 */
#ifndef XENLAB_PUBLIC_XENLAB_H
#define XENLAB_PUBLIC_XENLAB_H

/*
 * How the hypervisor ends a run. Under QEMU it writes XENLAB_EXIT_BASE +
 * code to the isa-debug-exit device (port XENLAB_EXIT_PORT); QEMU then
 * exits with status (value << 1) | 1, i.e. 65, 67 or 69, which the
 * launcher maps back. The base keeps these apart from QEMU's own failure
 * status (1). On a real PC the hypervisor prints the verdict and halts.
 */
#define XENLAB_EXIT_PORT 0xf4
#define XENLAB_EXIT_BASE 0x20

enum hv_exit_code {
    HV_EXIT_SUCCESS = 0,        /* every domain powered off cleanly */
    HV_EXIT_DOMAIN_FAILED = 1,  /* a domain crashed or reported failure */
    HV_EXIT_PANIC = 2,          /* the hypervisor itself broke */
};

#endif /* XENLAB_PUBLIC_XENLAB_H */
