/*
 * xenlab_op.c - xenlab's own hypercall: lessons, marks, classic mode.
 *
 * Real Xen leaves hypercall 60 unassigned; xenlab uses it for what only a
 * teaching hypervisor needs (see public/xenlab.h): stopping a lesson at a
 * checkpoint until the student moves on, reporting a value the guest
 * measured into the trace, switching a domain to trap-and-emulate for
 * privileged instructions, and reporting shared-ring movement.
 *
 * Most commands touch only the caller. Those that change the machine for
 * everyone (where the hypervisor runs, a domain's memory target) or hold
 * the CPU in a long loop (the native PTE bench) are domain 0's alone;
 * the table of traced rings gives each domain a share (io_ring.c).
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/io_ring.h>
#include <hv/lesson.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/tlb.h>
#include <hv/trace.h>
#include <public/xenlab.h>

long do_xenlab_op(uint32_t cmd, uint32_t a1, uint32_t a2, uint32_t a3,
                  uint32_t a4)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;

    switch (cmd) {
    case XENLAB_checkpoint:
        /* A step boundary: let the trace catch up, so each step's
         * events reach the reader before the next step begins. */
        trace_drain(0);
        if (!lesson_checkpoint(d->domain_id, a1, a2)) {
            v->checkpoint_wait = true;
            vcpu_block(v);
        }
        return 0;
    case XENLAB_mark:
        /* What a guest measured, or a test's verdict, is what the reader
         * came for: never the record a full ring drops. Moving out the
         * two oldest records leaves room for it and a lost-records note. */
        trace_drain(2);
        TRACE(TRC_XL_LESSON_MARK, a1, a2, a3, a4);
        return 0;
    case XENLAB_trap_emulate:
        if (a1 > 1)
            return -EINVAL;
        d->trap_emulate = a1;
        printk("d%u: privileged instructions now %s\n", d->domain_id,
               a1 ? "trapped and emulated (classic mode)"
                  : "follow Xen's rules (paravirtual mode)");
        return 0;
    case XENLAB_native_pte:             /* a long loop in ring 0 */
        if (!is_privileged(d))
            return -EPERM;
        return a1 <= 100000 ? (long)paging_native_pte_bench(a1, a2) : -EINVAL;
    case XENLAB_trap_count:
        return a1 < 256 ? (long)trap_count[a1] : -EINVAL;
    case XENLAB_get_target: {
        struct domain *t = domain_lookup((domid_t)a1);

        if (!t || (t != d && !is_privileged(d)))
            return -ESRCH;
        return t->target_pages;
    }
    case XENLAB_set_target:
        if (!is_privileged(d))
            return -EPERM;
        return memory_set_target((domid_t)a1, a2);
    case XENLAB_hv_space:               /* for every domain at once */
        if (!is_privileged(d))
            return -EPERM;
        if (a1 > 1)
            return -EINVAL;
        hv_own_space = a1;
        printk("d%u: the hypervisor now runs in %s address space\n",
               d->domain_id, a1 ? "its own" : "the guests' (shared)");
        return 0;
    case XENLAB_tlb_count:
        return a1 < ARRAY_SIZE(d->tlb_flushes) ? (long)d->tlb_flushes[a1]
                                               : -EINVAL;
    case XENLAB_ioring:
        return io_ring_report(d->domain_id, a1, a2, a3, a4);
    case XENLAB_ioring_setup:
        return io_ring_setup(d->domain_id, a1, (domid_t)a2, a3, a4);
    case XENLAB_ioring_bad:
        return io_ring_bad(d->domain_id, a1, a2, a3, a4);
    case XENLAB_hypercall_count:
        return a1 < NR_HYPERCALLS ? (long)hypercall_count[a1] : -EINVAL;
    default:
        return -ENOSYS;
    }
}

/* A checkpoint was released: wake the vCPU that waits at it. */
void xenlab_checkpoint_released(domid_t dom)
{
    struct domain *d = domain_lookup(dom);

    if (d && d->vcpu[0]->checkpoint_wait) {
        d->vcpu[0]->checkpoint_wait = false;
        vcpu_wake(d->vcpu[0]);
    }
}
