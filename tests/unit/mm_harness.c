/*
 * mm_harness.c - the machine under the PV MMU's host tests.
 *
 * hv/arch/x86/mm.c and hv/common/memory.c compile as they are; this file
 * gives them 16 MB of "machine memory" (frames 0-4095; the low 1 MB is
 * not RAM), guest memory reached by copy_from_guest as plain offsets into
 * a separate buffer, and records what they ask of the hardware (flushes,
 * CR3 loads) for the tests to check.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <hv/tlb.h>
#include "mm_harness.h"

uint8_t mm_machine[MM_MACHINE_FRAMES * 4096] __attribute__((aligned(4096)));
uint8_t mm_guest[MM_GUEST_BYTES];
unsigned int mm_flushes, mm_baseptr_loads, mm_virqs;
enum trace_tlb_reason mm_last_flush;
uint8_t *host_directmap = mm_machine;      /* where __pa() counts from */
struct domain *domains[MAX_DOMAINS];
struct vcpu *current;

uint64_t arch_rdtsc(void) { static uint64_t t; return t += 10; }
unsigned int arch_cpu_id(void) { return 0; }
const void *arch_phys_to_virt(paddr_t pa, size_t len) { return NULL; }
void arch_exit(int code) { abort(); }

void *map_domain_page_slow(mfn_t mfn)
{
    if (mfn >= MM_MACHINE_FRAMES)
        abort();                    /* mm.c must never map a frame it has not checked */
    return mm_machine + (size_t)mfn * 4096;
}

void unmap_domain_page_slow(const void *va) { (void)va; }

void arch_fill_xen_l2_slots(pte_t *l2)
{
    for (unsigned int i = 428; i < 512; i++)
        l2[i] = MM_XEN_SLOT_MARK;
}

void arch_map_m2p(mfn_t first, unsigned int nr) { (void)first; (void)nr; }
void arch_load_baseptr(struct vcpu *v) { mm_baseptr_loads++; }
int arch_set_ldt(struct vcpu *v, uint32_t va, uint32_t ents) { return 0; }
int validate_desc_page(mfn_t mfn) { return 0; }

bool tlb_maybe_stale;

void tlb_flush(enum trace_tlb_reason r, enum trace_tlb_scope s, uint32_t va,
               uint16_t dom)
{
    mm_flushes++;
    mm_last_flush = r;
    if (s != TLB_SCOPE_PAGE)
        tlb_maybe_stale = false;
}

void send_guest_virq(struct vcpu *v, unsigned int virq) { mm_virqs++; }
void printk(const char *fmt, ...) { (void)fmt; }
void panic(const char *fmt, ...) { abort(); }

struct domain *domain_lookup(domid_t id)
{
    if (id == DOMID_SELF)
        return current ? current->domain : NULL;
    return id < MAX_DOMAINS ? domains[id] : NULL;
}

bool guest_range_ok(uint32_t va, size_t len)
{
    return len <= MM_GUEST_BYTES && va <= MM_GUEST_BYTES - len;
}

int copy_from_guest(void *to, uint32_t va, size_t len)
{
    if (!guest_range_ok(va, len))
        return -EFAULT;
    memcpy(to, mm_guest + va, len);
    return 0;
}

int copy_to_guest(uint32_t va, const void *from, size_t len)
{
    if (!guest_range_ok(va, len))
        return -EFAULT;
    memcpy(mm_guest + va, from, len);
    return 0;
}
