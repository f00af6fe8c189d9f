/*
 * guest_access.h - reading and writing guest memory, safely.
 *
 * Hypercall arguments are often pointers into the guest. The hypervisor
 * runs on the guest's page tables, so it can follow them directly, but a
 * guest may pass anything: an unmapped address, the hypervisor's own
 * memory, a page it may only read. These functions refuse addresses at or
 * above HYPERVISOR_VIRT_START and survive faults (an exception-table
 * fixup turns the fault into a short count), so a bad pointer costs the
 * guest -EFAULT and nothing more. Writes honour read-only mappings
 * (CR0.WP), so a guest cannot make the hypervisor write to its page
 * tables for it.
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include "types.h"

/* Is [va, va + len) entirely below the hypervisor's slice? */
bool guest_range_ok(uint32_t va, size_t len);

/* 0, or -EFAULT if any byte could not be copied. */
int copy_from_guest(void *to, uint32_t guest_va, size_t len);
int copy_to_guest(uint32_t guest_va, const void *from, size_t len);

#endif /* HV_GUEST_ACCESS_H */
