/*
 * guest_access.c - copying to and from guest memory without trusting it.
 *
 * The hypervisor runs on the guest's page tables, so a guest pointer can
 * be followed directly, after two precautions:
 *   1. the range must lie below HYPERVISOR_VIRT_START (guest_range_ok);
 *   2. a fault while copying must not be fatal: the copy loop is listed
 *      in the exception table (.ex_table), so a page fault inside it
 *      resumes at the fixup label with ecx = bytes left, and the caller
 *      gets -EFAULT.
 * CR0.WP is set, so a read-only guest mapping stays read-only for us too.
 */
#include <hv/guest_access.h>
#include <hv/config.h>
#include <hv/tlb.h>
#include "x86.h"

bool guest_range_ok(uint32_t va, size_t len)
{
    return len <= HYPERVISOR_VIRT_START && va <= HYPERVISOR_VIRT_START - len;
}

/* rep movsb that may fault; returns the number of bytes not copied. */
static size_t raw_copy(void *to, const void *from, size_t n)
{
    __asm__ volatile("1: rep movsb\n"
                     "2:\n"
                     ".pushsection .ex_table, \"a\"\n"
                     ".long 1b, 2b\n"
                     ".popsection"
                     : "+c"(n), "+D"(to), "+S"(from)
                     :
                     : "memory");
    return n;
}

/* In its own address space the hypervisor must visit the guest's to copy. */
static size_t copy(void *to, const void *from, size_t len)
{
    size_t left;

    hv_space_leave();
    left = raw_copy(to, from, len);
    hv_space_enter();
    return left;
}

int copy_from_guest(void *to, uint32_t guest_va, size_t len)
{
    if (!guest_range_ok(guest_va, len))
        return -EFAULT;
    return copy(to, (const void *)(uintptr_t)guest_va, len) ? -EFAULT : 0;
}

int copy_to_guest(uint32_t guest_va, const void *from, size_t len)
{
    if (!guest_range_ok(guest_va, len))
        return -EFAULT;
    return copy((void *)(uintptr_t)guest_va, from, len) ? -EFAULT : 0;
}

struct ex_entry {
    uint32_t insn, fixup;
};

extern const struct ex_entry ex_table_start[], ex_table_end[];    /* hv.ld */

uint32_t search_exception_table(uint32_t eip)
{
    for (const struct ex_entry *e = ex_table_start; e < ex_table_end; e++)
        if (e->insn == eip)
            return e->fixup;
    return 0;
}
