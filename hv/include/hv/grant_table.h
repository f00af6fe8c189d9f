/*
 * grant_table.h - grant tables inside the hypervisor (grant_table.c).
 *
 * Each domain has a grant table: GNTTAB_MAX_FRAMES pages of
 * struct grant_entry_v1 it shares with the hypervisor (and maps itself
 * after setup_table), plus private books: how many mappings pin each
 * entry, and, for the grants it maps from others, one maptrack slot per
 * mapping (the handle given back to the guest).
 *
 * The hypervisor itself may be a grantee (domid DOMID_XEN in an entry):
 * the Xen 1.0 backends (hv_backend.c) pin and copy grants through the
 * functions at the end.
 */
#ifndef HV_GRANT_TABLE_H
#define HV_GRANT_TABLE_H

#include <public/grant_table.h>
#include "domain.h"
#include "types.h"

#define GNTTAB_MAX_FRAMES   4
#define GNTTAB_PER_FRAME    (4096 / sizeof(struct grant_entry_v1))
#define GNTTAB_MAX_ENTRIES  (GNTTAB_MAX_FRAMES * GNTTAB_PER_FRAME)
#define GNTTAB_MAPTRACK     256         /* mappings a domain may hold */

/* Give d its (empty) grant table; undo it when d is destroyed. */
int gnttab_init(struct domain *d);
void gnttab_destroy(struct domain *d);

/* d's shared entries, as its guest sees them (GNTTAB_MAX_ENTRIES). */
struct grant_entry_v1 *gnttab_shared(struct domain *d);

/* The builder's reserved entries: d lends frame to `to` (console, store). */
void gnttab_seed(struct domain *d, grant_ref_t ref, domid_t to, mfn_t frame);

long do_grant_table_op(uint32_t cmd, uint32_t uop, uint32_t count,
                       uint32_t a4, uint32_t a5);

/*
 * The hypervisor as grantee. gnttab_xen_map pins `ref` of `granter`
 * (which must grant it to DOMID_XEN) and returns its frame, which stays
 * the granter's and stays allocated until gnttab_xen_unmap(handle).
 * gnttab_copy_as performs one copy op for `acting` (a domain, or
 * DOMID_XEN, whose "own frames" are hypervisor pages).
 */
int16_t gnttab_xen_map(domid_t granter, grant_ref_t ref, bool readonly,
                       grant_handle_t *handle, mfn_t *frame);
void gnttab_xen_unmap(grant_handle_t handle);
int16_t gnttab_copy_as(domid_t acting, struct gnttab_copy *op);

#endif /* HV_GRANT_TABLE_H */
