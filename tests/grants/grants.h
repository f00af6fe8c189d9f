/*
 * grants.h - what the granters and the grantee of the "granter dies
 * first" test agree on: where each granter puts what, and how the two
 * sides tell each other how far they got.
 *
 * Domain layout of the boot (BUILD): d0 the victim, d1 the grantee,
 * d2..d(N+1) the granters, one of each kind below. Each granter lends a
 * mailbox page (MAILBOX_REF, writable) and the frame under test
 * (TEST_REF, and two more for the "clear" kind). Both sides only
 * ever wait for a counter to have *reached* a value.
 */
#ifndef TESTS_GRANTS_H
#define TESTS_GRANTS_H

#include <klib.h>

#define MAILBOX_REF     8               /* the first unreserved entry */
#define TEST_REF        9

/* Granter -> grantee: filled before the mailbox grant is published. */
struct mailbox {
    uint32_t kind;                      /* enum kind */
    uint32_t nr_refs;                   /* TEST_REF .. TEST_REF + nr_refs - 1 */
    uint32_t readonly;                  /* map the test frames read-only */
    uint32_t frame[3];                  /* their machine frames */
    volatile uint32_t grantee_step;     /* grantee: STEP_* reached */
    volatile uint32_t granter_step;     /* granter: STEP_* reached */
};

enum step {
    STEP_NONE,
    STEP_MAPPED,                        /* grantee: everything mapped */
    STEP_CLEARED,                       /* grantee: its "clear" work done */
    STEP_CHECKED,                       /* granter: checked, about to die */
};

/* What a granter lends (guest argument kind=NAME). */
enum kind {
    KIND_PAGE,          /* an ordinary page of its memory */
    KIND_SHARED_INFO,   /* the hypervisor's shared_info page, lent to it */
    KIND_GRANT_TABLE,   /* a frame of its own grant table (lent too) */
    KIND_PAGETABLE,     /* a pinned L1 page table (read-only grant) */
    KIND_BALLOON,       /* a frame just ballooned in, then ballooned out */
    KIND_CLEAR,         /* three pages; the grantee drops its mappings
                           not by unmap but by mmu_update, by
                           update_va_mapping, and by unpinning the L1
                           that holds the third */
    NR_KINDS,
};

static const char *const kind_names[NR_KINDS] = {
    [KIND_PAGE] = "page", [KIND_SHARED_INFO] = "shared_info",
    [KIND_GRANT_TABLE] = "grant_table", [KIND_PAGETABLE] = "pagetable",
    [KIND_BALLOON] = "balloon", [KIND_CLEAR] = "clear",
};

/* The number after "key=" in our command line, or `none`. */
static inline unsigned long guest_arg(const char *cmdline, const char *key,
                                      unsigned long none)
{
    size_t n = strlen(key);

    for (const char *p = cmdline; *p; p++) {
        unsigned long v = 0;

        if ((p != cmdline && p[-1] != ' ') || strncmp(p, key, n) || p[n] != '=')
            continue;
        for (p += n + 1; *p >= '0' && *p <= '9'; p++)
            v = v * 10 + (unsigned long)(*p - '0');
        return v;
    }
    return none;
}

/* Our kind=NAME, as an enum kind (NR_KINDS if none). */
static inline enum kind guest_kind(const char *cmdline)
{
    for (unsigned int k = 0; k < NR_KINDS; k++)
        for (const char *p = cmdline; *p; p++)
            if (!strncmp(p, "kind=", 5) && !strncmp(p + 5, kind_names[k],
                                                    strlen(kind_names[k])) &&
                (p[5 + strlen(kind_names[k])] | ' ') == ' ')
                return (enum kind)k;
    return NR_KINDS;
}

#endif /* TESTS_GRANTS_H */
