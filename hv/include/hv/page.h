/*
 * page.h - the PAE page-table format: 64-bit entries, three levels.
 *
 *   CR3 -> L3 (4 entries, 32 bytes) -> L2 (512) -> L1 (512) -> 4 KB frame
 *           va[31:30]                  va[29:21]   va[20:12]   va[11:0]
 *
 * An L2 entry with _PAGE_PSE maps a 2 MB frame directly. Entries hold a
 * physical frame address and flag bits; the hypervisor's own mappings are
 * _PAGE_GLOBAL, so they stay in the TLB across a CR3 load.
 */
#ifndef HV_PAGE_H
#define HV_PAGE_H

#include "config.h"
#include "types.h"

typedef uint64_t pte_t;

#define _PAGE_PRESENT   0x001ull
#define _PAGE_RW        0x002ull
#define _PAGE_USER      0x004ull
#define _PAGE_PWT       0x008ull
#define _PAGE_PCD       0x010ull
#define _PAGE_ACCESSED  0x020ull
#define _PAGE_DIRTY     0x040ull
#define _PAGE_PSE       0x080ull
#define _PAGE_GLOBAL    0x100ull
#define PTE_ADDR_MASK   0x000ffffffffff000ull

#define L3_SHIFT        30
#define L2_SHIFT        21
#define L1_SHIFT        12
#define L2_ENTRIES      512
#define L1_ENTRIES      512
#define SUPERPAGE_SIZE  (1u << L2_SHIFT)

#define l3_index(va)    (((uint32_t)(va) >> L3_SHIFT) & 3)
#define l2_index(va)    (((uint32_t)(va) >> L2_SHIFT) & 511)
#define l1_index(va)    (((uint32_t)(va) >> L1_SHIFT) & 511)

/* The hypervisor image and its static data sit in the direct map. */
#ifndef HV_HOST_TEST
#define __pa(va)        ((paddr_t)((uintptr_t)(va) - DIRECTMAP_START))
#define __va(pa)        ((void *)(uintptr_t)((pa) + DIRECTMAP_START))
#else
/* Host unit tests keep "machine memory" in a buffer; their harness says
 * where frame 0 is. */
extern uint8_t *host_directmap;
#define __pa(va)        ((paddr_t)((const uint8_t *)(va) - host_directmap))
#define __va(pa)        ((void *)(host_directmap + (pa)))
#endif

#endif /* HV_PAGE_H */
