/*
 * tlb.h - flushing the TLB, always with a reason.
 *
 * The TLB caches page-table walks; when a mapping changes, stale entries
 * must go. Every flush the hypervisor does goes through tlb_flush(), which
 * records why (enum trace_tlb_reason) and how much (enum trace_tlb_scope)
 * in the trace and in the per-domain counters lesson 05 shows.
 */
#ifndef HV_TLB_H
#define HV_TLB_H

#include <public/trace.h>
#include "types.h"

/* Flush and trace. va matters for TLB_SCOPE_PAGE; dom is who caused it. */
void tlb_flush(enum trace_tlb_reason reason, enum trace_tlb_scope scope,
               uint32_t va, uint16_t dom);

/* Count and trace a flush that already happened (a CR3 load). */
void tlb_note(enum trace_tlb_reason reason, enum trace_tlb_scope scope,
              uint32_t va, uint16_t dom);

/*
 * Stale translations. mmu_update and update_va_mapping without a flush
 * flag leave flushing to the guest, as Xen does: the guest knows which
 * addresses it changed and when it will use them again. The hypervisor
 * flushes only for its own rules. A translation it removed may live on
 * in the TLB, and must not outlive the frame's role: a stale writable
 * mapping of a frame that has since become a page table, a GDT page, or
 * another domain's memory would undo every check. So removing a present
 * entry sets tlb_maybe_stale, every full flush clears it, and before a
 * frame takes a page-table or descriptor type or leaves its owner,
 * tlb_flush_stale() flushes if it is set (reason TLB_STALE).
 */
extern bool tlb_maybe_stale;

static inline void tlb_flush_stale(uint16_t dom)
{
    if (tlb_maybe_stale)
        tlb_flush(TLB_STALE, TLB_SCOPE_LOCAL, 0, dom);
}

/* The hypervisor's own address space: on entry from and exit to a guest.
 * hv_own_space is the mode, hv_in_own_space where this CPU is. */
extern bool hv_own_space;
extern bool hv_in_own_space;
void hv_space_enter(void);
void hv_space_leave(void);

/* Bench: n native page-table updates, each a store and an invlpg, or with
 * batch > 0 stores only and a full flush every batch; TSC ticks taken. */
uint32_t paging_native_pte_bench(uint32_t n, uint32_t batch);

#endif /* HV_TLB_H */
