/*
 * pv_mm.c - the PV MMU's hypercalls: how a guest asks for page-table
 * changes.
 *
 *   mmu_update(reqs, count, done, dom)   a batch of entry writes, each
 *       named by the machine address of the entry (ptr, low 2 bits the
 *       command) and its new value; or M2P updates. Each is validated
 *       by mm_update_entries() (mm.c) and traced with its reason.
 *   mmuext_op(ops, count, done, dom)     pin and unpin page tables,
 *       switch base pointer, flush the TLB or one page, set the LDT.
 *   update_va_mapping(va, val, flags)    one entry, named by the virtual
 *       address it maps, with an optional flush (mm_update_va_mapping).
 *
 * A batch stops at the first refusal; *done says how many were done. As
 * in Xen, no operation flushes the TLB unless asked to: the guest knows
 * which addresses it changed (the hypervisor's own rule is in tlb.h).
 *
 * A batch of any size is done in parts (continuations, hypercall.h):
 * when other work waits, the guest is sent back to re-enter with
 *
 *   reqs  advanced past the requests done    count  left | MMU_UPDATE_PREEMPTED
 *   *done the requests done so far (each part reads it back and adds)
 *
 * so the guest sees one call and one exact *done at the end.
 */
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/tlb.h>
#include <hv/trace.h>

/*
 * Requests are read from the guest a few at a time (fewer copies); if a
 * group cannot be read whole, one at a time, so that every request before
 * the unreadable one is still done, as if read singly. (A request that
 * remaps the array itself is seen by the next group, not this one.)
 */
#define MMU_GROUP 32

/* One part of an mmu_update or mmuext_op batch: the hypercall's own
 * arguments, and how many entries the parts before it did. */
struct batch {
    uint32_t list, count, done_ptr, foreigndom, a5;
    uint32_t done;
};

/* Take the continuation bit off the count; read back the earlier parts'
 * progress from *done (0 for a new batch). */
static int batch_begin(struct batch *b)
{
    b->done = 0;
    if (!(b->count & MMU_UPDATE_PREEMPTED))
        return 0;
    b->count &= ~MMU_UPDATE_PREEMPTED;
    if (b->done_ptr && copy_from_guest(&b->done, b->done_ptr, sizeof(b->done)))
        return -EFAULT;
    return 0;
}

/* This part did i entries of `size` bytes: *done := all so far; if it
 * stopped for others (-ERESTART), the guest comes back for the rest. */
static long batch_end(const struct batch *b, int rc, uint32_t i, size_t size)
{
    uint32_t done = b->done + i;

    if (b->done_ptr && copy_to_guest(b->done_ptr, &done, sizeof(done)))
        return -EFAULT;
    if (rc == -ERESTART)
        return hypercall_create_continuation(b->list + i * size,
                                             (b->count - i) | MMU_UPDATE_PREEMPTED,
                                             b->done_ptr, b->foreigndom, b->a5);
    return rc;
}

/* A table's release stopped before this part began: finish it first,
 * coming back with the same arguments (mm.h, v->old_table). */
static long batch_again(const struct batch *b)
{
    return hypercall_create_continuation(b->list, b->count, b->done_ptr,
                                         b->foreigndom, b->a5);
}

long do_mmu_update(uint32_t reqs, uint32_t count, uint32_t done_ptr,
                   uint32_t foreigndom, uint32_t a5)
{
    struct vcpu *v = current;
    struct batch b = { reqs, count, done_ptr, foreigndom, a5, 0 };
    struct mmu_update group[MMU_GROUP];
    uint32_t i = 0;
    int rc;

    if (foreigndom != DOMID_SELF && foreigndom != v->domain->domain_id)
        return -EPERM;              /* no foreign updates in xenlab */
    if (mm_finish_release(v, true))
        return batch_again(&b);
    for (rc = batch_begin(&b); !rc && i < b.count;) {
        uint32_t have = MIN(b.count - i, MMU_GROUP);

        if (hypercall_preempted(i)) {
            rc = -ERESTART;
            break;
        }
        if (copy_from_guest(group, reqs + i * sizeof(*group),
                            have * sizeof(*group))) {
            have = 1;
            if (copy_from_guest(group, reqs + i * sizeof(*group),
                                sizeof(*group))) {
                rc = -EFAULT;
                break;
            }
        }
        i += mm_update_entries(v, group, have, &rc);
    }
    return batch_end(&b, rc, i, sizeof(*group));
}

/* ---- mmuext_op: pinning, base pointers, TLB control, the LDT ------------ */

static const uint32_t pin_type[] = {
    [MMUEXT_PIN_L1_TABLE] = PGT_l1_page_table,
    [MMUEXT_PIN_L2_TABLE] = PGT_l2_page_table,
    [MMUEXT_PIN_L3_TABLE] = PGT_l3_page_table,
};

static int mmuext_one(struct vcpu *v, const struct mmuext_op *op,
                      enum trace_mm_reason *why)
{
    struct domain *d = v->domain;
    mfn_t mfn = (mfn_t)op->arg1.mfn;
    int rc;

    *why = MM_OK;
    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
        if (mfn_valid(mfn) && (frame_table[mfn].type_info & PGT_pinned)) {
            *why = MM_IN_USE;
            return -EINVAL;
        }
        rc = get_page_and_type_preemptible(mfn, d, pin_type[op->cmd]);
        if (rc) {
            *why = rc == -EPERM ? MM_NOT_OWNER : mm_last_reason();
            return rc;
        }
        frame_table[mfn].type_info |= PGT_pinned;
        return 0;
    case MMUEXT_UNPIN_TABLE:
        if (!mfn_valid(mfn) || frame_table[mfn].owner != d->domain_id ||
            !(frame_table[mfn].type_info & PGT_pinned)) {
            *why = MM_BAD_FRAME;
            return -EINVAL;
        }
        frame_table[mfn].type_info &= ~PGT_pinned;
        return put_page_and_type_preemptible(v, mfn);
    case MMUEXT_NEW_BASEPTR:
        return mm_new_baseptr(v, mfn, true, why);
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
        tlb_flush(TLB_MMUEXT_FLUSH, op->cmd == MMUEXT_TLB_FLUSH_LOCAL
                                        ? TLB_SCOPE_LOCAL : TLB_SCOPE_ALL,
                  0, d->domain_id);
        return 0;
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_INVLPG_ALL:
        if (op->arg1.linear_addr >= HYPERVISOR_VIRT_START) {
            *why = MM_HYPERVISOR_SLOT;
            return -EINVAL;
        }
        tlb_flush(TLB_INVLPG, TLB_SCOPE_PAGE, op->arg1.linear_addr, d->domain_id);
        return 0;
    case MMUEXT_FLUSH_CACHE:
        return 0;                   /* nothing cached that a guest could see */
    case MMUEXT_SET_LDT:
        rc = arch_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
        if (rc)
            *why = MM_BAD_ADDRESS;
        return rc;
    default:
        *why = MM_BAD_COMMAND;
        return -ENOSYS;
    }
}

long do_mmuext_op(uint32_t ops, uint32_t count, uint32_t done_ptr,
                  uint32_t foreigndom, uint32_t a5)
{
    struct vcpu *v = current;
    struct batch b = { ops, count, done_ptr, foreigndom, a5, 0 };
    uint32_t i = 0;
    int rc;

    if (foreigndom != DOMID_SELF && foreigndom != v->domain->domain_id)
        return -EPERM;
    if (mm_finish_release(v, true))
        return batch_again(&b);
    for (rc = batch_begin(&b); !rc && i < b.count; i++) {
        struct mmuext_op op;
        enum trace_mm_reason why = MM_OK;

        if (hypercall_preempted(i)) {
            rc = -ERESTART;
            break;
        }
        if (copy_from_guest(&op, ops + i * sizeof(op), sizeof(op))) {
            rc = -EFAULT;
            break;
        }
        rc = mmuext_one(v, &op, &why);
        TRACE(TRC_MEM_MMUEXT_OP, op.cmd, op.arg1.mfn, op.arg2.nr_ents,
              (uint32_t)rc, why);
        if (rc == -ERESTART && v->old_table) {
            i++;                    /* done; what it let go of goes first */
            break;
        }
        if (rc)
            break;
    }
    return batch_end(&b, rc, i, sizeof(struct mmuext_op));
}

long do_update_va_mapping(uint32_t va, uint32_t lo, uint32_t hi,
                          uint32_t flags, uint32_t a5)
{
    enum trace_mm_reason why;
    int rc = mm_update_va_mapping(current, va, (uint64_t)hi << 32 | lo, flags,
                                  &why);

    TRACE(TRC_MEM_UPDATE_VA, va, lo, hi, flags, (uint32_t)rc, why);
    return rc;
}
