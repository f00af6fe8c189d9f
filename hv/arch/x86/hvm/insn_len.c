/*
 * insn_len.c - how far to step over an instruction the hypervisor
 * emulated for a hardware-assisted guest.
 *
 * After cpuid, rdmsr, wrmsr, invd or wbinvd exits, the hypervisor does
 * the instruction's work and moves the guest's rip past it. A real CPU
 * says how far (NextRIP) only if it has "decode assists"; QEMU's does
 * not, and "2" is wrong as soon as the instruction carries a prefix: a
 * guest may put up to fourteen redundant ones before a two-byte opcode,
 *
 *      3e 3e 66 0f a2          ds ds data16 cpuid: five bytes
 *      '-prefixes-' '-op-'
 *
 * and a hypervisor that steps over two of them resumes the guest inside
 * its own instruction. So the length is decoded: legacy prefixes (no REX:
 * these guests are 32-bit), then the opcode the exit names, which must be
 * there - if the bytes say otherwise (the guest changed them, or they
 * cannot be read) the domain is crashed rather than guessed about. None
 * of these instructions has operands, so nothing follows the opcode.
 *
 * This file only looks at bytes; svm.c fetches them through the guest's
 * paging and the nested tables (svm_insn_len).
 */
#include <klib.h>
#include "svm.h"

static bool legacy_prefix(uint8_t b)
{
    switch (b) {
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:   /* segments */
    case 0x66: case 0x67:                                               /* sizes */
    case 0xf0: case 0xf2: case 0xf3:                                    /* lock, rep */
        return true;
    default:
        return false;
    }
}

int insn_len_bytes(const uint8_t *b, unsigned int n, const uint8_t *op,
                   unsigned int oplen)
{
    unsigned int i = 0;

    if (n > X86_MAX_INSN_LEN)
        n = X86_MAX_INSN_LEN;
    while (i < n && legacy_prefix(b[i]))
        i++;
    if (i + oplen > n)
        return n < X86_MAX_INSN_LEN ? -EFAULT : -EINVAL;
    if (memcmp(b + i, op, oplen))
        return -EINVAL;
    return (int)(i + oplen);
}
