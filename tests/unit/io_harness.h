/*
 * io_harness.h - see io_harness.c (and machine.h for the machine).
 */
#ifndef XENLAB_IO_HARNESS_H
#define XENLAB_IO_HARNESS_H

#include "machine.h"

#ifdef __cplusplus
extern "C" {
#endif

extern unsigned int io_wakes;

#ifdef __cplusplus
}
#endif

#endif
