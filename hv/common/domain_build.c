/*
 * domain_build.c - turning a kernel image into a domain ready to run.
 *
 * Each multiboot module is a PV kernel: module 0 becomes domain 0 (the
 * privileged one), module 1 domain 1, and so on. Words on the module's
 * line: the image path, then `name=NAME`, `mem=SIZE` (what it starts
 * with) and `maxmem=SIZE` (what its balloon may grow to; K/M suffix) for
 * the builder, and everything else is the guest's own command line.
 *
 * The builder does what Xen's does for a 32-bit PAE PV kernel: it gives
 * the domain its frames, lays out one virtual region starting at the
 * kernel's VIRT_BASE, mapped 1:1 onto the first pseudo-physical frames,
 *
 *   v_start  kernel image (from the ELF segments)
 *            pfn -> mfn list (mfn_list: the guest's view of its memory)
 *            start_info                   <- esi at entry
 *            xenstore page, console page
 *            bootstrap page tables (L3, L2s, L1s), mapped read-only
 *            boot stack                   <- esp at entry
 *            512 KB or more of padding
 *   v_end    (a 4 MB boundary)
 *
 * has the PV MMU validate and pin those page tables, fills start_info and
 * the hypercall page, and sets the vCPU to enter the kernel in ring 1.
 * A bad image is refused with a message and a domain.build_failed record;
 * the other modules still boot.
 */
#include <hv/arch.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/hvm.h>
#include <hv/domain_build.h>
#include <hv/elf.h>
#include <klib.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/sched.h>
#include <hv/toolstack.h>
#include <hv/trace.h>

#define MB                  (1024u * 1024u)
#define DEFAULT_DOMAIN_MEM  (4u * MB)
#define MAX_DOMAIN_MEM      (256u * MB)
#define L1_SPAN             (1u << L2_SHIFT)    /* 2 MB per L1 table */

struct layout {
    uint32_t v_start, v_kern_end, v_p2m, v_start_info, v_store, v_console;
    uint32_t v_pt, v_stack, v_end;
    unsigned int nr_pt_frames, nr_l2, nr_l1;
};

static uint32_t round_up(uint32_t x, uint32_t to)
{
    return (x + to - 1) & ~(to - 1);
}

/* Page-table frames needed to map [start, end), plus the top L2 (slot 3). */
static void count_tables(struct layout *l)
{
    unsigned int first_slot = l3_index(l->v_start);
    unsigned int last_slot = l3_index(l->v_end - 1);

    l->nr_l2 = last_slot - first_slot + 1 + (last_slot != 3);
    l->nr_l1 = (l->v_end - 1) / L1_SPAN - l->v_start / L1_SPAN + 1;
}

static int plan(struct layout *l, const struct elf_image *img,
                uint32_t nr_pages)
{
    l->v_start = img->virt_base;
    l->v_kern_end = img->vend;
    l->v_p2m = l->v_kern_end;
    l->v_start_info = l->v_p2m + round_up(nr_pages * 4, PAGE_SIZE);
    l->v_store = l->v_start_info + PAGE_SIZE;
    l->v_console = l->v_store + PAGE_SIZE;
    l->v_pt = l->v_console + PAGE_SIZE;
    /* More tables map more space, which may need more tables: iterate. */
    for (l->nr_pt_frames = 1;; l->nr_pt_frames++) {
        l->v_stack = l->v_pt + l->nr_pt_frames * PAGE_SIZE;
        l->v_end = round_up(l->v_stack + PAGE_SIZE + 512 * 1024, 4 * MB);
        if (l->v_end < l->v_stack || l->v_end > HYPERVISOR_VIRT_START)
            return -ERANGE;
        count_tables(l);
        if (1 + l->nr_l2 + l->nr_l1 <= l->nr_pt_frames)
            break;
    }
    return (l->v_end - l->v_start) / PAGE_SIZE <= nr_pages ? 0 : -ENOMEM;
}

/* Split the module's line into builder options and the guest's line. */
/* "4M", "4096K" or "4194304" in bytes, at most MAX_DOMAIN_MEM. */
static bool parse_size(char *s, size_t n, uint32_t *bytes)
{
    char unit = n ? s[n - 1] : 0;
    unsigned long v;

    if (unit == 'M' || unit == 'K')
        s[n - 1] = '\0';
    if (!parse_ulong(s, &v))
        return false;
    *bytes = (uint32_t)MIN(v * (unit == 'M' ? MB : unit == 'K' ? 1024u : 1u),
                           (unsigned long)MAX_DOMAIN_MEM);
    return true;
}

static void parse_module_line(const char *line, char *name, size_t namelen,
                              uint32_t *mem_bytes, uint32_t *max_bytes,
                              char *guest, size_t guestlen)
{
    const char *p = line;
    size_t g = 0;
    bool first = true;

    guest[0] = '\0';
    while (*p) {
        char word[MB_MODLINE_MAX];
        size_t n = 0;

        while (*p == ' ')
            p++;
        while (*p && *p != ' ' && n < sizeof(word) - 1)
            word[n++] = *p++;
        while (*p && *p != ' ')
            p++;
        word[n] = '\0';
        if (!n)
            continue;
        if (first) {                        /* the image's path */
            first = false;
            continue;
        }
        if (!strncmp(word, "name=", 5)) {
            strlcpy(name, word + 5, namelen);
        } else if (!strncmp(word, "mem=", 4) &&
                   parse_size(word + 4, n - 4, mem_bytes)) {
            continue;
        } else if (!strncmp(word, "maxmem=", 7) &&
                   parse_size(word + 7, n - 7, max_bytes)) {
            continue;
        } else if (g + n + 1 < guestlen) {
            if (g)
                guest[g++] = ' ';
            memcpy(guest + g, word, n);
            g += n;
            guest[g] = '\0';
        }
    }
}

static void fail(unsigned int index, int rc, enum trace_build_problem p,
                 const char *what)
{
    static const char *const text[] = {
        [BUILD_NOT_ELF] = "not an ELF file",
        [BUILD_NOT_I386] = "not a 32-bit i386 little-endian ELF",
        [BUILD_BAD_HEADERS] = "ELF headers are malformed",
        [BUILD_NO_NOTES] = "no Xen ELF notes: not a PV kernel",
        [BUILD_NOT_PAE] = "kernel does not support PAE (PAE_MODE note)",
        [BUILD_BAD_ADDRESSES] = "addresses outside the guest's part of memory",
        [BUILD_TOO_BIG] = "image too big for the domain's memory",
        [BUILD_NO_MEMORY] = "not enough free memory",
        [BUILD_BAD_NOTE] = "a Xen ELF note is malformed",
        [BUILD_BAD_DEVICES] = "its store, console or devices (disk=, vif) "
                              "cannot be set up",
        [BUILD_NO_SVM] = "a hardware-assisted guest needs AMD SVM with nested "
                         "paging, which this CPU lacks",
    };

    printk("module %u (%s): refused: %s\n", index, what,
           p < ARRAY_SIZE(text) && text[p] ? text[p] : "unknown problem");
    trace_event_dom(TRC_XL_DOMAIN_BUILD_FAILED, (uint16_t)index, 0,
                    (const uint32_t[]){ index, (uint32_t)rc, p }, 3);
    domain_note_failure();
}

/* Copy bytes into the domain's pseudo-physical memory at virtual va. */
static void copy_to_domain(const mfn_t *p2m, const struct layout *l,
                           uint32_t va, const uint8_t *src, uint32_t len)
{
    while (len) {
        uint32_t off = va & (PAGE_SIZE - 1);
        uint32_t n = MIN(len, PAGE_SIZE - off);
        uint8_t *page = map_domain_page(p2m[(va - l->v_start) >> PAGE_SHIFT]);

        memcpy(page + off, src, n);
        unmap_domain_page(page);
        va += n;
        len -= n;
        src += n;
    }
}

/* Write the bootstrap page tables; the PV MMU validates them after. */
static void write_page_tables(const mfn_t *p2m, const struct layout *l)
{
    uint32_t pt_pfn = (l->v_pt - l->v_start) >> PAGE_SHIFT;
    unsigned int first_slot = l3_index(l->v_start);
    unsigned int l2_pfn = pt_pfn + 1, l1_pfn = pt_pfn + 1 + l->nr_l2;
    unsigned int slot_mapped = 4;
    pte_t *l3 = map_domain_page(p2m[pt_pfn]);
    pte_t *l2 = NULL;

    /* One L2 for each 1 GB slot touched, and always one for slot 3. */
    for (unsigned int slot = first_slot; slot < 4; slot++)
        if (slot <= l3_index(l->v_end - 1) || slot == 3)
            l3[slot] = ((paddr_t)p2m[l2_pfn++] << PAGE_SHIFT) | _PAGE_PRESENT;

    for (uint32_t va = l->v_start & ~(L1_SPAN - 1); va < l->v_end;
         va += L1_SPAN) {
        pte_t *l1;

        if (l3_index(va) != slot_mapped) {
            if (l2)
                unmap_domain_page(l2);
            slot_mapped = l3_index(va);
            l2 = map_domain_page((mfn_t)(l3[slot_mapped] >> PAGE_SHIFT));
        }
        l2[l2_index(va)] = ((paddr_t)p2m[l1_pfn] << PAGE_SHIFT) |
                           _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED;
        l1 = map_domain_page(p2m[l1_pfn++]);
        for (unsigned int i = 0; i < L1_ENTRIES; i++) {
            uint32_t page_va = va + i * PAGE_SIZE;
            uint32_t pfn = (page_va - l->v_start) >> PAGE_SHIFT;
            pte_t e;

            if (page_va < l->v_start || page_va >= l->v_end)
                continue;
            e = ((paddr_t)p2m[pfn] << PAGE_SHIFT) | _PAGE_PRESENT |
                _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY;
            /* The page tables themselves are read-only to the guest. */
            if (page_va < l->v_pt || page_va >= l->v_stack)
                e |= _PAGE_RW;
            l1[i] = e;
        }
        unmap_domain_page(l1);
    }
    if (l2)
        unmap_domain_page(l2);
    unmap_domain_page(l3);
}

static void fill_start_info(struct domain *d, const mfn_t *p2m,
                            const struct layout *l, uint32_t nr_pages,
                            const char *cmdline,
                            const struct toolstack_ports *io)
{
    struct start_info *si =
        map_domain_page(p2m[(l->v_start_info - l->v_start) >> PAGE_SHIFT]);

    memset(si, 0, PAGE_SIZE);
    strlcpy(si->magic, "xen-3.0-x86_32p", sizeof(si->magic));
    si->nr_pages = nr_pages;
    si->shared_info = (unsigned long)d->shared_info_mfn << PAGE_SHIFT;
    si->flags = (d->flags & DOMF_PRIVILEGED ? SIF_PRIVILEGED : 0) |
                (d->flags & DOMF_INITDOMAIN ? SIF_INITDOMAIN : 0);
    si->store_mfn = p2m[(l->v_store - l->v_start) >> PAGE_SHIFT];
    si->store_evtchn = io->store;
    if (d->domain_id) {
        si->console.domU.mfn = p2m[(l->v_console - l->v_start) >> PAGE_SHIFT];
        si->console.domU.evtchn = io->console;
    }
    si->pt_base = l->v_pt;
    si->nr_pt_frames = l->nr_pt_frames;
    si->mfn_list = l->v_p2m;
    strlcpy(si->cmd_line, cmdline, sizeof(si->cmd_line));
    unmap_domain_page(si);
}

static bool has_word(const char *line, const char *word)
{
    size_t n = strlen(word);

    for (const char *p = line; *p; p++)
        if ((p == line || p[-1] == ' ') && !strncmp(p, word, n) &&
            (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

/*
 * A hardware-assisted guest ("hvm" on its line): an unmodified kernel, a
 * flat image at 1 MB of its own guest-physical memory (hvm.h).
 */
static int build_hvm(unsigned int index, const char *name, const uint8_t *image,
                     uint32_t size, uint32_t mem)
{
    struct domain *d;
    int rc;

    if (!svm_available()) {
        fail(index, -ENODEV, BUILD_NO_SVM, name);
        return -ENODEV;
    }
    rc = domain_create((domid_t)index, name, 0, &d);
    if (rc) {
        fail(index, rc, BUILD_NO_MEMORY, name);
        return rc;
    }
    d->max_pages = d->target_pages = mem / PAGE_SIZE + 2 + (mem >> 21) + 2;
    rc = hvm_domain_build(d, image, size, mem);
    if (rc) {
        fail(index, rc, rc == -E2BIG ? BUILD_TOO_BIG : BUILD_NO_MEMORY, name);
        domain_destroy(d);
        return rc;
    }
    printk("d%u (%s): hardware-assisted guest, %u KiB, entry 00100000, %u bytes\n",
           index, name, mem / 1024, size);
    {
        uint32_t words[7] = { index, mem / PAGE_SIZE, d->max_pages, 2, 0, 0, 0 };

        memcpy(&words[4], name, MIN(strlen(name), (size_t)12));
        trace_event_dom(TRC_XL_DOMAIN_CREATE, (uint16_t)index, 0, words, 7);
    }
    sched_add_vcpu(d->vcpu[0]);
    return 0;
}

int domain_build(unsigned int index, const struct boot_module *mod)
{
    static mfn_t p2m[MAX_DOMAIN_MEM / PAGE_SIZE];
    static char guest_line[MAX_GUEST_CMDLINE];
    char name[DOMAIN_NAME_LEN];
    uint32_t mem = DEFAULT_DOMAIN_MEM, maxmem = 0, nr_pages;
    enum trace_build_problem problem;
    struct elf_image img;
    struct toolstack_ports io = { 0, 0 };
    struct layout l;
    struct domain *d;
    mfn_t l3_mfn;
    const uint8_t *image;
    int rc;

    snprintf(name, sizeof(name), "d%u", index);
    parse_module_line(mod->cmdline, name, sizeof(name), &mem, &maxmem,
                      guest_line, sizeof(guest_line));
    nr_pages = mem / PAGE_SIZE;

    image = arch_phys_to_virt(mod->start, (size_t)(mod->end - mod->start));
    if (!image) {
        fail(index, -EFAULT, BUILD_TOO_BIG, name);
        return -EFAULT;
    }
    if (has_word(guest_line, "hvm"))
        return build_hvm(index, name, image, (uint32_t)(mod->end - mod->start), mem);
    rc = elf_parse(image, (size_t)(mod->end - mod->start), &img, &problem);
    if (rc) {
        fail(index, rc, problem, name);
        return rc;
    }
    if (plan(&l, &img, nr_pages)) {
        fail(index, -ENOMEM, BUILD_TOO_BIG, name);
        return -ENOMEM;
    }
    rc = domain_create((domid_t)index, name,
                       index == 0 ? DOMF_PRIVILEGED | DOMF_INITDOMAIN : 0, &d);
    if (rc) {
        fail(index, rc, BUILD_NO_MEMORY, name);
        return rc;
    }
    d->max_pages = MAX(nr_pages, maxmem / PAGE_SIZE);
    d->target_pages = nr_pages;
    for (uint32_t pfn = 0; pfn < nr_pages; pfn++) {
        p2m[pfn] = mm_alloc_domain_frame(d);
        if (p2m[pfn] == INVALID_MFN) {
            fail(index, -ENOMEM, BUILD_NO_MEMORY, name);
            domain_destroy(d);
            return -ENOMEM;
        }
        machine_to_phys[p2m[pfn]] = pfn;
    }

    /* Frames come zeroed; load the kernel's segments and the lists. */
    for (unsigned int i = 0; i < img.nr_segs; i++)
        copy_to_domain(p2m, &l, img.seg[i].vaddr, image + img.seg[i].offset,
                       img.seg[i].filesz);
    copy_to_domain(p2m, &l, l.v_p2m, (const uint8_t *)p2m, nr_pages * 4);
    /* The toolstack's part: xenstore, the console, the devices asked for. */
    rc = toolstack_connect(d, p2m[(l.v_store - l.v_start) >> PAGE_SHIFT],
                           p2m[(l.v_console - l.v_start) >> PAGE_SHIFT],
                           guest_line, &io);
    if (rc) {
        fail(index, rc, BUILD_BAD_DEVICES, name);
        domain_destroy(d);
        return rc;
    }
    fill_start_info(d, p2m, &l, nr_pages, guest_line, &io);
    if (img.hypercall_page) {
        uint8_t *hp = map_domain_page(
            p2m[(img.hypercall_page - l.v_start) >> PAGE_SHIFT]);

        arch_fill_hypercall_page(hp);
        unmap_domain_page(hp);
    }

    /* Let the PV MMU check the tables, then pin them and run on them. */
    write_page_tables(p2m, &l);
    l3_mfn = p2m[(l.v_pt - l.v_start) >> PAGE_SHIFT];
    rc = get_page_and_type(l3_mfn, d, PGT_l3_page_table);
    if (!rc)
        rc = get_page_and_type(l3_mfn, d, PGT_l3_page_table);
    if (rc)
        panic("d%u: bootstrap page tables failed validation (%d, reason %d)",
              index, rc, mm_last_reason());
    mfn_to_page(l3_mfn)->type_info |= PGT_pinned;
    d->vcpu[0]->cr3_mfn = l3_mfn;
    arch_vcpu_init(d->vcpu[0], img.entry, l.v_stack + PAGE_SIZE,
                   l.v_start_info);

    printk("d%u (%s): %s kernel, %u KiB, entry %08x, %u page-table frames%s\n",
           index, name, img.guest_os[0] ? img.guest_os : "PV", mem / 1024,
           img.entry, l.nr_pt_frames,
           d->flags & DOMF_PRIVILEGED ? ", privileged" : "");
    {
        uint32_t words[7] = { index, nr_pages, d->max_pages,
                              d->flags & DOMF_PRIVILEGED ? 1u : 0u, 0, 0, 0 };

        memcpy(&words[4], name, MIN(strlen(name), (size_t)12));
        trace_event_dom(TRC_XL_DOMAIN_CREATE, (uint16_t)index, 0, words, 7);
    }
    sched_add_vcpu(d->vcpu[0]);
    return 0;
}
