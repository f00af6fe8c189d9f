/*
 * toolstack.h - the builder doing what Xen's toolstack (xl) does for a new
 * domain's I/O (toolstack.c).
 */
#ifndef HV_TOOLSTACK_H
#define HV_TOOLSTACK_H

#include "domain.h"

/* io_backend=hv|dom0 on the hypervisor's line: where backends go. */
void toolstack_init(const char *cmdline);

/* What start_info tells the new domain about its store and console. */
struct toolstack_ports {
    evtchn_port_t store;
    evtchn_port_t console;              /* domUs only */
};

/*
 * Connect domain d: its store page (frame `store`), for a domU its
 * console page (frame `console`, granted to domain 0), and the devices
 * its module line asks for (disk=SIZE, vif, backend=hv|dom0).
 */
int toolstack_connect(struct domain *d, mfn_t store, mfn_t console,
                      const char *guest_line, struct toolstack_ports *ports);

/* d is going away: its device directories and its place in xenstore. */
void toolstack_domain_destroy(struct domain *d);

#endif /* HV_TOOLSTACK_H */
