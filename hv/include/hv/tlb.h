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

/* The hypervisor's own address space: on entry from and exit to a guest.
 * hv_own_space is the mode, hv_in_own_space where this CPU is. */
extern bool hv_own_space;
extern bool hv_in_own_space;
void hv_space_enter(void);
void hv_space_leave(void);

/* Bench: n native page-table updates (store + invlpg); TSC ticks taken. */
uint32_t paging_native_pte_bench(uint32_t n);

#endif /* HV_TLB_H */
