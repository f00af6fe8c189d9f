/*
 * grant_table.c - domains lending pages to each other (grant tables v1).
 *
 * The lecture's I/O story needs two domains to share memory: a frontend
 * in a guest puts a request in a page, a backend in domain 0 reads it.
 * Neither may touch the other's memory on its own (the PV MMU refuses a
 * page-table entry for a frame the domain does not own). The owner must
 * lend the page: it writes a grant entry "domain D may use frame F" in
 * its grant table, and D asks the hypervisor, which checks the entry
 * every time:
 *
 *   map_grant_ref(dom, ref, va)   entry is permit_access, for the caller,
 *                                 writable unless GNTMAP_readonly asked;
 *                                 frame is still dom's; then an L1 entry
 *                                 for the frame is written at va, holding
 *                                 exactly the references a normal L1
 *                                 entry would (so the page cannot be
 *                                 ballooned away or turned into a page
 *                                 table while mapped), the entry is
 *                                 marked reading/writing, and a handle
 *                                 remembers the mapping.
 *   unmap_grant_ref(handle)       the L1 entry is cleared (references
 *                                 dropped, TLB flushed), the marks go
 *                                 when the last mapping does.
 *   (the entry rewritten)         a mapping also ends when its L1 entry
 *                                 goes any other way: mmu_update or
 *                                 update_va_mapping over it, another map
 *                                 at the same place, its table unpinned
 *                                 or unhooked (mm.c calls
 *                                 gnttab_l1e_gone). The books are kept
 *                                 per mapping: a maptrack slot exists
 *                                 exactly while its L1 entry holds the
 *                                 frame, and each frame counts its
 *                                 mappings (grant_maps) so mm.c knows
 *                                 when to ask.
 *   copy(src, dst, len)           the same checks, no mapping: the
 *                                 hypervisor copies. What backends use.
 *
 *   granter d1                 hypervisor               grantee d0
 *   shared[ref] --------> active[ref].pins  <-------- maptrack[handle]
 *   (flags, domid, frame)  (books of d1)              (granter, ref, pte)
 *
 * A mapping outlives its granter: the L1 entry holds its own references
 * to the frame, so when d1 dies the frame is not freed (frame_table.c:
 * a frame goes back to the allocator only with its last reference) but
 * passes to the hypervisor until d0's last mapping of it goes. That
 * holds for every frame d1 can grant, including the pages the
 * hypervisor lends it: as in Xen, d1 may grant its shared_info or its
 * grant-table frames like its own pages (they are its own while it
 * lives, typed writable for good), and their lifetime is counted the
 * same way. d0's maptrack forgets d1's id when d1 dies, so a later
 * domain with that id never gains or loses marks by d0's unmaps.
 *
 * Every map, unmap and copy, refused or not, is a grant.* trace record
 * with its status.
 */
#include <hv/domain.h>
#include <hv/grant_table.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <klib.h>
#include <hv/mm.h>
#include <hv/tlb.h>
#include <hv/trace.h>

/* How many live mappings pin an entry; GTF_reading/writing follow them. */
struct active_grant {
    uint16_t readers;                   /* read-only mappings */
    uint16_t writers;                   /* writable mappings */
};

/* One mapping a domain made of someone's grant (its handle = index). */
struct maptrack {
    bool used;
    bool writable;
    domid_t granter;
    grant_ref_t ref;
    mfn_t frame;
    paddr_t pte;                        /* the L1 entry; 0: hypervisor's */
    uint32_t va;                        /* where it is mapped; 0: unknown */
    uint32_t flags;                     /* GNTMAP_* as asked, for traces */
};

struct grant_table {
    struct grant_entry_v1 *shared;      /* GNTTAB_MAX_FRAMES pages */
    mfn_t first_frame;
    unsigned int nr_frames;             /* in use (setup_table grows it) */
    struct active_grant active[GNTTAB_MAX_ENTRIES];
    struct maptrack maptrack[GNTTAB_MAPTRACK];
};

#define GT_PAGES ((sizeof(struct grant_table) + PAGE_SIZE - 1) / PAGE_SIZE)

/* The hypervisor's own mappings (grants to DOMID_XEN). */
static struct maptrack xen_maptrack[64];

static struct grant_table *table_of(domid_t id)
{
    struct domain *d = id < DOMID_FIRST_RESERVED ? domain_lookup(id) : NULL;

    return d && !d->shutting_down ? d->grant_table : NULL;
}

static unsigned int nr_entries(const struct grant_table *gt)
{
    return gt->nr_frames * GNTTAB_PER_FRAME;
}

/* ---- Life cycle ------------------------------------------------------------ */

int gnttab_init(struct domain *d)
{
    struct grant_table *gt = alloc_xenheap_pages(GT_PAGES);

    if (!gt)
        return -ENOMEM;
    gt->shared = alloc_xenheap_pages(GNTTAB_MAX_FRAMES);
    if (!gt->shared) {
        free_xenheap_pages(gt, GT_PAGES);
        return -ENOMEM;
    }
    gt->first_frame = (mfn_t)(__pa(gt->shared) >> PAGE_SHIFT);
    gt->nr_frames = 1;
    /* Lent to the domain like shared_info (frame_table.c): its to map
     * and to grant, never a page table, never given back by the balloon. */
    for (unsigned int i = 0; i < GNTTAB_MAX_FRAMES; i++)
        mm_lend_frame(d, gt->first_frame + i);
    d->grant_table = gt;
    return 0;
}

struct grant_entry_v1 *gnttab_shared(struct domain *d)
{
    return d->grant_table->shared;
}

void gnttab_seed(struct domain *d, grant_ref_t ref, domid_t to, mfn_t frame)
{
    struct grant_entry_v1 *e = &d->grant_table->shared[ref];

    e->domid = to;
    e->frame = frame;
    e->flags = GTF_permit_access;
}

/* ---- Pins: the entry's in-use marks -------------------------------------- */

static void pin(struct grant_table *gt, grant_ref_t ref, bool writable)
{
    struct active_grant *a = &gt->active[ref];

    if (writable)
        a->writers++;
    else
        a->readers++;
    gt->shared[ref].flags |= GTF_reading | (writable ? GTF_writing : 0);
}

static void unpin(domid_t granter, grant_ref_t ref, bool writable)
{
    struct grant_table *gt;
    struct active_grant *a;
    struct domain *d = granter < DOMID_FIRST_RESERVED ? domain_lookup(granter)
                                                      : NULL;

    if (!d || !d->grant_table)
        return;                         /* the granter is gone */
    gt = d->grant_table;
    a = &gt->active[ref];
    if (writable && a->writers)
        a->writers--;
    else if (!writable && a->readers)
        a->readers--;
    if (!a->writers)
        gt->shared[ref].flags &= (uint16_t)~GTF_writing;
    if (!a->writers && !a->readers)
        gt->shared[ref].flags &= (uint16_t)~GTF_reading;
}

/*
 * Check entry `ref` of `granter` for use by `grantee`; on success the
 * frame, with a reference (and a writable-type reference if writable)
 * the caller must drop.
 */
static int16_t acquire(domid_t granter, grant_ref_t ref, domid_t grantee,
                       bool writable, mfn_t *frame)
{
    struct grant_table *gt = table_of(granter);
    struct domain *rd = domain_lookup(granter);
    const volatile struct grant_entry_v1 *e;
    uint16_t flags;
    domid_t domid;
    mfn_t f;

    if (!gt)
        return GNTST_bad_domain;
    if (ref >= nr_entries(gt))
        return GNTST_bad_gntref;
    /* One snapshot: the granter may rewrite the entry at any time. */
    e = &gt->shared[ref];
    flags = e->flags;
    domid = e->domid;
    f = e->frame;
    if ((flags & GTF_type_mask) != GTF_permit_access || domid != grantee)
        return GNTST_permission_denied;
    if (writable && (flags & GTF_readonly))
        return GNTST_permission_denied;
    if (!get_page(f, rd))
        return GNTST_bad_page;          /* not (or no longer) the granter's */
    if (writable && get_page_type(f, PGT_writable_page)) {
        put_page(f);
        return GNTST_general_error;     /* a page table or descriptor page */
    }
    *frame = f;
    return GNTST_okay;
}

static void release(mfn_t frame, bool writable)
{
    if (writable)
        put_page_type(frame);
    put_page(frame);
}

/* ---- map_grant_ref / unmap_grant_ref --------------------------------------- */

/* The machine address of the L1 entry the op names, or 0 if unusable. */
static paddr_t host_pte(const struct vcpu *v, const struct gnttab_map_grant_ref *op)
{
    paddr_t pte;
    mfn_t l1;

    if (op->flags & GNTMAP_contains_pte) {
        pte = op->host_addr;
        if (pte & 7)
            return 0;
    } else {
        if (op->host_addr >= HYPERVISOR_VIRT_START || (op->host_addr & 0xfff))
            return 0;
        pte = mm_l1e_address(v->cr3_mfn, (uint32_t)op->host_addr);
    }
    l1 = (mfn_t)(pte >> PAGE_SHIFT);
    if (!pte || !mfn_valid(l1) || mfn_to_page(l1)->owner != v->domain->domain_id ||
        (mfn_to_page(l1)->type_info & PGT_type_mask) != PGT_l1_page_table)
        return 0;
    return pte;
}

static pte_t read_pte(paddr_t pa)
{
    pte_t *t = map_domain_page((mfn_t)(pa >> PAGE_SHIFT)), e;

    e = t[(pa & (PAGE_SIZE - 1)) / sizeof(pte_t)];
    unmap_domain_page(t);
    return e;
}

static void write_pte(paddr_t pa, pte_t e)
{
    pte_t *t = map_domain_page((mfn_t)(pa >> PAGE_SHIFT));

    t[(pa & (PAGE_SIZE - 1)) / sizeof(pte_t)] = e;
    unmap_domain_page(t);
}

/* The mapped address leaves the TLB (a page if we know it, else all). */
static void flush(const struct domain *ld, const struct maptrack *m)
{
    if (m->va)
        tlb_flush(TLB_GRANT, TLB_SCOPE_PAGE, m->va, ld->domain_id);
    else
        tlb_flush(TLB_GRANT, TLB_SCOPE_LOCAL, 0, ld->domain_id);
}

/* A mapping ends: its marks at the granter, its slot, its count. */
static void retire(struct maptrack *m)
{
    if (m->pte)
        mfn_to_page(m->frame)->grant_maps--;
    unpin(m->granter, m->ref, m->writable);
    m->used = false;
}

/* The mapping of ld's that lives in the L1 entry at pte, if any. */
static struct maptrack *mapping_at(struct grant_table *gt, paddr_t pte)
{
    for (unsigned int h = 0; gt && h < GNTTAB_MAPTRACK; h++)
        if (gt->maptrack[h].used && gt->maptrack[h].pte == pte)
            return &gt->maptrack[h];
    return NULL;
}

void gnttab_l1e_gone(domid_t mapper, paddr_t pte)
{
    struct domain *ld = mapper < DOMID_FIRST_RESERVED ? domain_lookup(mapper)
                                                      : NULL;
    struct maptrack *m = ld ? mapping_at(ld->grant_table, pte) : NULL;

    if (!m)
        return;
    TRACE(TRC_XL_GRANT_UNMAP, m->granter, m->ref, mapper, m->flags,
          GNTST_okay, m->frame);
    retire(m);
}

static int16_t map_one(struct vcpu *v, struct gnttab_map_grant_ref *op)
{
    struct domain *ld = v->domain;
    struct grant_table *lgt = ld->grant_table;
    bool writable = !(op->flags & GNTMAP_readonly);
    struct maptrack *m = NULL;
    pte_t old, new;
    paddr_t pte;
    mfn_t frame;
    int16_t rc;

    if (!(op->flags & GNTMAP_host_map))
        return GNTST_general_error;     /* no devices to map for here */
    pte = host_pte(v, op);
    if (!pte)
        return GNTST_bad_virt_addr;
    for (unsigned int h = 0; h < GNTTAB_MAPTRACK && !m; h++)
        if (!lgt->maptrack[h].used)
            m = &lgt->maptrack[h];
    if (!m)
        return GNTST_no_device_space;
    rc = acquire(op->dom, op->ref, ld->domain_id, writable, &frame);
    if (rc)
        return rc;

    pin(table_of(op->dom), op->ref, writable);
    new = (pte_t)frame << PAGE_SHIFT | _PAGE_PRESENT | _PAGE_ACCESSED |
          _PAGE_DIRTY | (writable ? _PAGE_RW : 0) |
          (op->flags & GNTMAP_application_map ? _PAGE_USER : 0);
    old = read_pte(pte);
    write_pte(pte, new);
    /* Whatever was there goes, references (and books) and all; the new
     * entry holds the references acquire() took, as get_l1e() would. */
    if (old & _PAGE_PRESENT)
        gnttab_l1e_gone(ld->domain_id, pte);
    put_l1e(old);
    mfn_to_page(frame)->grant_maps++;
    *m = (struct maptrack){ .used = true, .writable = writable,
                            .granter = op->dom, .ref = op->ref,
                            .frame = frame, .pte = pte, .flags = op->flags,
                            .va = op->flags & GNTMAP_contains_pte
                                      ? 0 : (uint32_t)op->host_addr };
    if (old & _PAGE_PRESENT)
        flush(ld, m);
    op->handle = (grant_handle_t)(m - lgt->maptrack);
    op->dev_bus_addr = (uint64_t)frame << PAGE_SHIFT;
    return GNTST_okay;
}

/* Take a mapping down: clear its L1 entry, drop what it held. */
static int16_t drop_mapping(struct domain *ld, struct maptrack *m)
{
    pte_t e = read_pte(m->pte);
    bool holds = (e & _PAGE_PRESENT) &&
                 (mfn_t)((e & PTE_ADDR_MASK) >> PAGE_SHIFT) == m->frame;

    retire(m);
    /* A slot exists only while its entry holds the frame (gnttab_l1e_gone
     * retires it otherwise); if that ever failed, leave the entry be. */
    if (!holds)
        return GNTST_general_error;
    write_pte(m->pte, 0);
    flush(ld, m);
    put_l1e(e);
    return GNTST_okay;
}

static int16_t unmap_one(struct vcpu *v, struct gnttab_unmap_grant_ref *op,
                         struct maptrack *out)
{
    struct domain *ld = v->domain;
    struct maptrack *m;

    if (op->handle >= GNTTAB_MAPTRACK || !ld->grant_table->maptrack[op->handle].used)
        return GNTST_bad_handle;
    m = &ld->grant_table->maptrack[op->handle];
    *out = *m;
    if (op->host_addr) {
        struct gnttab_map_grant_ref at = { .host_addr = op->host_addr,
                                           .flags = m->flags };

        if (host_pte(v, &at) != m->pte)
            return GNTST_bad_virt_addr; /* not where this handle mapped */
    }
    return drop_mapping(ld, m);
}

/* ---- copy ------------------------------------------------------------------ */

/* Resolve one side of a copy to a frame, with references to drop. */
static int16_t copy_frame(domid_t acting, const struct gnttab_copy_ptr *p,
                          bool is_gref, bool writable, mfn_t *frame)
{
    struct page_info *pg;
    mfn_t f = (mfn_t)p->u.gmfn;

    if (is_gref)
        return acquire(p->domid, p->u.ref, acting, writable, frame);
    /* A frame of one's own, named directly. */
    if (p->domid != DOMID_SELF && p->domid != acting)
        return GNTST_permission_denied;
    if (!mfn_valid(f))
        return GNTST_bad_page;
    pg = mfn_to_page(f);
    if (pg->owner != acting || pg->count == 0)
        return GNTST_bad_page;
    if (acting == DOMID_XEN) {          /* hypervisor pages: no books */
        *frame = f;
        return GNTST_okay;
    }
    if (!get_page(f, domain_lookup(acting)))
        return GNTST_bad_page;
    if (writable && get_page_type(f, PGT_writable_page)) {
        put_page(f);
        return GNTST_general_error;
    }
    *frame = f;
    return GNTST_okay;
}

static void copy_release(domid_t acting, mfn_t frame, bool writable)
{
    if (mfn_to_page(frame)->owner == DOMID_XEN && acting == DOMID_XEN)
        return;
    release(frame, writable);
}

/* The copy itself: by 32-bit words when both ends allow (the usual
 * case: whole sectors and page-aligned buffers), else byte by byte. */
static void copy_bytes(uint8_t *d, const uint8_t *s, uint16_t len)
{
    if (d != s && !(((uintptr_t)d | (uintptr_t)s | len) & 3) &&
        (d + len <= s || s + len <= d)) {
        uint32_t *dw = (uint32_t *)d;
        const uint32_t *sw = (const uint32_t *)s;

        for (unsigned int i = 0; i < len / 4u; i++)
            dw[i] = sw[i];
        return;
    }
    memmove(d, s, len);
}

int16_t gnttab_copy_as(domid_t acting, struct gnttab_copy *op)
{
    bool src_gref = op->flags & GNTCOPY_source_gref;
    bool dst_gref = op->flags & GNTCOPY_dest_gref;
    mfn_t src, dst;
    int16_t rc;

    if (op->flags & ~(GNTCOPY_source_gref | GNTCOPY_dest_gref) ||
        op->source.offset + op->len > PAGE_SIZE ||
        op->dest.offset + op->len > PAGE_SIZE) {
        rc = GNTST_bad_copy_arg;
        goto out;
    }
    rc = copy_frame(acting, &op->source, src_gref, false, &src);
    if (rc)
        goto out;
    rc = copy_frame(acting, &op->dest, dst_gref, true, &dst);
    if (rc) {
        copy_release(acting, src, false);
        goto out;
    }
    {
        const uint8_t *s = map_domain_page(src);
        uint8_t *d = map_domain_page(dst);

        copy_bytes(d + op->dest.offset, s + op->source.offset, op->len);
        unmap_domain_page(d);
        unmap_domain_page(s);
    }
    copy_release(acting, dst, true);
    copy_release(acting, src, false);
out:
    op->status = rc;
    TRACE(TRC_XL_GRANT_COPY,
          src_gref ? op->source.domid : acting, dst_gref ? op->dest.domid : acting,
          op->len, (uint32_t)rc, (uint32_t)op->source.u.ref,
          (uint32_t)op->dest.u.ref, op->flags);
    return rc;
}

/* ---- setup_table, query_size ------------------------------------------------ */

static struct domain *table_owner(domid_t dom, int16_t *status)
{
    struct domain *d = domain_lookup(dom);

    *status = GNTST_okay;
    if (!d || !d->grant_table)
        *status = GNTST_bad_domain;
    else if (d != current->domain && !is_privileged(current->domain))
        *status = GNTST_permission_denied;
    return d;
}

static void setup_table(struct gnttab_setup_table *op)
{
    struct domain *d = table_owner(op->dom, &op->status);
    uint32_t list = (uint32_t)(uintptr_t)op->frame_list;

    if (op->status)
        return;
    if (op->nr_frames > GNTTAB_MAX_FRAMES) {
        op->status = GNTST_general_error;
        return;
    }
    for (uint32_t i = 0; i < op->nr_frames; i++) {
        uint32_t mfn = d->grant_table->first_frame + i;

        if (copy_to_guest(list + i * sizeof(mfn), &mfn, sizeof(mfn))) {
            op->status = GNTST_bad_virt_addr;
            return;
        }
    }
    d->grant_table->nr_frames = MAX(d->grant_table->nr_frames, op->nr_frames);
}

static void query_size(struct gnttab_query_size *op)
{
    struct domain *d = table_owner(op->dom, &op->status);

    if (op->status)
        return;
    op->nr_frames = d->grant_table->nr_frames;
    op->max_nr_frames = GNTTAB_MAX_FRAMES;
}

/* ---- The hypercall: count ops of one kind, each with its own status ------- */

union gnttab_op {
    struct gnttab_map_grant_ref map;
    struct gnttab_unmap_grant_ref unmap;
    struct gnttab_setup_table setup;
    struct gnttab_copy copy;
    struct gnttab_query_size query;
};

static const size_t op_size[] = {
    [GNTTABOP_map_grant_ref] = sizeof(struct gnttab_map_grant_ref),
    [GNTTABOP_unmap_grant_ref] = sizeof(struct gnttab_unmap_grant_ref),
    [GNTTABOP_setup_table] = sizeof(struct gnttab_setup_table),
    [GNTTABOP_copy] = sizeof(struct gnttab_copy),
    [GNTTABOP_query_size] = sizeof(struct gnttab_query_size),
};

static void one_op(uint32_t cmd, union gnttab_op *op)
{
    struct vcpu *v = current;
    struct maptrack m = { 0 };

    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        op->map.status = map_one(v, &op->map);
        TRACE(TRC_XL_GRANT_MAP, op->map.dom, op->map.ref, v->domain->domain_id,
              op->map.flags, (uint32_t)op->map.status,
              op->map.status ? 0 : (uint32_t)(op->map.dev_bus_addr >> PAGE_SHIFT));
        break;
    case GNTTABOP_unmap_grant_ref:
        op->unmap.status = unmap_one(v, &op->unmap, &m);
        TRACE(TRC_XL_GRANT_UNMAP, m.used ? m.granter : DOMID_INVALID, m.ref,
              v->domain->domain_id, m.flags, (uint32_t)op->unmap.status,
              m.frame);
        break;
    case GNTTABOP_setup_table:
        setup_table(&op->setup);
        break;
    case GNTTABOP_copy:
        gnttab_copy_as(v->domain->domain_id, &op->copy);
        break;
    case GNTTABOP_query_size:
        query_size(&op->query);
        break;
    }
}

/* Any count below 2^31, in parts: when others wait, the guest comes
 * back with uop advanced and count reduced (hypercall.h). */
long do_grant_table_op(uint32_t cmd, uint32_t uop, uint32_t count,
                       uint32_t a4, uint32_t a5)
{
    union gnttab_op op;

    if (cmd >= ARRAY_SIZE(op_size) || !op_size[cmd])
        return -ENOSYS;
    if (count > INT32_MAX)
        return -EINVAL;
    if (!current->domain->grant_table)
        return -ENOSYS;
    for (uint32_t i = 0; i < count; i++, uop += op_size[cmd]) {
        if (hypercall_preempted(i))
            return hypercall_create_continuation(cmd, uop, count - i, a4, a5);
        if (copy_from_guest(&op, uop, op_size[cmd]))
            return -EFAULT;
        one_op(cmd, &op);
        if (copy_to_guest(uop, &op, op_size[cmd]))
            return -EFAULT;
    }
    return 0;
}

/* ---- The hypervisor as grantee (Xen 1.0 backends) --------------------------- */

int16_t gnttab_xen_map(domid_t granter, grant_ref_t ref, bool readonly,
                       grant_handle_t *handle, mfn_t *frame)
{
    struct maptrack *m = NULL;
    int16_t rc;

    for (unsigned int h = 0; h < ARRAY_SIZE(xen_maptrack) && !m; h++)
        if (!xen_maptrack[h].used)
            m = &xen_maptrack[h];
    rc = m ? acquire(granter, ref, DOMID_XEN, !readonly, frame)
           : GNTST_no_device_space;
    if (!rc) {
        pin(table_of(granter), ref, !readonly);
        *m = (struct maptrack){ .used = true, .writable = !readonly,
                                .granter = granter, .ref = ref,
                                .frame = *frame, .flags = GNTMAP_host_map };
        *handle = (grant_handle_t)(m - xen_maptrack);
    }
    TRACE(TRC_XL_GRANT_MAP, granter, ref, DOMID_XEN,
          GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0), (uint32_t)rc,
          rc ? 0 : *frame);
    return rc;
}

void gnttab_xen_unmap(grant_handle_t handle)
{
    struct maptrack *m;

    if (handle >= ARRAY_SIZE(xen_maptrack) || !xen_maptrack[handle].used)
        return;
    m = &xen_maptrack[handle];
    retire(m);
    release(m->frame, m->writable);
    TRACE(TRC_XL_GRANT_UNMAP, m->granter, m->ref, DOMID_XEN, m->flags,
          GNTST_okay, m->frame);
}

/* ---- A domain goes away ------------------------------------------------------ */

/* Mappings of d's grants that others hold (the hypervisor's too) no
 * longer name d: its id may be reused, and unmapping them later must not
 * touch the marks of whoever has it then. Their frames stay referenced
 * by the mappings themselves (frame_table.c frees them with the last). */
static void forget_granter(domid_t id)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct grant_table *gt = domains[i] ? domains[i]->grant_table : NULL;

        for (unsigned int h = 0; gt && h < GNTTAB_MAPTRACK; h++)
            if (gt->maptrack[h].used && gt->maptrack[h].granter == id)
                gt->maptrack[h].granter = DOMID_INVALID;
    }
    for (unsigned int h = 0; h < ARRAY_SIZE(xen_maptrack); h++)
        if (xen_maptrack[h].used && xen_maptrack[h].granter == id)
            xen_maptrack[h].granter = DOMID_INVALID;
}

void gnttab_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    /* Its own mappings of other domains' pages go first. */
    for (unsigned int h = 0; h < GNTTAB_MAPTRACK; h++)
        if (gt->maptrack[h].used)
            drop_mapping(d, &gt->maptrack[h]);
    forget_granter(d->domain_id);
    d->grant_table = NULL;
    /* The shared frames were lent: given back, not freed under a mapping. */
    for (unsigned int i = 0; i < GNTTAB_MAX_FRAMES; i++)
        mm_reclaim_lent_frame(gt->first_frame + i);
    free_xenheap_pages(gt, GT_PAGES);
}
