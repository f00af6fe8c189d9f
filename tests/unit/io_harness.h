/*
 * io_harness.h - see io_harness.c.
 */
#ifndef XENLAB_IO_HARNESS_H
#define XENLAB_IO_HARNESS_H

#include <stdint.h>

#define IO_MACHINE_FRAMES   4096            /* 16 MB */
#define IO_GUEST_BYTES      65536

#ifdef __cplusplus
extern "C" {
#endif

extern uint8_t io_machine[];
extern uint8_t io_guest[];
extern unsigned int io_flushes, io_wakes;

#ifdef __cplusplus
}
#endif

#endif
