/*
 * version.h - xen_version(cmd, arg): what hypervisor is this?
 *
 * A PV kernel asks at boot which version and features it is talking to,
 * and where the hypervisor's part of the address space starts.
 */
#ifndef XENLAB_PUBLIC_VERSION_H
#define XENLAB_PUBLIC_VERSION_H

#include "xen.h"

#define XENVER_version          0   /* returns major << 16 | minor */
#define XENVER_extraversion     1   /* arg: char[16] */
#define XENVER_compile_info     2   /* arg: struct xen_compile_info */
#define XENVER_capabilities     3   /* arg: char[1024] */
#define XENVER_changeset        4   /* arg: char[64] */
#define XENVER_platform_parameters 5 /* arg: struct xen_platform_parameters */
#define XENVER_get_features     6   /* arg: struct xen_feature_info */
#define XENVER_pagesize         7   /* returns the page size */
#define XENVER_guest_handle     8   /* arg: uint8_t[16] */
#define XENVER_commandline      9   /* arg: char[1024], privileged */
#define XENVER_build_id        10

typedef char xen_extraversion_t[16];
typedef char xen_capabilities_info_t[1024];
typedef char xen_changeset_info_t[64];
typedef char xen_commandline_t[1024];
typedef uint8_t xen_domain_handle_t[16];

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};

struct xen_platform_parameters {
    xen_ulong_t virt_start;     /* OUT: HYPERVISOR_VIRT_START */
};

struct xen_feature_info {
    unsigned int submap_idx;    /* IN: which 32-bit block of features */
    uint32_t submap;            /* OUT */
};

#endif /* XENLAB_PUBLIC_VERSION_H */
