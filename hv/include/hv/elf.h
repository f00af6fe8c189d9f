/*
 * elf.h - reading a PV kernel image: ELF32 program headers and Xen notes.
 *
 * The domain builder trusts nothing in a guest image: elf_parse() checks
 * every header and offset against the image's size and reports the first
 * problem as an enum trace_build_problem, so a broken kernel is refused
 * with a clear message while the other domains boot.
 */
#ifndef HV_ELF_H
#define HV_ELF_H

#include <public/trace.h>
#include "types.h"

#define ELF_MAX_SEGMENTS 16

struct elf_segment {
    uint32_t vaddr;             /* where it goes */
    uint32_t offset;            /* where it is in the file */
    uint32_t filesz;            /* bytes to copy */
    uint32_t memsz;             /* bytes to occupy (the rest is zeroed) */
};

struct elf_image {
    struct elf_segment seg[ELF_MAX_SEGMENTS];
    unsigned int nr_segs;
    uint32_t vstart, vend;      /* page-rounded span of all segments */
    uint32_t entry;

    /* From the Xen notes. */
    uint32_t virt_base;
    uint32_t hypercall_page;    /* 0 if none requested */
    bool pae;                   /* PAE_MODE says the kernel can run PAE */
    char guest_os[32];
    char guest_version[32];
    char xen_version[32];
    char loader[32];
    char features[128];
};

/*
 * Parse size bytes of an ELF32 image. Returns 0, or a negative errno
 * with *problem saying what is wrong.
 */
int elf_parse(const uint8_t *data, size_t size, struct elf_image *img,
              enum trace_build_problem *problem);

#endif /* HV_ELF_H */
