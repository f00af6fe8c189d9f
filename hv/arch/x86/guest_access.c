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

/*
 * rep movsl, then rep movsb for the last bytes, either of which may
 * fault; returns the number of bytes not copied. (Whole words: a quarter
 * of the iterations, which QEMU's -icount counts one by one.)
 */
static size_t raw_copy(void *to, const void *from, size_t n)
{
    size_t words = n / 4, rest = n % 4;

    __asm__ volatile("1: rep movsl\n"
                     "   mov %[rest], %%ecx\n"
                     "2: rep movsb\n"
                     "3:\n"
                     ".pushsection .fixup, \"ax\"\n"
                     "4: lea (%[rest], %%ecx, 4), %%ecx\n"
                     "   jmp 3b\n"
                     ".popsection\n"
                     ".pushsection .ex_table, \"a\"\n"
                     ".long 1b, 4b\n"
                     ".long 2b, 3b\n"
                     ".popsection"
                     : "+c"(words), "+D"(to), "+S"(from)
                     : [rest] "r"(rest)
                     : "memory");
    return words;
}

/* In its own address space the hypervisor must visit the guest's to copy. */
static size_t copy(void *to, const void *from, size_t len)
{
    bool own = hv_in_own_space;
    size_t left;

    if (__builtin_expect(own, 0))
        hv_space_leave();
    left = raw_copy(to, from, len);
    if (__builtin_expect(own, 0))
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
