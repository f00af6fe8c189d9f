/*
 * x86.h - the x86 instructions the hypervisor needs, as inline functions,
 * and the hardware structures (descriptors, TSS) it fills in.
 * Private to hv/arch/x86/.
 */
#ifndef HV_ARCH_X86_H
#define HV_ARCH_X86_H

#include <hv/types.h>
#include <public/arch-x86_32.h>

/* Hypervisor selectors, in the reserved GDT pages (Xen's values). */
#define HV_CS           0xe008
#define HV_DS           0xe010
#define HV_TSS          0xe040
#define HV_DF_TSS       0xe048
#define HV_LDT          0xe050

#define X86_CR0_PE      (1u << 0)
#define X86_CR0_TS      (1u << 3)
#define X86_CR0_WP      (1u << 16)
#define X86_CR0_PG      (1u << 31)
#define X86_CR4_PSE     (1u << 4)
#define X86_CR4_PAE     (1u << 5)
#define X86_CR4_PGE     (1u << 7)

/* EFLAGS, by Xen's names. */
#define X86_EFLAGS_CF   (1u << 0)
#define X86_EFLAGS_MBS  (1u << 1)       /* reserved, always set */
#define X86_EFLAGS_PF   (1u << 2)
#define X86_EFLAGS_AF   (1u << 4)
#define X86_EFLAGS_ZF   (1u << 6)
#define X86_EFLAGS_SF   (1u << 7)
#define X86_EFLAGS_TF   (1u << 8)
#define X86_EFLAGS_IF   (1u << 9)
#define X86_EFLAGS_DF   (1u << 10)
#define X86_EFLAGS_OF   (1u << 11)
#define X86_EFLAGS_IOPL (3u << 12)
#define X86_EFLAGS_NT   (1u << 14)
#define X86_EFLAGS_RF   (1u << 16)
#define X86_EFLAGS_VM   (1u << 17)
#define X86_EFLAGS_AC   (1u << 18)
#define X86_EFLAGS_VIF  (1u << 19)
#define X86_EFLAGS_VIP  (1u << 20)
#define X86_EFLAGS_ID   (1u << 21)

/*
 * The EFLAGS a PV guest runs with, whatever value it (or GDB) offered.
 * The hypervisor returns to a guest with iret from ring 0, which loads
 * every bit it is given, so each guest-supplied EFLAGS passes through
 * here on its way to the CPU:
 *
 *   kept     CF PF AF ZF SF TF DF OF RF AC ID: a guest sets these
 *            natively (popf, iret from ring 1)
 *   cleared  VM    virtual-8086 mode: its cs is a plain number, and
 *                  0x0100 would look like ring 0 to our entry code
 *            IOPL  port I/O, cli and sti for the guest itself
 *            NT    a task return at its next iret
 *            VIF VIP  virtual interrupt flags we do not offer;
 *            and the reserved bits
 *   set      IF (interrupts stay on while a guest runs; its own "IF" is
 *            the upcall mask) and bit 1
 */
#define X86_EFLAGS_GUEST_OWN (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
                              X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_TF | \
                              X86_EFLAGS_DF | X86_EFLAGS_OF | X86_EFLAGS_RF | \
                              X86_EFLAGS_AC | X86_EFLAGS_ID)

static inline uint32_t pv_guest_eflags(uint32_t eflags)
{
    return (eflags & X86_EFLAGS_GUEST_OWN) | X86_EFLAGS_IF | X86_EFLAGS_MBS;
}

/*
 * The ring a trap frame came from. In virtual-8086 mode cs is a segment
 * number, not a selector, and its low bits mean nothing: such a frame is
 * a guest's (ring 3), never the hypervisor's own.
 */
static inline unsigned int frame_ring(const struct cpu_user_regs *r)
{
    return (r->eflags & X86_EFLAGS_VM) ? 3 : r->cs & 3;
}

static inline bool frame_from_guest(const struct cpu_user_regs *r)
{
    return frame_ring(r) != 0;
}

/* A code or stack selector with RPL 0 becomes RPL 1 (as Xen fixes one
 * up): what a guest registers always runs in its own rings. */
static inline uint16_t guest_selector(uint32_t sel)
{
    return (uint16_t)((sel & 3) == 0 ? sel | 1 : sel);
}

/*
 * May a guest load sel into cs or ss at ring rpl (1-3)? Its own GDT
 * pages and its LDT hold only descriptors check_descriptor() let in; of
 * the hypervisor's reserved GDT pages only the four flat guest segments
 * are its to use.
 */
static inline bool guest_may_load(uint32_t sel, unsigned int rpl)
{
    uint32_t entry = sel & ~3u;

    if (sel > 0xffff || (sel & 3) != rpl)
        return false;
    if ((sel & 4) || sel < FIRST_RESERVED_GDT_BYTE)
        return true;
    return entry == (FLAT_RING1_CS & ~3u) || entry == (FLAT_RING1_DS & ~3u) ||
           entry == (FLAT_RING3_CS & ~3u) || entry == (FLAT_RING3_DS & ~3u);
}

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

#define DEFINE_CR(n)                                                    \
    static inline uint32_t read_cr##n(void)                             \
    {                                                                   \
        uint32_t v;                                                     \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));               \
        return v;                                                       \
    }                                                                   \
    static inline void write_cr##n(uint32_t v)                          \
    {                                                                   \
        __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");      \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

/* Debug registers (debug.c for the debugger, hvm/svm.c around VMRUN). */
#define DEFINE_DR(n)                                                    \
    static inline uint32_t read_dr##n(void)                             \
    {                                                                   \
        uint32_t v;                                                     \
        __asm__ volatile("mov %%dr" #n ", %0" : "=r"(v));               \
        return v;                                                       \
    }                                                                   \
    static inline void write_dr##n(uint32_t v)                          \
    {                                                                   \
        __asm__ volatile("mov %0, %%dr" #n : : "r"(v));                 \
    }
DEFINE_DR(0)
DEFINE_DR(1)
DEFINE_DR(2)
DEFINE_DR(3)
DEFINE_DR(6)
DEFINE_DR(7)
#undef DEFINE_DR

static inline void halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* A segment or system descriptor, as two 32-bit words. */
struct desc {
    uint32_t lo, hi;
};

#define DESC_P          (1u << 15)
#define DESC_S          (1u << 12)      /* code/data, not system */
#define DESC_DPL(d)     ((uint32_t)(d) << 13)
#define DESC_DB         (1u << 22)      /* 32-bit */
#define DESC_G          (1u << 23)      /* limit in 4 KB units */
#define DESC_TYPE(t)    ((uint32_t)(t) << 8)
#define DESC_CODE_RA    0xb             /* execute/read, accessed */
#define DESC_DATA_WA    0x3             /* read/write, accessed */
#define DESC_TSS32      0x9             /* available 32-bit TSS */
#define DESC_LDT        0x2
#define DESC_INTR_GATE  0xe
#define DESC_TRAP_GATE  0xf
#define DESC_TASK_GATE  0x5

/* The 32-bit task-state segment: stacks for ring 0/1/2, and a task. */
struct tss32 {
    uint16_t back_link, _r0;
    uint32_t esp0;
    uint16_t ss0, _r1;
    uint32_t esp1;
    uint16_t ss1, _r2;
    uint32_t esp2;
    uint16_t ss2, _r3;
    uint32_t cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint16_t es, _r4, cs, _r5, ss, _r6, ds, _r7, fs, _r8, gs, _r9;
    uint16_t ldt, _r10;
    uint16_t trace, iomap_base;
} __attribute__((packed));

#define TIMER_VECTOR    0x20            /* IRQ 0 after i8259_init */

struct vcpu;
struct domain;

/* serial.c, vga.c */
void serial_init(void);
void serial_poll(void);
void keyboard_poll(void);            /* keyboard.c: n releases a checkpoint */
void serial_debug_write(const char *s, size_t len);     /* COM3 */
void vga_init(void);

/* time.c */
uint32_t time_calibrate_tsc(void);
void time_delay_us(uint32_t us);
void timer_init(void);
void timer_interrupt(struct cpu_user_regs *regs);

/* i8259.c */
void i8259_init(void);
void i8259_unmask(unsigned int irq);
void i8259_eoi(unsigned int irq);
bool i8259_pending(unsigned int irq);       /* raised, not yet taken */

/* paging.c */
uint32_t paging_init_idle(void);
void paging_map_hv_page(uint32_t va, paddr_t pa, bool writable);
extern uint32_t idle_cr3;

/* desc.c: the hypervisor's GDT, IDT, TSS, and the per-vCPU parts */
void desc_init(void);
void desc_set_kernel_stack(const struct vcpu *v);
void desc_set_int80(const struct vcpu *v);
void desc_set_hypercall_gate(bool stepped);
void desc_load_guest_gdt(const struct vcpu *v);
void desc_load_guest_ldt(const struct vcpu *v);
void desc_forget_guest_gdt(const struct domain *d);
extern struct tss32 cpu0_tss;

/* segments.c */
bool check_descriptor(struct desc *d);
void segments_vcpu_destroy(struct vcpu *v);

/* bounce.c */
int pv_bounce(struct cpu_user_regs *regs, uint16_t cs, uint32_t eip,
              bool has_error, uint32_t error, bool mask_events);
int pv_bounce_trap(struct cpu_user_regs *regs, unsigned int vector,
                   bool has_error, uint32_t error);
void pv_deliver_events(struct cpu_user_regs *regs);
extern uint32_t bounce_count;

/* emulate.c */
struct privop {
    unsigned int op;                    /* enum trace_privop */
    uint32_t bytes;                     /* its first four bytes */
    uint32_t operand;
};
bool pv_emulate_privileged(struct cpu_user_regs *regs, struct privop *p);

/* fpu.c */
void fpu_init(void);
void fpu_switch_out(struct vcpu *prev);
void fpu_forget(struct vcpu *v);
bool fpu_device_not_available(struct cpu_user_regs *regs);
void pv_set_guest_ts(struct vcpu *v, bool set);

/* context.c */
struct cpu_user_regs *guest_regs(void);
void exit_to_guest(struct cpu_user_regs *regs);
void start_guests(void) __attribute__((noreturn));

/* debug.c: the machine under the GDB stub */
void debug_init(const char *cmdline);
bool debug_guest_trap(struct cpu_user_regs *regs);
void debug_hv_trap(struct cpu_user_regs *regs);
void debug_switch_to(const struct vcpu *next);

/* guest_access.c */
uint32_t search_exception_table(uint32_t eip);

/* selftest.c, setup.c */
void selftest(const char *kind);
bool running_on_qemu(void);

/* entry.asm, boot.asm */
void resume_top_frame(void) __attribute__((noreturn));

/* context.c: a hardware-assisted vCPU's frame (ring 0, into
 * hvm_vcpu_start), and giving the CPU back to the scheduler from its loop. */
void arch_hvm_vcpu_frame(struct cpu_user_regs *r);
void hvm_yield(void) __attribute__((noreturn));
extern char cpu0_stack_top[];

#endif /* HV_ARCH_X86_H */
