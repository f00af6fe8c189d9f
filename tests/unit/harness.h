/*
 * harness.h - the pretend machine under the hypervisor's common code.
 *
 * Host unit tests compile the files of hv/common as they are, with HV_HOST_TEST
 * defined; the few things they ask of the architecture (hv/include/hv/
 * arch.h) come from harness.c: a TSC that counts calls, and a small
 * "physical memory" the tests fill in.
 */
#ifndef XENLAB_TEST_HARNESS_H
#define XENLAB_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HARNESS_PHYS_SIZE (1u << 20)

/* Physical addresses [0, HARNESS_PHYS_SIZE) are backed by this. */
extern uint8_t harness_phys[HARNESS_PHYS_SIZE];

/* Physical addresses at or above this are "outside the direct map". */
extern uint64_t harness_phys_limit;

/* Exit code of the last arch_exit() (it longjmps back to the test). */
extern int harness_exit_code;

/* The last balloon target set through memory_set_target (-1: none). */
extern int harness_target_dom;
extern uint32_t harness_target_pages;

/* Everything printk() wrote since the last harness_reset(). */
extern char harness_console[4096];

void harness_reset(void);

#ifdef __cplusplus
}
#endif

#endif
