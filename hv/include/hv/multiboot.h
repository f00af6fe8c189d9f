/*
 * multiboot.h - what the boot loader handed us, checked and copied.
 *
 * GRUB (or QEMU's -kernel) passes a Multiboot 1 information block in
 * physical memory: our command line, the guest kernels as modules, and a
 * map of usable RAM. None of it is trusted: multiboot_parse() copies what
 * is sane into a struct boot_info and records each problem it meets, so a
 * bad boot loader (or a bad test) gets a clear message, not a crash.
 */
#ifndef HV_MULTIBOOT_H
#define HV_MULTIBOOT_H

#include "types.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u

#define MB_MAX_MODULES   32
#define MB_MAX_RANGES    64
#define MB_MAX_PROBLEMS  8
#define MB_CMDLINE_MAX   512
#define MB_MODLINE_MAX   256

/* The part of the information block we read (Multiboot 1 layout). */
struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;          /* flags bit 0, in KiB */
    uint32_t boot_device;                   /* bit 1 */
    uint32_t cmdline;                       /* bit 2 */
    uint32_t mods_count, mods_addr;         /* bit 3 */
    uint32_t syms[4];                       /* bits 4, 5 */
    uint32_t mmap_length, mmap_addr;        /* bit 6 */
};

#define MBI_MEMORY   (1u << 0)
#define MBI_CMDLINE  (1u << 2)
#define MBI_MODULES  (1u << 3)
#define MBI_MMAP     (1u << 6)

struct multiboot_module {
    uint32_t mod_start, mod_end, string, reserved;
};

struct boot_module {
    paddr_t start, end;                     /* [start, end) */
    char cmdline[MB_MODLINE_MAX];
};

#define MEM_RAM 1                           /* multiboot type "available" */

struct mem_range {
    uint64_t base, len;
    uint32_t type;
};

enum mb_problem {
    MB_BAD_MAGIC = 1,
    MB_INFO_UNREADABLE,
    MB_NO_MEMORY_INFO,
    MB_CMDLINE_UNREADABLE,
    MB_CMDLINE_TRUNCATED,
    MB_MODULES_UNREADABLE,
    MB_TOO_MANY_MODULES,
    MB_MODULE_BAD_RANGE,
    MB_MODULE_NAME_UNREADABLE,
    MB_MODULE_NAME_TRUNCATED,
    MB_MMAP_UNREADABLE,
    MB_MMAP_BAD_ENTRY,
    MB_TOO_MANY_RANGES,
};

struct boot_info {
    char cmdline[MB_CMDLINE_MAX];
    struct boot_module mods[MB_MAX_MODULES];
    unsigned int nr_mods;
    struct mem_range ranges[MB_MAX_RANGES];
    unsigned int nr_ranges;
    uint64_t ram_bytes;                     /* sum of MEM_RAM ranges */
    struct {
        enum mb_problem code;
        uint32_t arg;                       /* e.g. the module index */
    } problems[MB_MAX_PROBLEMS];
    unsigned int nr_problems;               /* may exceed MB_MAX_PROBLEMS */
};

/*
 * Read the information block at physical address info_pa through
 * arch_phys_to_virt(). Returns 0, or -EINVAL when nothing usable was
 * found (wrong magic, unreadable block, no memory information).
 */
int multiboot_parse(uint32_t magic, paddr_t info_pa, struct boot_info *bi);

const char *multiboot_problem_str(enum mb_problem p);

#endif /* HV_MULTIBOOT_H */
