/*
 * cmdline.h - options on the hypervisor's command line ("key=value key").
 *
 * GRUB passes the line after the image path, e.g.
 *   multiboot /boot/hv.elf lesson=1 selftest=ud
 */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include "types.h"

/*
 * Find `key` in `cmdline`. If present, copy its value ("" for a bare key)
 * into val[size] and return true.
 */
bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size);

/* The hypervisor's own command line, as the boot loader gave it. */
const char *hv_cmdline(void);

/* Parse an unsigned number in base 10, or 16 with a 0x prefix. */
bool parse_ulong(const char *s, unsigned long *out);

#endif /* HV_CMDLINE_H */
