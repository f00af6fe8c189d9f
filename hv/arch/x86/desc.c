/*
 * desc.c - segment descriptors (GDT), the task-state segment and the IDT.
 *
 * The GDT is 16 pages long, Xen's shape: pages 0-13 are the guest's (a
 * PV kernel installs its own descriptors there with set_gdt), pages 14-15
 * belong to the hypervisor and hold these entries (selector = index * 8):
 *
 *   0xe008  hypervisor code, ring 0, flat 4 GB
 *   0xe010  hypervisor data, ring 0, flat 4 GB
 *   0xe019  guest kernel code, ring 1 \  base 0, limit just below
 *   0xe021  guest kernel data, ring 1  | GUEST_SEGMENT_END: a guest reads
 *   0xe02b  guest user code, ring 3    | the read-only M2P table, and no
 *   0xe033  guest user data, ring 3   /  segment reaches the rest of us
 *   0xe040  TSS (ring-0 stack for traps from rings 1 and 3)
 *   0xe048  double-fault TSS
 *
 * Until a guest provides GDT pages, pages 0-13 map one zeroed read-only
 * frame: every guest selector there is "not present". On a switch to a
 * vCPU with its own GDT (set_gdt), its frames are mapped there instead.
 *
 * IDT entries opened to guests: 0x82 (hypercalls, from ring 1), 3/4
 * (int3, into), and the two benchmark calibration vectors of xenlab.h. Vector 0x80 belongs to the running vCPU: a real
 * trap gate into its ring-1 handler when it asked for one, else a
 * ring-0-only gate, so an int $0x80 traps to the hypervisor (as #GP) and
 * is bounced.
 */
#include <hv/config.h>
#include <hv/domain.h>
#include <klib.h>
#include <hv/page.h>
#include <public/xenlab.h>
#include "x86.h"

#define IDT_VECTORS 256

struct gate {
    uint16_t offset_lo, selector, flags, offset_hi;
};

static struct desc hv_gdt_pages[2][PAGE_SIZE / sizeof(struct desc)]
    __attribute__((aligned(PAGE_SIZE)));
static uint8_t zero_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct gate idt[IDT_VECTORS] __attribute__((aligned(8)));
struct tss32 cpu0_tss __attribute__((aligned(128)));
static struct tss32 df_tss __attribute__((aligned(128)));
static uint8_t df_stack[4096] __attribute__((aligned(16)));

extern const uint32_t vector_table[IDT_VECTORS];    /* entry.asm */
extern char bare_iret[], hypercall_entry[];          /* entry.asm */
extern char hypercall_entry_stepped[];               /* entry.asm */

/* Whose GDT frames are mapped into pages 0-13 of the window now. */
static const struct vcpu *gdt_mapped_for;
static mfn_t gdt_mapped[FIRST_RESERVED_GDT_PAGE];
extern char double_fault_task[];                    /* entry.asm */

static struct desc segment(uint32_t base, uint32_t limit_4k, unsigned dpl,
                           unsigned type)
{
    struct desc d;

    d.lo = (base << 16) | (limit_4k & 0xffff);
    d.hi = (base & 0xff000000) | ((base >> 16) & 0xff) |
           (limit_4k & 0xf0000) | DESC_P | DESC_S | DESC_DPL(dpl) |
           DESC_TYPE(type) | DESC_DB | DESC_G;
    return d;
}

static struct desc tss_desc(const struct tss32 *tss)
{
    uint32_t base = (uint32_t)(uintptr_t)tss, limit = sizeof(*tss) - 1;
    struct desc d;

    d.lo = (base << 16) | (limit & 0xffff);
    d.hi = (base & 0xff000000) | ((base >> 16) & 0xff) | (limit & 0xf0000) |
           DESC_P | DESC_TYPE(DESC_TSS32);
    return d;
}

static void set_gate(unsigned int vec, uint32_t handler, unsigned dpl,
                     unsigned type)
{
    idt[vec].offset_lo = handler & 0xffff;
    idt[vec].selector = HV_CS;
    idt[vec].flags = DESC_P | DESC_DPL(dpl) | DESC_TYPE(type);
    idt[vec].offset_hi = handler >> 16;
}

/* Index into the hypervisor's two GDT pages from a selector. */
static struct desc *hv_gdt_entry(uint16_t sel)
{
    return &hv_gdt_pages[0][(sel >> 3) - FIRST_RESERVED_GDT_ENTRY];
}

void desc_init(void)
{
    uint32_t guest_limit = (GUEST_SEGMENT_END >> PAGE_SHIFT) - 1;
    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) ptr;

    *hv_gdt_entry(HV_CS) = segment(0, 0xfffff, 0, DESC_CODE_RA);
    *hv_gdt_entry(HV_DS) = segment(0, 0xfffff, 0, DESC_DATA_WA);
    *hv_gdt_entry(FLAT_RING1_CS) = segment(0, guest_limit, 1, DESC_CODE_RA);
    *hv_gdt_entry(FLAT_RING1_DS) = segment(0, guest_limit, 1, DESC_DATA_WA);
    *hv_gdt_entry(FLAT_RING3_CS) = segment(0, guest_limit, 3, DESC_CODE_RA);
    *hv_gdt_entry(FLAT_RING3_DS) = segment(0, guest_limit, 3, DESC_DATA_WA);
    *hv_gdt_entry(HV_TSS) = tss_desc(&cpu0_tss);
    *hv_gdt_entry(HV_DF_TSS) = tss_desc(&df_tss);

    for (unsigned int p = 0; p < FIRST_RESERVED_GDT_PAGE; p++) {
        paging_map_hv_page(GDT_VIRT(0) + p * PAGE_SIZE, __pa(zero_page), false);
        gdt_mapped[p] = (mfn_t)(__pa(zero_page) >> PAGE_SHIFT);
    }
    for (unsigned int p = 0; p < 2; p++)
        paging_map_hv_page(GDT_VIRT(0) + (FIRST_RESERVED_GDT_PAGE + p) * PAGE_SIZE,
                       __pa(hv_gdt_pages[p]), true);

    /* Traps from ring 1 or 3 land on this CPU's hypervisor stack; the top
     * 16 bytes are the es/ds/fs/gs slots of the guest's frame. */
    cpu0_tss.ss0 = HV_DS;
    cpu0_tss.esp0 = (uint32_t)(uintptr_t)cpu0_stack_top - 16;
    cpu0_tss.iomap_base = sizeof(cpu0_tss);   /* no I/O bitmap: no ports */

    df_tss.cr3 = read_cr3();
    df_tss.eip = (uint32_t)(uintptr_t)double_fault_task;
    df_tss.esp = (uint32_t)(uintptr_t)(df_stack + sizeof(df_stack));
    df_tss.cs = HV_CS;
    df_tss.ds = df_tss.es = df_tss.ss = HV_DS;
    df_tss.iomap_base = sizeof(df_tss);

    ptr.limit = GDT_PAGES * PAGE_SIZE - 1;
    ptr.base = GDT_VIRT(0);
    __asm__ volatile(
        "lgdt %0\n\t"
        "ljmp %1, $1f\n"
        "1:\n\t"
        "mov %2, %%ds\n\tmov %2, %%es\n\tmov %2, %%ss\n\t"
        "mov %3, %%fs\n\tmov %3, %%gs\n\t"
        "ltr %4\n\t"
        "lldt %w3"                  /* no LDT until a guest sets one */
        : : "m"(ptr), "i"(HV_CS), "r"(HV_DS), "r"(0), "r"((uint16_t)HV_TSS)
        : "memory");

    /* Interrupt gates everywhere: the hypervisor runs with IF clear. */
    for (unsigned int v = 0; v < IDT_VECTORS; v++)
        set_gate(v, vector_table[v], 0, DESC_INTR_GATE);
    set_gate(HYPERCALL_VECTOR, (uint32_t)(uintptr_t)hypercall_entry, 1,
             DESC_INTR_GATE);
    set_gate(XENLAB_VECTOR_BARE, (uint32_t)(uintptr_t)bare_iret, 1,
             DESC_INTR_GATE);
    set_gate(XENLAB_VECTOR_NULL, vector_table[XENLAB_VECTOR_NULL], 1,
             DESC_INTR_GATE);
    set_gate(3, vector_table[3], 3, DESC_INTR_GATE);
    set_gate(4, vector_table[4], 3, DESC_INTR_GATE);
    idt[8].offset_lo = idt[8].offset_hi = 0;
    idt[8].selector = HV_DF_TSS;
    idt[8].flags = DESC_P | DESC_TYPE(DESC_TASK_GATE);

    ptr.limit = sizeof(idt) - 1;
    ptr.base = (uint32_t)(uintptr_t)idt;
    __asm__ volatile("lidt %0" : : "m"(ptr));
}

/* Vector 0x82 for the vCPU that runs: the hypercall path, or, while GDB
 * single-steps it, the one that ends the step with the hypercall. */
void desc_set_hypercall_gate(bool stepped)
{
    set_gate(HYPERCALL_VECTOR,
             (uint32_t)(uintptr_t)(stepped ? hypercall_entry_stepped
                                           : hypercall_entry),
             1, DESC_INTR_GATE);
}

/* The ring-1 stack for traps from ring 3, from stack_switch. */
void desc_set_kernel_stack(const struct vcpu *v)
{
    cpu0_tss.ss1 = (uint16_t)v->kernel_ss;
    cpu0_tss.esp1 = v->kernel_sp;
}

/*
 * The fast system call: a DPL-3 trap gate straight to the guest's ring-1
 * handler, when its trap table asks for vector 0x80 from ring 3 and wants
 * events left alone (a gate cannot set the upcall mask).
 */
void desc_set_int80(const struct vcpu *v)
{
    const struct trap_info *ti = &v->traps[0x80];

    if (ti->address && TI_GET_DPL(ti) == 3 && !TI_GET_IF(ti) &&
        (ti->cs & 3) == 1) {
        set_gate(0x80, ti->address, 3, DESC_TRAP_GATE);
        idt[0x80].selector = ti->cs;
    } else {
        set_gate(0x80, vector_table[0x80], 0, DESC_INTR_GATE);
    }
}

static void map_gdt_frames(const mfn_t *frames, unsigned int nr)
{
    for (unsigned int p = 0; p < FIRST_RESERVED_GDT_PAGE; p++) {
        mfn_t want = p < nr ? frames[p]
                            : (mfn_t)(__pa(zero_page) >> PAGE_SHIFT);

        if (gdt_mapped[p] == want)
            continue;
        paging_map_hv_page(GDT_VIRT(0) + p * PAGE_SIZE,
                           (paddr_t)want << PAGE_SHIFT, false);
        gdt_mapped[p] = want;
    }
}

void desc_load_guest_gdt(const struct vcpu *v)
{
    map_gdt_frames(v->gdt_frames, v->nr_gdt_frames);
    gdt_mapped_for = v;
}

/*
 * v's LDT: its frames in the LDT window, our LDT descriptor (HV_LDT)
 * pointing there, and LDTR loaded; or no LDT at all.
 */
void desc_load_guest_ldt(const struct vcpu *v)
{
    uint32_t base = LDT_VIRT(0);

    for (unsigned int p = 0; p < v->nr_ldt_frames; p++)
        paging_map_hv_page(base + p * PAGE_SIZE,
                           (paddr_t)v->ldt_frames[p] << PAGE_SHIFT, false);
    if (!v->ldt_ents) {
        __asm__ volatile("lldt %w0" : : "r"(0));
        return;
    }
    hv_gdt_entry(HV_LDT)->lo = (base << 16) | ((v->ldt_ents * 8 - 1) & 0xffff);
    hv_gdt_entry(HV_LDT)->hi = (base & 0xff000000) | ((base >> 16) & 0xff) |
                               DESC_P | DESC_TYPE(DESC_LDT);
    __asm__ volatile("lldt %w0" : : "r"(HV_LDT));
}

/* A dying domain's frames must not stay in the GDT or LDT windows. */
void desc_forget_guest_gdt(const struct domain *d)
{
    if (gdt_mapped_for && gdt_mapped_for->domain == d) {
        map_gdt_frames(NULL, 0);
        gdt_mapped_for = NULL;
        __asm__ volatile("lldt %w0" : : "r"(0));
    }
}
