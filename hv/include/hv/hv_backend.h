/*
 * hv_backend.h - block and network backends inside the hypervisor: the
 * Xen 1.0 design (hv_backend.c).
 */
#ifndef HV_HV_BACKEND_H
#define HV_HV_BACKEND_H

#include "domain.h"

enum hv_dev_kind { HV_DEV_VBD = 1, HV_DEV_VIF };

/* Register the event consumer and the hypervisor's bridge. */
void hv_backend_init(void);

/*
 * The toolstack made a device whose backend directory `bpath` names the
 * hypervisor; `fpath` is the frontend's. disk_bytes: the ramdisk (vbd).
 */
int hv_backend_create(enum hv_dev_kind kind, domid_t front, unsigned int devid,
                      const char *bpath, const char *fpath, uint32_t disk_bytes);

/* The frontend's domain is going away: drop its devices. */
void hv_backend_domain_destroy(struct domain *d);

#endif /* HV_HV_BACKEND_H */
