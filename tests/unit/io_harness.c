/*
 * io_harness.c - what the inter-domain I/O host tests add to the stand-in
 * machine (machine.c): no hypervisor L2 slots or base-pointer loads to
 * watch, and the scheduler's wake-ups for a port counted.
 */
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include "io_harness.h"

unsigned int io_wakes;

void arch_fill_xen_l2_slots(pte_t *l2) { (void)l2; }
void arch_load_baseptr(struct vcpu *v) { (void)v; }
void vcpu_wake_for_port(struct vcpu *v, evtchn_port_t port) { io_wakes++; }
