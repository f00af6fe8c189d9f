/*
 * mm.c - the paravirtual MMU: every guest page-table entry, checked.
 *
 * A PV guest owns its page tables, but it cannot write them: they are
 * mapped read-only in its own address space. It asks the hypervisor
 * instead (update_va_mapping, mmu_update), and the hypervisor validates
 * each new entry against the frame table before it takes effect:
 *
 *   L3 (4 entries) --> L2 --> L1 --> frame
 *        |              |      |
 *        |              |      +-- must be the guest's own frame; if the
 *        |              |          entry is writable, the frame must not
 *        |              |          be a page table or descriptor page
 *        |              +-- must point at a validated L1 of the guest
 *        +-- must point at a validated L2 of the guest; the L2 in slot 3
 *            also carries the hypervisor's own mappings, filled in here
 *
 * Validation happens when a frame first takes a page-table type
 * (get_page_type), recursively, and references are taken for everything
 * an entry points at; they are dropped when the type goes away. This is
 * how a domain can never map another domain's memory, never write its
 * own page tables, and never reach into the hypervisor's slice. A tree
 * can hold a million entries, so where the caller can come back (the
 * hypercalls), both are done in parts: a table keeps how far it got
 * (mm.h, partial).
 *
 * Who owns which frame is kept in frame_table.c; the hypercalls through
 * which a guest asks for changes are in pv_mm.c.
 *
 * This file is compiled for the host too (tests/unit), so it reaches
 * memory only through map_domain_page() and flushes only via tlb_flush().
 */
#include <klib.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/tlb.h>
#include <hv/trace.h>

/* Flags a guest may set in an L1 entry. Global mappings would outlive a
 * domain switch; PAT, PCD and PWT are not the guest's to choose. */
#define L1_ALLOWED  (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
                     _PAGE_DIRTY | 0xe00ull | PTE_ADDR_MASK)
#define L2_ALLOWED  (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
                     _PAGE_DIRTY | 0xe00ull | PTE_ADDR_MASK)
/* PAE L3 entries (PDPTEs) have almost no flags at all: RW and USER are
 * reserved there. Accessed is allowed, as a copy of a live entry may
 * carry it (QEMU's page walker sets it). */
#define L3_ALLOWED  (_PAGE_PRESENT | _PAGE_ACCESSED | 0xe00ull | PTE_ADDR_MASK)

/* The L2 slots from HYPERVISOR_VIRT_START up belong to the hypervisor. */
#define HV_L2_FIRST l2_index(HYPERVISOR_VIRT_START)

static inline mfn_t pte_mfn(pte_t e)
{
    return (mfn_t)((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

/* ---- References ------------------------------------------------------------ */

static int alloc_page_type(mfn_t mfn, uint32_t type, const struct domain *d);
static void free_page_type(mfn_t mfn, uint32_t type);
static void continue_release(mfn_t mfn);

static enum trace_mm_reason last_reason;

/* Every case but "already of this type" (mm.h has that one inline). */
int get_page_type_slow(mfn_t mfn, uint32_t type)
{
    struct page_info *pg = &frame_table[mfn];
    uint32_t t = pg->type_info;
    int rc;

    last_reason = MM_OK;
    if ((t & PGT_count_mask) == 0) {
        /* Half-validated as another type, or half-released: not now. */
        if (pg->partial && ((pg->partial & PGT_partial_type) != type ||
                            (pg->partial & PGT_partial_releasing))) {
            last_reason = MM_BAD_TYPE;
            return -EBUSY;
        }
        /* Taking a new type: page tables are checked entry by entry, and
         * no forgotten writable translation may reach them (tlb.h). */
        if ((type & PGT_type_mask) != PGT_writable_page && !pg->partial)
            tlb_flush_stale(pg->owner);
        rc = alloc_page_type(mfn, type, NULL);
        if (rc)
            return rc;
        pg->type_info = type | 1;
        return 0;
    }
    if ((t & (PGT_type_mask | PGT_pae_xen_l2)) != type) {
        last_reason = MM_BAD_TYPE;
        return -EBUSY;
    }
    if ((t & PGT_count_mask) == PGT_count_mask)
        return -EOVERFLOW;
    pg->type_info = t + 1;
    return 0;
}

/* The last type reference (or a stray one): release what the type held. */
void put_page_type_last(mfn_t mfn)
{
    struct page_info *pg = &frame_table[mfn];
    uint32_t t = pg->type_info;

    if ((t & PGT_count_mask) == 1) {
        pg->type_info = 0;
        free_page_type(mfn, t & (PGT_type_mask | PGT_pae_xen_l2));
    } else {
        pg->type_info = t - 1;
    }
}

/* ---- Entries ------------------------------------------------------------- */

static const struct domain *owner_of(mfn_t mfn)
{
    return mfn_valid(mfn) ? domain_lookup(frame_table[mfn].owner) : NULL;
}

/*
 * An L1 entry's references, inline: every mmu_update of an L1 entry takes
 * one set and drops another (get_l1e/put_l1e are the same for others).
 */
static inline __attribute__((always_inline))
int l1e_take(pte_t e, const struct domain *d, enum trace_mm_reason *why)
{
    mfn_t mfn = pte_mfn(e);
    int rc;

    if (!(e & _PAGE_PRESENT))
        return 0;
    if (e & ~L1_ALLOWED) {
        *why = MM_BAD_FLAGS;
        return -EINVAL;
    }
    if (!mfn_valid(mfn)) {
        *why = MM_BAD_FRAME;
        return -EINVAL;
    }
    if (!(e & _PAGE_RW)) {
        if (get_page(mfn, d))
            return 0;
        *why = MM_NOT_OWNER;
        return -EPERM;
    }
    rc = get_page_and_type(mfn, d, PGT_writable_page);
    if (rc == -EPERM) {
        *why = MM_NOT_OWNER;
    } else if (rc) {
        uint32_t t = frame_table[mfn].type_info & PGT_type_mask;
        *why = (t >= PGT_l1_page_table && t <= PGT_l3_page_table)
                   ? MM_WRITABLE_PAGETABLE : MM_BAD_TYPE;
    }
    return rc;
}

static inline __attribute__((always_inline))
void l1e_drop(pte_t e)
{
    if (!(e & _PAGE_PRESENT))
        return;
    if (e & _PAGE_RW)
        put_page_and_type(pte_mfn(e));
    else
        put_page(pte_mfn(e));
}

/*
 * The L1 entry `index` of table l1, which held `old`, is going. A grant
 * mapping there must leave the grant books too (however it goes: mmu_update,
 * update_va_mapping, or its table losing its type), before the
 * references go. One load for every other entry: does its frame have
 * grant mappings at all?
 */
static inline __attribute__((always_inline))
void l1e_leaving(mfn_t l1, unsigned int index, pte_t old)
{
    if ((old & _PAGE_PRESENT) && frame_table[pte_mfn(old)].grant_maps)
        gnttab_l1e_gone(frame_table[l1].owner,
                        (paddr_t)l1 << PAGE_SHIFT | index * sizeof(pte_t));
}

int get_l1e(pte_t e, const struct domain *d, enum trace_mm_reason *why)
{
    return l1e_take(e, d, why);
}

void put_l1e(pte_t e)
{
    l1e_drop(e);
}

static int get_l2e(pte_t e, const struct domain *d, enum trace_mm_reason *why)
{
    int rc;

    if (!(e & _PAGE_PRESENT))
        return 0;
    if (e & ~L2_ALLOWED) {
        *why = MM_BAD_FLAGS;            /* includes superpages (PSE) */
        return -EINVAL;
    }
    rc = get_page_and_type(pte_mfn(e), d, PGT_l1_page_table);
    if (rc)
        *why = rc == -EPERM ? MM_NOT_OWNER : MM_BAD_TYPE;
    return rc;
}

static void put_l2e(pte_t e)
{
    if (e & _PAGE_PRESENT)
        put_page_and_type(pte_mfn(e));
}

static int get_l3e(pte_t e, unsigned int slot, const struct domain *d,
                   enum trace_mm_reason *why)
{
    uint32_t type = PGT_l2_page_table | (slot == 3 ? PGT_pae_xen_l2 : 0);
    int rc;

    if (!(e & _PAGE_PRESENT)) {
        /* Slot 3's L2 carries the hypervisor: a CR3 without it would
         * leave the CPU nowhere to go on the next interrupt. */
        if (slot == 3) {
            *why = MM_HYPERVISOR_SLOT;
            return -EINVAL;
        }
        return 0;
    }
    if (e & ~L3_ALLOWED) {
        *why = MM_BAD_FLAGS;
        return -EINVAL;
    }
    rc = get_page_and_type(pte_mfn(e), d, type);
    if (rc)
        *why = rc == -EPERM ? MM_NOT_OWNER : MM_BAD_TYPE;
    return rc;
}

static void put_l3e(pte_t e)
{
    if (e & _PAGE_PRESENT)
        put_page_and_type(pte_mfn(e));
}

/* ---- Whole tables ------------------------------------------------------- */

/* Validation, and releasing, may stop for others only where the caller
 * can continue (and releasing only where no validation is being undone). */
static bool preemptible, release_preemptible;

/* A release stopped: each table on the way up keeps its place, and the
 * outermost is where the vCPU comes back to (v->old_table). */
static bool release_stopped;
static mfn_t release_top;

/* Between two entries of a table, every so many: do others wait? */
#define VALIDATE_CHUNK 32

static unsigned int nr_entries(uint32_t type)
{
    switch (type & PGT_type_mask) {
    case PGT_l1_page_table:
        return L1_ENTRIES;
    case PGT_l2_page_table:
        return (type & PGT_pae_xen_l2) ? HV_L2_FIRST : L2_ENTRIES;
    default:
        return 4;
    }
}

static int get_entry(const pte_t *t, unsigned int i, uint32_t type,
                     const struct domain *d)
{
    switch (type & PGT_type_mask) {
    case PGT_l1_page_table:
        return get_l1e(t[i], d, &last_reason);
    case PGT_l2_page_table:
        return get_l2e(t[i], d, &last_reason);
    default:
        return get_l3e(t[i], i, d, &last_reason);
    }
}

/* Drop the references entry i of table mfn holds. */
static void put_entry(mfn_t mfn, const pte_t *t, uint32_t type, unsigned int i)
{
    switch (type & PGT_type_mask) {
    case PGT_l1_page_table:
        l1e_leaving(mfn, i, t[i]);
        put_l1e(t[i]);
        break;
    case PGT_l2_page_table:
        put_l2e(t[i]);
        break;
    default:
        put_l3e(t[i]);
        break;
    }
}

/* Drop the references of entries 0 .. n-1, last first, all now. */
static void put_entries(mfn_t mfn, const pte_t *t, uint32_t type,
                        unsigned int n)
{
    bool was = release_preemptible;

    release_preemptible = false;
    while (n-- > 0)
        put_entry(mfn, t, type, n);
    release_preemptible = was;
}

/* Entries i .. to-1 of an L1: a tight loop; returns the first refused
 * (or `to`), with its errno in *rc. */
static unsigned int validate_l1_entries(const pte_t *t, unsigned int i,
                                        unsigned int to,
                                        const struct domain *d, int *rc)
{
    for (; i < to; i++) {
        *rc = l1e_take(t[i], d, &last_reason);
        if (*rc)
            break;
    }
    return i;
}

/* Check entries from where the last part stopped, a chunk at a time;
 * -ERESTART: stopped again (an entry's own table did, or others wait)
 * before entry *i. */
static int validate_entries(const pte_t *t, unsigned int *i, uint32_t type,
                            const struct domain *d)
{
    unsigned int start = *i, n = nr_entries(type);
    int rc = 0;

    while (*i < n && !rc) {
        unsigned int to = MIN((*i | (VALIDATE_CHUNK - 1)) + 1, n);

        if (*i != start && preemptible && hypercall_preempt_check())
            return -ERESTART;
        if ((type & PGT_type_mask) == PGT_l1_page_table) {
            *i = validate_l1_entries(t, *i, to, d, &rc);
            continue;
        }
        for (; *i < to && !rc; ++*i)
            rc = get_entry(t, *i, type, d);
        if (rc)
            --*i;               /* *i: the entry refused */
    }
    return rc;
}

/*
 * Validate a page table (mm.h: validated in parts): it is marked as
 * becoming `type` throughout, so that no entry can give it another type
 * meanwhile (a table mapping itself writable). Stopped: it keeps its
 * progress and a reference on itself. Refused: what it took is undone.
 */
static int validate_table(mfn_t mfn, uint32_t type, const struct domain *d)
{
    struct page_info *pg = &frame_table[mfn];
    bool was_partial = pg->partial != 0;
    unsigned int i = pg->partial & PGT_partial_done;
    pte_t *t = map_domain_page(mfn);
    int rc;

    pg->partial = type | i;
    rc = validate_entries(t, &i, type, d);
    if (rc == -ERESTART && !was_partial && !get_page(mfn, d))
        rc = -EOVERFLOW;
    if (rc == -ERESTART) {
        pg->partial = type | i;
    } else {
        pg->partial = 0;
        if (rc)
            put_entries(mfn, t, type, i);
        else if (type & PGT_pae_xen_l2)
            arch_fill_xen_l2_slots(t);
    }
    unmap_domain_page(t);
    if (rc != -ERESTART && was_partial)
        put_page(mfn);
    return rc;
}

static int alloc_page_type(mfn_t mfn, uint32_t type, const struct domain *d)
{
    if ((type & PGT_type_mask) == PGT_seg_desc_page)
        return validate_desc_page(mfn);
    if ((type & PGT_type_mask) < PGT_l1_page_table ||
        (type & PGT_type_mask) > PGT_l3_page_table)
        return 0;
    d = d ? d : owner_of(mfn);
    if (!d)
        return -EPERM;
    return validate_table(mfn, type, d);
}

/* Is entry e of a table of this type one whose table stopped releasing?
 * (Its last type reference went already: a table releasing is untyped,
 * so no other entry can hold one.) */
static bool names_releasing(pte_t e, uint32_t type)
{
    mfn_t c = pte_mfn(e);

    return (type & PGT_type_mask) != PGT_l1_page_table &&
           (e & _PAGE_PRESENT) && mfn_valid(c) &&
           (frame_table[c].partial & PGT_partial_releasing);
}

/* Entries n-1 down to `to` of an L1: a tight loop (nothing below stops). */
static void release_l1_entries(mfn_t mfn, const pte_t *t, unsigned int n,
                               unsigned int to)
{
    while (n-- > to) {
        l1e_leaving(mfn, n, t[n]);
        l1e_drop(t[n]);
    }
}

/* Release entries *n-1 down to 0, a chunk at a time. -ERESTART: stopped,
 * entries 0 .. *n-1 still to go (continued: the top one's table first,
 * if it stopped). */
static int release_entries(mfn_t mfn, const pte_t *t, uint32_t type,
                           unsigned int *n, bool continued)
{
    unsigned int start = *n;

    while (*n > 0) {
        unsigned int to = (*n - 1) & ~(VALIDATE_CHUNK - 1);

        if (*n != start && release_preemptible && hypercall_preempt_check())
            return -ERESTART;
        if ((type & PGT_type_mask) == PGT_l1_page_table) {
            release_l1_entries(mfn, t, *n, to);
            *n = to;
            continue;
        }
        for (; *n > to; --*n) {
            if (continued && *n == start && names_releasing(t[*n - 1], type))
                continue_release(pte_mfn(t[*n - 1]));
            else
                put_entry(mfn, t, type, *n - 1);
            if (release_stopped)
                return -ERESTART;
        }
    }
    return 0;
}

/* This table stopped releasing: keep its place (partial, mm.h). */
static void release_stops(mfn_t mfn, uint32_t partial)
{
    frame_table[mfn].partial = partial;
    release_stopped = true;
    release_top = mfn;
}

/* Carry on releasing table mfn, which stopped part-way. */
static void continue_release(mfn_t mfn)
{
    struct page_info *pg = &frame_table[mfn];
    uint32_t p = pg->partial;
    unsigned int n = p & PGT_partial_done;
    pte_t *t = map_domain_page(mfn);
    int rc = release_entries(mfn, t, p & PGT_partial_type, &n, true);

    unmap_domain_page(t);
    if (rc == -ERESTART) {
        release_stops(mfn, (p & ~PGT_partial_done) | n);
        return;
    }
    pg->partial = 0;
    put_page(mfn);                  /* the one it held on itself */
}

/* Its last type reference went: release what every entry held. */
static void free_page_type(mfn_t mfn, uint32_t type)
{
    unsigned int n = nr_entries(type);
    pte_t *t;
    int rc;

    if ((type & PGT_type_mask) < PGT_l1_page_table ||
        (type & PGT_type_mask) > PGT_l3_page_table)
        return;
    t = map_domain_page(mfn);
    rc = release_entries(mfn, t, type, &n, false);
    unmap_domain_page(t);
    if (rc == -ERESTART) {
        frame_table[mfn].count++;   /* the caller holds one: never 0 here */
        release_stops(mfn, type | PGT_partial_releasing | n);
    }
}

/* Did a release stop? Then v is to come back for it (-ERESTART). */
static int release_paused(struct vcpu *v)
{
    if (!release_stopped)
        return 0;
    release_stopped = false;
    v->old_table = release_top;
    return -ERESTART;
}

int put_page_and_type_preemptible(struct vcpu *v, mfn_t mfn)
{
    release_preemptible = true;
    put_page_and_type(mfn);
    release_preemptible = false;
    return release_paused(v);
}

int mm_finish_release(struct vcpu *v, bool may_stop)
{
    mfn_t m = v->old_table;

    if (!m)
        return 0;
    v->old_table = 0;
    release_preemptible = may_stop;
    continue_release(m);
    release_preemptible = false;
    return release_paused(v);
}

int get_page_and_type_preemptible(mfn_t mfn, const struct domain *d,
                                  uint32_t type)
{
    int rc;

    preemptible = true;
    rc = get_page_and_type(mfn, d, type);
    preemptible = false;
    return rc;
}

void mm_drop_partial(mfn_t mfn)
{
    struct page_info *pg = &frame_table[mfn];
    uint32_t p = pg->partial;
    pte_t *t;

    if (!p || (p & PGT_partial_releasing))
        return;                     /* those: mm_finish_release() */
    pg->partial = 0;
    t = map_domain_page(mfn);
    put_entries(mfn, t, p & PGT_partial_type, p & PGT_partial_done);
    unmap_domain_page(t);
    put_page(mfn);
}

enum trace_mm_reason mm_last_reason(void)
{
    return last_reason;
}

/* ---- Walking a guest's tables ------------------------------------------ */

paddr_t mm_l1e_address(mfn_t l3_mfn, uint32_t va)
{
    pte_t *t, e;

    if (!mfn_valid(l3_mfn))
        return 0;
    t = map_domain_page(l3_mfn);
    e = t[l3_index(va)];
    unmap_domain_page(t);
    if (!(e & _PAGE_PRESENT) || !mfn_valid(pte_mfn(e)))
        return 0;
    t = map_domain_page(pte_mfn(e));
    e = t[l2_index(va)];
    unmap_domain_page(t);
    if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE) || !mfn_valid(pte_mfn(e)))
        return 0;
    return (paddr_t)pte_mfn(e) << PAGE_SHIFT | l1_index(va) * sizeof(pte_t);
}

int mm_update_va_mapping(struct vcpu *v, uint32_t va, pte_t val,
                         uint32_t flags, enum trace_mm_reason *why)
{
    struct domain *d = v->domain;
    paddr_t l1e_pa;
    mfn_t l1_mfn;
    pte_t *l1, old;
    int rc;

    *why = MM_OK;
    if (va >= HYPERVISOR_VIRT_START) {
        *why = MM_HYPERVISOR_SLOT;
        return -EINVAL;
    }
    if (flags & ~(UVMF_FLUSHTYPE_MASK | UVMF_ALL)) {
        *why = MM_BAD_COMMAND;
        return -EINVAL;
    }
    l1e_pa = mm_l1e_address(v->cr3_mfn, va);
    l1_mfn = (mfn_t)(l1e_pa >> PAGE_SHIFT);
    if (!l1e_pa || frame_table[l1_mfn].owner != d->domain_id ||
        (frame_table[l1_mfn].type_info & PGT_type_mask) != PGT_l1_page_table) {
        *why = MM_NOT_PAGETABLE;
        return -EINVAL;
    }

    rc = get_l1e(val, d, why);
    if (rc)
        return rc;
    l1 = map_domain_page(l1_mfn);
    old = l1[l1_index(va)];
    l1[l1_index(va)] = val;
    unmap_domain_page(l1);
    l1e_leaving(l1_mfn, l1_index(va), old);
    put_l1e(old);

    if ((old & _PAGE_PRESENT) && !(flags & UVMF_FLUSHTYPE_MASK))
        tlb_maybe_stale = true;     /* UVMF_NONE: the guest flushes later */
    switch (flags & UVMF_FLUSHTYPE_MASK) {
    case UVMF_INVLPG:
        tlb_flush(TLB_UPDATE_VA, TLB_SCOPE_PAGE, va, d->domain_id);
        break;
    case UVMF_TLB_FLUSH:
        tlb_flush(TLB_UPDATE_VA, (flags & UVMF_ALL) ? TLB_SCOPE_ALL
                                                    : TLB_SCOPE_LOCAL,
                  0, d->domain_id);
        break;
    }
    return 0;
}

/* ---- One entry at a time (mmu_update) ----------------------------------- */

/* Write one entry of a page table in frame mfn, validating it for d. */
static int mod_entry(struct vcpu *v, mfn_t mfn, unsigned int index, pte_t val,
                     enum trace_mm_reason *why)
{
    const struct domain *d = v->domain;
    uint32_t type = frame_table[mfn].type_info;
    pte_t *t, old;
    int rc;

    switch (type & PGT_type_mask) {
    case PGT_l1_page_table:
        rc = l1e_take(val, d, why);
        break;
    case PGT_l2_page_table:
        if ((type & PGT_pae_xen_l2) && index >= HV_L2_FIRST) {
            *why = MM_HYPERVISOR_SLOT;
            return -EPERM;
        }
        rc = get_l2e(val, d, why);
        break;
    case PGT_l3_page_table:
        if (index >= 4) {
            *why = MM_BAD_ADDRESS;
            return -EINVAL;
        }
        /* Slot 3 is set when the table is validated, and then stays:
         * it holds the hypervisor's L2 (Xen refuses this too). */
        if (index == 3) {
            *why = MM_HYPERVISOR_SLOT;
            return -EPERM;
        }
        rc = get_l3e(val, index, d, why);
        break;
    default:
        /* Not a page table: an ordinary write, if nobody made it one. */
        rc = get_page_type(mfn, PGT_writable_page);
        if (rc) {
            *why = MM_BAD_TYPE;
            return rc;
        }
        t = map_domain_page(mfn);
        t[index] = val;
        unmap_domain_page(t);
        put_page_type(mfn);
        return 0;
    }
    if (rc)
        return rc;
    t = map_domain_page(mfn);
    old = t[index];
    t[index] = val;
    unmap_domain_page(t);
    /* The guest flushes what it changed when it needs to (tlb.h). */
    if (old & _PAGE_PRESENT)
        tlb_maybe_stale = true;
    switch (type & PGT_type_mask) {
    case PGT_l1_page_table:
        l1e_leaving(mfn, index, old);
        l1e_drop(old);
        break;
    case PGT_l2_page_table:
        put_l2e(old);
        break;
    default:
        put_l3e(old);
        /* The CPU keeps PAE L3 entries from the last CR3 load: reload. */
        if (mfn == v->cr3_mfn)
            arch_load_baseptr(v);
        break;
    }
    return 0;
}

static int mmu_update_one(struct vcpu *v, const struct mmu_update *req,
                          enum trace_mm_reason *why)
{
    struct domain *d = v->domain;
    uint64_t ma = req->ptr & ~3ull;
    mfn_t mfn = (mfn_t)(ma >> PAGE_SHIFT);
    int rc;

    *why = MM_OK;
    switch (req->ptr & 3) {
    case MMU_NORMAL_PT_UPDATE:
        if (ma & 7) {
            *why = MM_BAD_ADDRESS;
            return -EINVAL;
        }
        if (!get_page(mfn, d)) {
            *why = mfn_valid(mfn) ? MM_NOT_OWNER : MM_BAD_FRAME;
            return -EPERM;
        }
        rc = mod_entry(v, mfn, (ma & (PAGE_SIZE - 1)) / sizeof(pte_t),
                       req->val, why);
        put_page(mfn);
        return rc;
    case MMU_MACHPHYS_UPDATE:
        if (!mfn_valid(mfn) || frame_table[mfn].owner != d->domain_id) {
            *why = mfn_valid(mfn) ? MM_NOT_OWNER : MM_BAD_FRAME;
            return -EPERM;
        }
        machine_to_phys[mfn] = (uint32_t)req->val;
        return 0;
    default:
        *why = MM_BAD_COMMAND;
        return -ENOSYS;
    }
}

/* One group of mmu_update requests, in order, each traced; stops at the
 * first refusal (*rc). Returns how many were done. */
uint32_t mm_update_entries(struct vcpu *v, const struct mmu_update *reqs,
                           uint32_t n, int *rc)
{
    uint32_t i;

    *rc = 0;
    preemptible = true;         /* the tables an entry names (get_l2e/l3e) */
    release_preemptible = true; /* ... and those an old entry named */
    for (i = 0; i < n; i++) {
        const struct mmu_update *req = &reqs[i];
        enum trace_mm_reason why = MM_OK;

        *rc = mmu_update_one(v, req, &why);
        TRACE(TRC_MEM_MMU_UPDATE, (uint32_t)req->ptr, (uint32_t)(req->ptr >> 32),
              (uint32_t)req->val, (uint32_t)(req->val >> 32), (uint32_t)*rc, why);
        if (*rc)
            break;
        if (release_stopped) {  /* done, but its old table is not yet */
            *rc = release_paused(v);
            i++;
            break;
        }
    }
    preemptible = release_preemptible = false;
    return i;
}

/*
 * Switch v to the page tables rooted at the L3 in frame mfn: it must be a
 * valid L3 of v's domain (validated now if it was not yet one).
 */
int mm_new_baseptr(struct vcpu *v, mfn_t mfn, bool may_stop,
                   enum trace_mm_reason *why)
{
    mfn_t old = v->cr3_mfn;
    int rc;

    *why = MM_OK;
    if (mfn == old) {
        tlb_flush(TLB_NEW_BASEPTR, TLB_SCOPE_LOCAL, 0, v->domain->domain_id);
        return 0;
    }
    rc = may_stop ? get_page_and_type_preemptible(mfn, v->domain, PGT_l3_page_table)
                  : get_page_and_type(mfn, v->domain, PGT_l3_page_table);
    if (rc) {
        *why = rc == -EPERM ? MM_NOT_OWNER : mm_last_reason();
        return rc;
    }
    v->cr3_mfn = mfn;
    arch_load_baseptr(v);
    if (may_stop)
        return put_page_and_type_preemptible(v, old);
    put_page_and_type(old);
    return 0;
}
