/*
 * mm_harness.c - what the PV MMU's host tests add to the stand-in machine
 * (machine.c): the hypervisor's L2 slots marked so a test can see them
 * copied, CR3 loads and virqs counted (the event-channel code is not
 * linked here), and no grant mappings (grant_table.c is not linked
 * either; no frame here ever has grant_maps, so mm.c never calls it).
 */
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/mm.h>
#include "mm_harness.h"

unsigned int mm_baseptr_loads, mm_virqs;

void arch_fill_xen_l2_slots(pte_t *l2)
{
    for (unsigned int i = 428; i < 512; i++)
        l2[i] = MM_XEN_SLOT_MARK;
}

void arch_load_baseptr(struct vcpu *v) { mm_baseptr_loads++; }
void send_guest_virq(struct vcpu *v, unsigned int virq) { mm_virqs++; }
void gnttab_l1e_gone(domid_t mapper, paddr_t pte) {}
