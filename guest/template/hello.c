/*
 * hello.c - the smallest xenlab guest: a template for new ones.
 *
 * Copy this directory, rename the kernel in BUILD, and write your
 * guest_main(). libguest has already set up the stack, the trap table,
 * events and shared_info; returning from guest_main powers the domain off.
 */
#include "guest/libguest.h"

void guest_main(void)
{
    char caps[1024];

    HYPERVISOR_xen_version(XENVER_capabilities, caps);
    printf("hello from ring %u, on %s (Xen %ld.%ld)\n", current_ring(), caps,
           HYPERVISOR_xen_version(XENVER_version, NULL) >> 16,
           HYPERVISOR_xen_version(XENVER_version, NULL) & 0xffff);
    printf("I have %lu pages; shared_info is machine frame %lx\n",
           start_info->nr_pages, start_info->shared_info >> 12);
    guest_exit(RESULT_SUCCESS, "hello");
}
