/*
 * hostile_iret.c - an unprivileged guest attacks through the iret frame.
 *
 * The iret hypercall loads a frame the guest wrote into the CPU from
 * ring 0, where nothing stops EFLAGS.VM, IOPL or a selector the guest may
 * not use. One attack per domain, chosen on the command line:
 *
 *   attack=v86    the escape of issue 12. Map, low in memory, a page
 *                 holding `ljmp $0x100,$5`, and iret to it with
 *                 eflags 0x20202 (VM) and the ring-3 cs. In virtual-8086
 *                 mode the far jump loads cs = 0x0100, whose low bits
 *                 read as ring 0: had the hypervisor honoured VM, its
 *                 next trap would look like its own, and it would stop.
 *                 It must instead clear VM; the frame then lands, in
 *                 protected mode, on a copy of the ring-3 landing pad
 *                 mapped where eip points. Then every other forbidden
 *                 bit (IOPL, NT, VIF, VIP) in frames to ring 3 and 1.
 *                 SUCCESS when the landing code never saw one of them.
 *   attack=ring0  cs with RPL 0              } each must crash this
 *   attack=hvcs   the hypervisor's cs, RPL 1 } domain only, with a
 *   attack=hvss   the hypervisor's ds as ss  } clear reason
 *
 * The verdict is a trace record (verdict.h); the crashing attacks have
 * none, and FAILURE if the iret ever comes back.
 */
#include "guest/libguest.h"
#include "iret_frame.h"
#include "verdict.h"

#define HV_CS           0xe008          /* the hypervisor's own selectors */
#define HV_DS           0xe010
#define LOW_PAD_VA      0x2000ul        /* the pad's copy, for protected mode */
#define V86_BASE(cs)    ((uint32_t)(cs) << 4)
#define PTE_RO          0x5ul           /* present, user */
#define PTE_RW          0x7ul

static bool has_word(const char *word)
{
    size_t n = strlen(word);

    for (const char *p = start_info->cmd_line; *p; p++)
        if ((p == start_info->cmd_line || p[-1] == ' ') &&
            !strncmp(p, word, n) && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* A fresh page, filled by the caller, then read-only and pinned as a
 * page table of the given level (or only read-only: pin 0). */
static unsigned long table_page(uint64_t *page, unsigned int pin)
{
    unsigned long mfn = virt_to_mfn(page);

    if (HYPERVISOR_update_va_mapping((unsigned long)page,
                                     (uint64_t)mfn << 12 | PTE_RO, UVMF_INVLPG) ||
        guest_mmuext(pin, mfn, 0))
        guest_exit(RESULT_ERROR, "cannot make a page table (pin %u)", pin);
    return mfn;
}

/*
 * Page tables that also map the first 2 MB: the landing pad's frame at
 * LOW_PAD_VA and, at v86_va, a page holding the far jump. Built as a new
 * L3 (slot 0 added, the rest as now) and switched to.
 */
static void map_low(uint32_t v86_va)
{
    uint64_t *l1 = guest_alloc_page(), *l2 = guest_alloc_page();
    uint64_t *l3 = guest_alloc_page(), *now = (uint64_t *)start_info->pt_base;
    uint8_t *jump = guest_alloc_page();
    const uint8_t ljmp[] = { 0xea, 0x05, 0x00, 0x00, 0x01 }; /* 0100:0005 */

    memcpy(jump + (v86_va & 0xfff), ljmp, sizeof(ljmp));
    l1[LOW_PAD_VA >> 12] = (uint64_t)virt_to_mfn(iret_user_pad) << 12 | PTE_RO;
    l1[v86_va >> 12] = (uint64_t)virt_to_mfn(jump) << 12 | PTE_RO;
    l2[0] = (uint64_t)table_page(l1, MMUEXT_PIN_L1_TABLE) << 12 | PTE_RW;
    l3[0] = (uint64_t)table_page(l2, MMUEXT_PIN_L2_TABLE) << 12 | 1;
    for (unsigned int i = 1; i < 4; i++)
        l3[i] = now[i];
    if (guest_mmuext(MMUEXT_NEW_BASEPTR, table_page(l3, MMUEXT_PIN_L3_TABLE), 0))
        guest_exit(RESULT_ERROR, "cannot switch to the new page tables");
}

static uint32_t check(const char *where, uint32_t seen)
{
    bool bad = !eflags_allowed(seen);

    printf("%s: eflags %08x%s\n", where, seen, bad ? " - NOT ALLOWED" : "");
    return bad;
}

static void attack_v86(void)
{
    uint32_t ip = LOW_PAD_VA + ((uint32_t)(uintptr_t)iret_user_pad & 0xfff);
    struct ring3_target to = { ip, FLAT_USER_CS, FLAT_USER_SS };
    uint32_t all = EFLAGS_FORBIDDEN | EFLAGS_AC | EFLAGS_ID | EFLAGS_ALWAYS;
    uint32_t bad = 0;

    map_low(V86_BASE(FLAT_USER_CS) + ip);
    printf("iret to %04x:%04x with eflags 00020202 (VM)\n", FLAT_USER_CS, ip);
    bad += check("v86 frame landed", iret_to_ring3(0x20202, &to));
    bad += check("ring 3, every forbidden bit", iret_to_ring3(all, NULL));
    bad += check("ring 1, every forbidden bit", iret_to_ring1(all, FLAT_KERNEL_CS));
    if (bad)
        test_verdict(RESULT_FAILURE, bad, "%u frames kept a forbidden flag", bad);
    test_verdict(RESULT_SUCCESS, 3, "3 frames, no forbidden flag kept");
}

static void attack_selector(void)
{
    struct ring3_target hv_ss = { 0, FLAT_USER_CS, HV_DS | 3 };

    if (has_word("attack=ring0"))
        iret_to_ring1(EFLAGS_ALWAYS, FLAT_KERNEL_CS & ~3u);
    else if (has_word("attack=hvcs"))
        iret_to_ring1(EFLAGS_ALWAYS, HV_CS | 1);
    else
        iret_to_ring3(EFLAGS_ALWAYS, &hv_ss);
    test_verdict(RESULT_FAILURE, 0, "a frame with a selector not ours came back");
}

void guest_main(void)
{
    iret_frame_init();
    if (has_word("attack=v86"))
        attack_v86();
    if (has_word("attack=ring0") || has_word("attack=hvcs") ||
        has_word("attack=hvss"))
        attack_selector();
    test_verdict(RESULT_ERROR, 0, "no attack= on the command line");
}
