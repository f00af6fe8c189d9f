/*
 * mm_harness.h - see mm_harness.c.
 */
#ifndef XENLAB_MM_HARNESS_H
#define XENLAB_MM_HARNESS_H

#include <stdint.h>
#include <public/trace.h>

#define MM_MACHINE_FRAMES   4096            /* 16 MB */
#define MM_GUEST_BYTES      65536
#define MM_XEN_SLOT_MARK    0x5a5a5a5a5a5a5000ull

#ifdef __cplusplus
extern "C" {
#endif

extern uint8_t mm_machine[];
extern uint8_t mm_guest[];
extern unsigned int mm_flushes, mm_baseptr_loads, mm_virqs;
extern enum trace_tlb_reason mm_last_flush;

#ifdef __cplusplus
}
#endif

#endif
