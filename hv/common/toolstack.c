/*
 * toolstack.c - what Xen's toolstack does for a new domain's I/O.
 *
 * On Xen, `xl create` in domain 0 builds a domain and then wires up its
 * devices: it introduces the domain to xenstore, lends its console page
 * to the console daemon, and for each disk and network interface writes
 * a frontend and a backend directory in xenstore that point at each
 * other. xenlab has no toolstack domain at boot, so the builder does the
 * same, from words on the module's line:
 *
 *   disk=SIZE          a ramdisk of SIZE bytes (K/M suffix, up to 4M)
 *   vif                a network interface on the backend's bridge
 *   backend=hv|dom0    where this domain's backends run (default: the
 *                      hypervisor's io_backend= option, else dom0)
 *
 *   /local/domain/N/device/vbd/0/        frontend (N's, d0 may read)
 *       backend = /local/domain/B/backend/vbd/N/0, backend-id = B, state = 1
 *   /local/domain/B/backend/vbd/N/0/     backend (B's, N may read)
 *       frontend = /local/domain/N/device/vbd/0, frontend-id = N,
 *       params = <ramdisk bytes>, state = 1
 *
 * B is 0 (Xen 2.0: drivers in domain 0) or 32754, DOMID_XEN (Xen 1.0:
 * drivers in the hypervisor, hv_backend.c). Frontends read backend-id and
 * never need to know which it is.
 */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/hv_backend.h>
#include <klib.h>
#include <hv/toolstack.h>
#include <hv/xenstore.h>
#include <public/io/xenbus.h>

#define DISK_MAX_BYTES  (4u << 20)

static domid_t default_backend;         /* 0, or DOMID_XEN */

void toolstack_init(const char *cmdline)
{
    char v[8];

    if (cmdline_get(cmdline, "io_backend", v, sizeof(v)) && !strcmp(v, "hv"))
        default_backend = DOMID_XEN;
    printk("io: block and network backends %s\n",
           default_backend == DOMID_XEN ? "in the hypervisor (Xen 1.0)"
                                        : "in domain 0 (Xen 2.0)");
}

/* printf into a path buffer, then write a key there. */
static int put(const char *dir, const char *key, domid_t owner, domid_t peer,
               const char *fmt, ...)
{
    char path[XS_PATH_LEN], value[XS_VALUE_LEN];
    va_list ap;

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    va_start(ap, fmt);
    vsnprintf(value, sizeof(value), fmt, ap);
    va_end(ap);
    return xs_write(path, value, owner, peer);
}

/* A domU's console: its page lent to domain 0, a port for it to bind. */
static int connect_console(struct domain *d, mfn_t console, evtchn_port_t *port)
{
    char dir[XS_PATH_LEN];
    long p = evtchn_alloc_unbound_in(d, 0);

    if (p < 0)
        return (int)p;
    *port = (evtchn_port_t)p;
    gnttab_seed(d, GNTTAB_RESERVED_CONSOLE, 0, console);
    snprintf(dir, sizeof(dir), "/local/domain/%u/console", d->domain_id);
    return put(dir, "ring-ref", d->domain_id, 0, "%u", GNTTAB_RESERVED_CONSOLE) ?:
           put(dir, "port", d->domain_id, 0, "%u", *port) ?:
           put(dir, "type", d->domain_id, 0, "xenconsoled");
}

/* Both directories of one device; the hypervisor's backend if B is it. */
static int make_device(struct domain *d, const char *type, domid_t back,
                       uint32_t disk_bytes)
{
    char fdir[XS_PATH_LEN], bdir[XS_PATH_LEN];
    domid_t n = d->domain_id;
    int rc;

    snprintf(fdir, sizeof(fdir), "/local/domain/%u/device/%s/0", n, type);
    snprintf(bdir, sizeof(bdir), "/local/domain/%u/backend/%s/%u/0", back,
             type, n);
    rc = put(fdir, "backend", n, back, "%s", bdir) ?:
         put(fdir, "backend-id", n, back, "%u", back) ?:
         put(fdir, "state", n, back, "%u", XenbusStateInitialising) ?:
         put(bdir, "frontend", back, n, "%s", fdir) ?:
         put(bdir, "frontend-id", back, n, "%u", n);
    if (!rc && disk_bytes)
        rc = put(bdir, "params", back, n, "%u", disk_bytes);
    if (!rc && !disk_bytes)
        rc = put(fdir, "mac", n, back, "00:16:3e:00:%02x:%02x", n >> 8, n & 0xff) ?:
             put(bdir, "mac", back, n, "00:16:3e:00:%02x:%02x", n >> 8, n & 0xff) ?:
             put(bdir, "bridge", back, n, "xenbr0");
    if (!rc)
        rc = put(bdir, "state", back, n, "%u", XenbusStateInitialising);
    if (!rc && back == DOMID_XEN)
        rc = hv_backend_create(disk_bytes ? HV_DEV_VBD : HV_DEV_VIF, n, 0, bdir,
                               fdir, disk_bytes);
    if (!rc)
        printk("d%u: %s 0, backend in %s\n", n, type,
               back == DOMID_XEN ? "the hypervisor" : "domain 0");
    return rc;
}

/* "64K", "1M", "65536" */
static bool disk_size(const char *s, uint32_t *bytes)
{
    char num[16];
    size_t n = strlcpy(num, s, sizeof(num));
    unsigned long v, unit = 1;

    if (n && (num[n - 1] == 'K' || num[n - 1] == 'M')) {
        unit = num[n - 1] == 'K' ? 1024 : 1024 * 1024;
        num[n - 1] = '\0';
    }
    if (!parse_ulong(num, &v) || !v || v > DISK_MAX_BYTES / unit ||
        (v * unit) % 4096)
        return false;
    *bytes = (uint32_t)(v * unit);
    return true;
}

int toolstack_connect(struct domain *d, mfn_t store, mfn_t console,
                      const char *line, struct toolstack_ports *ports)
{
    domid_t back = default_backend;
    uint32_t disk = 0;
    char v[16];
    int rc;

    rc = xenstore_introduce(d, store, &ports->store);
    if (rc || d->domain_id == 0)
        return rc;
    rc = connect_console(d, console, &ports->console);
    if (rc)
        return rc;
    if (cmdline_get(line, "backend", v, sizeof(v)))
        back = strcmp(v, "hv") ? 0 : DOMID_XEN;
    if (cmdline_get(line, "disk", v, sizeof(v))) {
        if (!disk_size(v, &disk)) {
            printk("d%u: disk=%s: not a size of whole pages up to 4M\n",
                   d->domain_id, v);
            return -EINVAL;
        }
        rc = make_device(d, "vbd", back, disk);
    }
    if (!rc && cmdline_get(line, "vif", v, sizeof(v)))
        rc = make_device(d, "vif", back, 0);
    return rc;
}

void toolstack_domain_destroy(struct domain *d)
{
    static const char *const types[] = { "vbd", "vif" };
    static const domid_t backs[] = { 0, DOMID_XEN };
    char path[XS_PATH_LEN];

    /* The backends see their directories go, and let go of the devices. */
    for (unsigned int b = 0; b < ARRAY_SIZE(backs); b++)
        for (unsigned int t = 0; t < ARRAY_SIZE(types); t++) {
            snprintf(path, sizeof(path), "/local/domain/%u/backend/%s/%u",
                     backs[b], types[t], d->domain_id);
            xs_rm(path);
        }
    xenstore_domain_destroy(d);
}
