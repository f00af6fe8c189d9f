/*
 * domain_build.h - building a PV domain from a multiboot module, and the
 * two things the builder needs the architecture to do.
 */
#ifndef HV_DOMAIN_BUILD_H
#define HV_DOMAIN_BUILD_H

#include "domain.h"
#include "multiboot.h"

/* Build domain `index` from module `mod`; 0 or a negative errno. */
int domain_build(unsigned int index, const struct boot_module *mod);

/* Fill a hypercall page: one `mov $nr,%eax; int $0x82; ret` per number. */
void arch_fill_hypercall_page(uint8_t *page);

/* Set up v to enter the kernel in ring 1 at entry, esp and esi given. */
void arch_vcpu_init(struct vcpu *v, uint32_t entry, uint32_t esp,
                    uint32_t esi);

#endif /* HV_DOMAIN_BUILD_H */
