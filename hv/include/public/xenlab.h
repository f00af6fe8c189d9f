/*
 * xenlab.h - what xenlab adds to Xen's ABI, and the contract between the
 * hypervisor and the launcher that boots it.
 *
 * Everything here uses numbers that real Xen leaves free, so a kernel built
 * for Xen never meets them by accident.
 */
#ifndef XENLAB_PUBLIC_XENLAB_H
#define XENLAB_PUBLIC_XENLAB_H

/*
 * How the hypervisor ends a run. Under QEMU it writes XENLAB_EXIT_BASE +
 * code to the isa-debug-exit device (port XENLAB_EXIT_PORT); QEMU then
 * exits with status (value << 1) | 1, i.e. 65, 67 or 69, which the
 * launcher maps back. The base keeps these apart from QEMU's own failure
 * status (1). On a real PC the hypervisor prints the verdict and halts.
 */
#define XENLAB_EXIT_PORT 0xf4
#define XENLAB_EXIT_BASE 0x20

enum hv_exit_code {
    HV_EXIT_SUCCESS = 0,        /* every domain powered off cleanly */
    HV_EXIT_DOMAIN_FAILED = 1,  /* a domain crashed or reported failure */
    HV_EXIT_PANIC = 2,          /* the hypervisor itself broke */
};

/*
 * xenlab_op(cmd, a1, a2, a3, a4): xenlab's own hypercall, number 60, which
 * Xen leaves unassigned. Arguments are plain values in ebx..edi.
 */
#define __HYPERVISOR_xenlab_op  60

/*
 * Stop at checkpoint `step` (a2) of lesson `lesson` (a1) until the student
 * moves on in hvviz (or at once, when the run is unattended).
 */
#define XENLAB_checkpoint       1

/*
 * Report a value the guest measured: a1 = lesson, a2 = what it is
 * (lesson-defined), a3, a4 = values. Recorded as lesson.mark, even when
 * the trace ring is full (tests read their verdicts from it).
 */
#define XENLAB_mark             2

/*
 * a1 = 1: from now on, privileged instructions this domain executes
 * (cli, sti, hlt, in, out, mov to/from cr3) are emulated by the
 * hypervisor, the classic trap-and-emulate way; a1 = 0: Xen's own rules
 * apply again. Lesson 02 compares the two with hypercalls.
 */
#define XENLAB_trap_emulate     3

/*
 * Shared I/O rings (io/ring.h) live in guest memory, where the hypervisor
 * does not look; their two ends report what they do, so that the trace
 * shows each ring moving (ioring.setup, ioring.op, ioring.bad records).
 *
 * XENLAB_ioring_setup (the frontend): a1 = its own number for the ring,
 * a2 = the backend's domain, a3 = slots, a4 = enum trace_ioring_kind.
 * Returns the ring id (frontend dom << 16 | a1).
 *
 * XENLAB_ioring (either end): a1 = ring id, a2 = enum trace_ioring_op,
 * a3 = the index the operation moved (req_prod, req_cons, rsp_prod or
 * rsp_cons; ignored for a notification), a4 = the producer index of the
 * other direction as the caller sees it. The hypervisor adds the index
 * only the other end knows (its last report). Returns 1 if recorded, 0 if
 * nobody records ring traffic now (callers may skip a few reports),
 * -ESRCH for an unknown ring, -EPERM if the caller is neither end.
 *
 * XENLAB_ioring_bad (the backend): a1 = ring id, a2 = enum
 * trace_ioring_problem, a3 = slot index, a4 = the offending value: a
 * malformed request it refused.
 */
#define XENLAB_ioring           4
#define XENLAB_ioring_setup     20
#define XENLAB_ioring_bad       21

/* Returns how many times hypercall a1 has run, all domains together
 * (lesson 11 counts the I/O path's grant and event-channel calls). */
#define XENLAB_hypercall_count  22

/* Returns how many times vector a1 has entered the hypervisor (benches). */
#define XENLAB_trap_count       5

/*
 * Balloon targets. XENLAB_get_target returns the number of pages the
 * domain (a1: DOMID_SELF or, for domain 0, any domain) is asked to hold;
 * XENLAB_set_target (domain 0 only) sets a1's target to a2 pages and
 * raises VIRQ_XENLAB_BALLOON in it. The target can also be set from
 * outside: the control line "balloon DOM PAGES" (see trace.h), which
 * `./xenlab balloon DOM SIZE` sends.
 */
#define XENLAB_get_target       6
#define XENLAB_set_target       7
#define VIRQ_XENLAB_BALLOON     15      /* a virq number Xen leaves free */

/*
 * XENLAB_hv_space: a1 = 1 makes the hypervisor run in an address space of
 * its own (a CR3 switch on every entry and exit, and around every copy to
 * or from the guest); a1 = 0 returns to the shared space. The same as the
 * boot option hv_space=own. Lesson 06 shows what it costs.
 */
#define XENLAB_hv_space         8

/* Returns how many TLB flushes of reason a1 (enum trace_tlb_reason) the
 * calling domain has caused. */
#define XENLAB_tlb_count        9

/*
 * XENLAB_native_pte: for benchmarks, what a native kernel pays to change
 * one page-table entry: the hypervisor itself, in ring 0, writes an entry
 * of one of its own page tables and invlpg's it, a1 times (at most
 * 100000). With a2 = n > 0, no invlpg: one full flush after every n
 * writes, as a kernel changing many pages at once does. Returns the TSC
 * ticks taken (instructions under QEMU -icount).
 */
#define XENLAB_native_pte       10

/*
 * Calibration vectors for benchmarks, callable from ring 1 with `int`:
 * XENLAB_VECTOR_BARE returns at once (a lone iret in ring 0);
 * XENLAB_VECTOR_NULL goes through the hypervisor's full entry and exit
 * path with an empty handler. Together with a null hypercall they split
 * the cost of a hypercall into "ring change", "save and restore", and
 * "dispatch".
 */
#define XENLAB_VECTOR_BARE      0x83
#define XENLAB_VECTOR_NULL      0x84

/*
 * A hardware-assisted guest knows no hypercalls; a lesson written as one
 * reaches its checkpoints with an I/O port instead: a 16-bit out of
 * (lesson << 8 | step) to XENLAB_HVM_CHECKPOINT_PORT. The vCPU waits there
 * as a PV lesson guest waits in XENLAB_checkpoint.
 */
#define XENLAB_HVM_CHECKPOINT_PORT  0x5e1

#endif /* XENLAB_PUBLIC_XENLAB_H */
