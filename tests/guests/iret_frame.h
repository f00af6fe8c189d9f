/*
 * iret_frame.h - leaving through the iret hypercall with a frame of our own
 * making, and coming back to say what the CPU held when it arrived.
 *
 * The iret hypercall (__HYPERVISOR_iret) takes eax, eip, cs, eflags (and,
 * for ring 3, esp and ss) from the guest's stack and loads them into the
 * CPU with the hypervisor's own iret, from ring 0. Every bit of that frame
 * is the guest's choice, so each must be checked: a ring-0 iret honours
 * EFLAGS.VM (virtual-8086 mode) and IOPL, which no guest may hold. The
 * hostile guests use these helpers to offer such frames:
 *
 *   iret_to_ring1(eflags, cs)   lands on the next instruction, in ring 1
 *   iret_to_ring3(eflags, to)   lands on iret_user_pad (or a copy of it
 *                               at to->eip), in ring 3, which reports back
 *                               through int $0x81
 *
 * Each returns the EFLAGS the landing code read with pushf (RF, which the
 * CPU clears after one instruction, is not seen). iret_frame_init()
 * claims vector 0x81 (DPL 3) and #DB (a TF in the frame steps once).
 */
#ifndef TESTS_GUESTS_IRET_FRAME_H
#define TESTS_GUESTS_IRET_FRAME_H

#include "guest/libguest.h"

#define EFLAGS_TF       (1u << 8)
#define EFLAGS_IF       (1u << 9)
#define EFLAGS_DF       (1u << 10)
#define EFLAGS_IOPL     (3u << 12)
#define EFLAGS_NT       (1u << 14)
#define EFLAGS_RF       (1u << 16)
#define EFLAGS_VM       (1u << 17)
#define EFLAGS_AC       (1u << 18)
#define EFLAGS_VIF      (1u << 19)
#define EFLAGS_VIP      (1u << 20)
#define EFLAGS_ID       (1u << 21)
/* What a guest must never find in its EFLAGS, and what it always finds. */
#define EFLAGS_FORBIDDEN (EFLAGS_IOPL | EFLAGS_NT | EFLAGS_VM | EFLAGS_VIF | \
                          EFLAGS_VIP)
#define EFLAGS_ALWAYS   (EFLAGS_IF | 0x2u)

static inline bool eflags_allowed(uint32_t seen)
{
    return !(seen & EFLAGS_FORBIDDEN) && (seen & EFLAGS_ALWAYS) == EFLAGS_ALWAYS;
}

/* Where a ring-3 frame goes; a field left 0 takes the usual value
 * (iret_user_pad, FLAT_USER_CS, FLAT_USER_SS). */
struct ring3_target {
    uint32_t eip, cs, ss;
};

void iret_frame_init(void);
uint32_t iret_to_ring1(uint32_t eflags, uint32_t cs);
uint32_t iret_to_ring3(uint32_t eflags, const struct ring3_target *to);

/* The ring-3 landing code: position-independent, 16-byte aligned. */
extern char iret_user_pad[];

/* How many single steps (#DB) the frames' TF caused. */
extern uint32_t iret_steps;

#endif /* TESTS_GUESTS_IRET_FRAME_H */
