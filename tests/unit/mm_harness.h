/*
 * mm_harness.h - see mm_harness.c (and machine.h for the machine).
 */
#ifndef XENLAB_MM_HARNESS_H
#define XENLAB_MM_HARNESS_H

#include "machine.h"

#define MM_XEN_SLOT_MARK    0x5a5a5a5a5a5a5000ull

#ifdef __cplusplus
extern "C" {
#endif

extern unsigned int mm_baseptr_loads, mm_virqs;

#ifdef __cplusplus
}
#endif

#endif
