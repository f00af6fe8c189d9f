/*
 * grant_table.h - grant_table_op(cmd, ops, count): lending pages between
 * domains (version 1 of Xen's grant tables).
 *
 * A domain never names another domain's memory. Instead the owner of a
 * page writes an entry into its own grant table, a few pages it shares
 * with the hypervisor: "domain D may access frame F (read-only or not)".
 * The entry's index is the grant reference. The owner hands the
 * reference to D (through xenstore, or inside a ring request), and D
 * asks the hypervisor to map the page (map_grant_ref) or to copy into or
 * out of it (copy). The hypervisor checks the entry each time, marks it
 * in use while a mapping exists, and keeps the frame alive until the last
 * mapping is gone.
 *
 *   granter's grant table (shared)            grantee
 *   ref 7: flags=permit_access|readonly  <--  map_grant_ref(dom, ref 7)
 *          domid=D  frame=F                    -> handle, F mapped at va
 *
 * Every op returns its own status (GNTST_*) in the op; the hypercall
 * itself returns 0, or a negative errno when the ops could not be read.
 */
#ifndef XENLAB_PUBLIC_GRANT_TABLE_H
#define XENLAB_PUBLIC_GRANT_TABLE_H

#include "xen.h"

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* ---- The table: entries the granting guest writes ----------------------- */

/*
 * One entry of a v1 grant table; 512 per 4 KB page. The granter fills
 * domid and frame first, then sets flags (after a write barrier), and
 * ends the grant by clearing flags only while neither GTF_reading nor
 * GTF_writing is set (the hypervisor sets them while the page is in use).
 */
struct grant_entry_v1 {
    uint16_t flags;             /* GTF_*: written by both sides */
    domid_t  domid;             /* the domain allowed in */
    uint32_t frame;             /* the machine frame lent */
};

#define GTF_invalid         (0u << 0)
#define GTF_permit_access   (1u << 0)   /* domid may map or copy frame */
#define GTF_accept_transfer (2u << 0)   /* (not in xenlab) */
#define GTF_type_mask       (3u << 0)
#define GTF_readonly        (1u << 2)   /* only for reading */
#define GTF_reading         (1u << 3)   /* set by the hypervisor: in use */
#define GTF_writing         (1u << 4)   /* set by the hypervisor: in use, rw */

/*
 * References the toolstack (xenlab's builder) fills for a new domain:
 * its console ring page and its xenstore page, granted to the domain
 * that serves them.
 */
#define GNTTAB_RESERVED_CONSOLE  0
#define GNTTAB_RESERVED_XENSTORE 1
#define GNTTAB_NR_RESERVED_ENTRIES 8

/* ---- Operations ---------------------------------------------------------- */

#define GNTTABOP_map_grant_ref      0
#define GNTTABOP_unmap_grant_ref    1
#define GNTTABOP_setup_table        2
#define GNTTABOP_dump_table         3
#define GNTTABOP_transfer           4
#define GNTTABOP_copy               5
#define GNTTABOP_query_size         6

/*
 * grant_table_op(cmd, ops, count) takes any count below 2^31. A long
 * batch is done in parts: when other work waits for the CPU, the guest
 * goes back to its int $0x82 with ops advanced past what is done and
 * count reduced to what is left, and carries on from there.
 */

/* How a grant is mapped (map_grant_ref flags). */
#define GNTMAP_device_map       (1u << 0)   /* for a device: dev_bus_addr */
#define GNTMAP_host_map         (1u << 1)   /* into the caller's page tables */
#define GNTMAP_readonly         (1u << 2)
#define GNTMAP_application_map  (1u << 3)   /* user-accessible (ring 3) */
#define GNTMAP_contains_pte     (1u << 4)   /* host_addr is a PTE's address */

/*
 * map_grant_ref: map `ref` of domain `dom` at host_addr, a virtual
 * address of the caller (or, with GNTMAP_contains_pte, the machine
 * address of the L1 entry to fill). The L1 table must exist; what the
 * entry held before is replaced. handle identifies the mapping for
 * unmap_grant_ref.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;         /* IN */
    uint32_t flags;             /* IN: GNTMAP_* */
    grant_ref_t ref;            /* IN */
    domid_t  dom;               /* IN: the granting domain */
    int16_t  status;            /* OUT: GNTST_* */
    grant_handle_t handle;      /* OUT */
    uint64_t dev_bus_addr;      /* OUT: the frame's machine address */
};

/* unmap_grant_ref: undo the mapping `handle` made at host_addr. */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;         /* IN: as mapped (0: do not check) */
    uint64_t dev_bus_addr;      /* IN: ignored */
    grant_handle_t handle;      /* IN */
    int16_t  status;            /* OUT: GNTST_* */
};

/*
 * setup_table: the machine frames of the caller's grant table, which it
 * then maps (writable) with update_va_mapping like any page of its own.
 */
struct gnttab_setup_table {
    domid_t  dom;               /* IN: DOMID_SELF */
    uint32_t nr_frames;         /* IN: how many frames to use */
    int16_t  status;            /* OUT: GNTST_* */
    xen_pfn_t *frame_list;      /* OUT: a guest array of nr_frames */
};

/*
 * copy: bytes from one page to another, either side named by a grant
 * reference (flag GNTCOPY_*_gref; the grant must be to the caller) or by
 * one of the caller's own frames (domid DOMID_SELF). Neither range may
 * cross its page's end.
 */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;        /* with GNTCOPY_*_gref */
        xen_pfn_t gmfn;         /* otherwise: the caller's own frame */
    } u;
    domid_t  domid;
    uint16_t offset;
};

struct gnttab_copy {
    struct gnttab_copy_ptr source;  /* IN */
    struct gnttab_copy_ptr dest;    /* IN */
    uint16_t len;                   /* IN */
    uint16_t flags;                 /* IN: GNTCOPY_* */
    int16_t  status;                /* OUT: GNTST_* */
};

#define GNTCOPY_source_gref     (1u << 0)
#define GNTCOPY_dest_gref       (1u << 1)

/* query_size: how big a table the domain uses, and may use. */
struct gnttab_query_size {
    domid_t  dom;               /* IN: DOMID_SELF */
    uint32_t nr_frames;         /* OUT */
    uint32_t max_nr_frames;     /* OUT */
    int16_t  status;            /* OUT: GNTST_* */
};

/* ---- Status codes (per op) ----------------------------------------------- */

#define GNTST_okay               0
#define GNTST_general_error     (-1)   /* e.g. the page is a page table */
#define GNTST_bad_domain        (-2)   /* no such domain */
#define GNTST_bad_gntref        (-3)   /* ref outside the table */
#define GNTST_bad_handle        (-4)   /* no such mapping (or unmapped) */
#define GNTST_bad_virt_addr     (-5)   /* host_addr not usable */
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)   /* no mapping slots left */
#define GNTST_permission_denied (-8)   /* not granted to you, or read-only */
#define GNTST_bad_page          (-9)   /* frame not the granter's */
#define GNTST_bad_copy_arg      (-10)  /* copy would cross a page */
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)

#endif /* XENLAB_PUBLIC_GRANT_TABLE_H */
