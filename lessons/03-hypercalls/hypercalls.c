/*
 * hypercalls.c - lesson 03: the guest knows it runs on a hypervisor.
 *
 * A paravirtual kernel does not pretend to own the machine. When it needs
 * something only ring 0 can do, it makes a hypercall: the system call of
 * a kernel to its hypervisor. This guest looks at its hypercall page (the
 * stubs the domain builder wrote into it), then makes a few hypercalls of
 * each kind, including one the hypervisor does not have and one with a
 * pointer it must refuse.
 */
#include "guest/libguest.h"

#define LESSON 3
#define UNKNOWN_HYPERCALL 50           /* __HYPERVISOR_arch_2: not on x86 */

static void show_stub(const char *name, unsigned int nr)
{
    const uint8_t *p = (const uint8_t *)hypercall_page + nr * 32;

    printf("  %-14s hypercall_page+%4u: %02x %02x %02x %02x %02x %02x %02x %02x"
           "   mov $%u,%%eax; int $0x82; ret\n", name, nr * 32, p[0], p[1],
           p[2], p[3], p[4], p[5], p[6], p[7], nr);
}

void guest_main(void)
{
    struct xen_platform_parameters pp;
    char extra[16];
    long v, rc;

    guest_checkpoint(LESSON, 1);
    printf("Step 1: the hypercall page, filled in by the domain builder\n");
    show_stub("console_io", __HYPERVISOR_console_io);
    show_stub("sched_op", __HYPERVISOR_sched_op);
    show_stub("xen_version", __HYPERVISOR_xen_version);

    guest_checkpoint(LESSON, 2);
    v = HYPERVISOR_xen_version(XENVER_version, NULL);
    HYPERVISOR_xen_version(XENVER_extraversion, extra);
    HYPERVISOR_xen_version(XENVER_platform_parameters, &pp);
    printf("Step 2: xen_version says %ld.%ld%s; the hypervisor starts at %08lx\n",
           v >> 16, v & 0xffff, extra, pp.virt_start);

    guest_checkpoint(LESSON, 3);
    rc = HYPERVISOR_console_io(CONSOLEIO_write, 25, "Step 3: console_io write\n");
    printf("  console_io returned %ld (bytes written)\n", rc);

    guest_checkpoint(LESSON, 4);
    rc = HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    printf("Step 4: sched_op yield returned %ld: the scheduler ran, and chose us "
           "again\n", rc);

    guest_checkpoint(LESSON, 5);
    rc = _hypercall2(UNKNOWN_HYPERCALL, 1, 2);
    printf("Step 5: hypercall %u returned %ld (-ENOSYS: no such hypercall)\n",
           UNKNOWN_HYPERCALL, rc);
    if (rc != -38)
        guest_exit(RESULT_FAILURE, "unknown hypercall returned %ld", rc);

    guest_checkpoint(LESSON, 6);
    rc = HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)0xf8100000);
    printf("Step 6: console_io with a pointer into the hypervisor returned %ld "
           "(-EFAULT)\n", rc);
    if (rc != -14)
        guest_exit(RESULT_FAILURE, "hypervisor pointer gave %ld", rc);
    rc = HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)0x1000);
    printf("  and with an unmapped pointer: %ld\n", rc);
    if (rc != -14)
        guest_exit(RESULT_FAILURE, "unmapped pointer gave %ld", rc);

    guest_checkpoint(LESSON, 7);
    guest_exit(RESULT_SUCCESS, "lesson 3 done");
}
