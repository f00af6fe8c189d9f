/*
 * lesson.h - checkpoints: a lesson moves one idea at a time.
 *
 * A lesson guest stops at each checkpoint until the student presses the
 * key for "next" in hvviz (which sends "advance" on the trace line). With
 * lesson_auto on the command line (unattended checks) checkpoints pass at
 * once; with autoplay=SECS they pass SECS seconds after they open. Each
 * wait and release is traced (TRC_XL_LESSON_CHECKPOINT).
 */
#ifndef HV_LESSON_H
#define HV_LESSON_H

#include "types.h"

/* Read the lesson options from the hypervisor's command line. */
void lesson_init(const char *cmdline);

/*
 * Domain `dom` reached `step` of `lesson`. Returns true if it may carry
 * on now (automatic mode), false if it must wait until lesson_waiting()
 * turns false.
 */
bool lesson_checkpoint(uint16_t dom, uint32_t lesson, uint32_t step);

/* Is a checkpoint still waiting for the student? */
bool lesson_waiting(void);

/* The student moved on: release the waiting checkpoint, if any. */
void lesson_advance(void);

/* Who to tell when a checkpoint is released (the domain that waited). */
void lesson_set_release_hook(void (*hook)(uint16_t dom));

/* The timer tick: with autoplay=SECS, release a wait that has lasted. */
void lesson_tick(uint64_t now_ns);

#endif /* HV_LESSON_H */
