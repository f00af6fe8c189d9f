/*
 * version.c - xen_version: what a PV kernel asks first.
 *
 * A kernel checks the version and capabilities before it relies on any
 * feature, and learns where the hypervisor's part of the address space
 * begins. xenlab answers as a Xen 3.4-compatible, x86_32 PAE hypervisor.
 */
#include <hv/cmdline.h>
#include <hv/config.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <klib.h>
#include <public/version.h>

#define XEN_MAJOR 3
#define XEN_MINOR 4

static long put_string(uint32_t arg, const char *s, size_t size)
{
    char buf[1024];

    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

long do_xen_version(uint32_t cmd, uint32_t arg, uint32_t a3, uint32_t a4,
                    uint32_t a5)
{
    switch (cmd) {
    case XENVER_version:
        return XEN_MAJOR << 16 | XEN_MINOR;
    case XENVER_extraversion:
        return put_string(arg, "-xenlab", sizeof(xen_extraversion_t));
    case XENVER_compile_info: {
        struct xen_compile_info ci;

        memset(&ci, 0, sizeof(ci));
        strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
        strlcpy(ci.compile_by, "xenlab", sizeof(ci.compile_by));
        strlcpy(ci.compile_domain, "xenlab", sizeof(ci.compile_domain));
        strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
        return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
    }
    case XENVER_capabilities:
        return put_string(arg, "xen-3.0-x86_32p", sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return put_string(arg, "xenlab", sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters: {
        struct xen_platform_parameters pp = { HYPERVISOR_VIRT_START };

        return copy_to_guest(arg, &pp, sizeof(pp)) ? -EFAULT : 0;
    }
    case XENVER_get_features: {
        struct xen_feature_info fi;

        if (copy_from_guest(&fi, arg, sizeof(fi)))
            return -EFAULT;
        fi.submap = 0;              /* no optional features offered */
        return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
    }
    case XENVER_pagesize:
        return PAGE_SIZE;
    case XENVER_guest_handle: {
        xen_domain_handle_t h;

        memset(h, 0, sizeof(h));
        h[0] = (uint8_t)current->domain->domain_id;
        return copy_to_guest(arg, h, sizeof(h)) ? -EFAULT : 0;
    }
    case XENVER_commandline:
        if (!is_privileged(current->domain))
            return -EPERM;
        return put_string(arg, hv_cmdline(), sizeof(xen_commandline_t));
    default:
        return -ENOSYS;
    }
}
