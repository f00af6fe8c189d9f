/*
 * svm_insns.c - an unmodified kernel runs, from its own ring 0, every
 * instruction that would reach the real machine if the hypervisor let it
 * run natively, and reports what each did.
 *
 * On real AMD hardware VMLOAD and VMSAVE take a host-physical address,
 * CLGI masks the host's interrupts, INVD throws away the host's dirty
 * cache lines, and the SVM MSRs say where the host saves itself. A CPU
 * without SVM (which is what cpuid tells this kernel it has) raises #UD
 * for the SVM instructions and #GP for the SVM MSRs; the hypervisor must
 * answer the same way, through the guest's own IDT. Then the kernel
 * loads a task register of its own (ltr): the host's must survive that.
 *
 * Instructions the hypervisor emulates (cpuid, in, wbinvd, invd, rdmsr,
 * wrmsr of EFER) carry a redundant prefix, so a hypervisor that steps
 * over them by a constant lands inside them; cpuid again once PAE paging
 * is on, so that the hypervisor has to decode through those tables.
 *
 * Each step prints one short line, "step NAME: OUTCOME"; the last line
 * is the verdict (tests/hvm/svm_insns_test.sh reads both, and the trace).
 */
#include <stdint.h>
#include "guest/flat.h"

#define SEL_CODE        0x08
#define SEL_DATA        0x10
#define SEL_TSS         0x18
#define MSR_EFER        0xc0000080u
#define EFER_SVME       (1u << 12)
#define MSR_VM_CR       0xc0010114u
#define MSR_VM_HSAVE_PA 0xc0010117u
#define NO_FAULT        0xffu           /* last_vector when nothing faulted */
#define UD              6
#define GP              13

/* ---- A GDT and an IDT of its own, so that #UD and #GP reach it ----------- */

static uint64_t gdt[4] = {
    0,
    0x00cf9a000000ffffull,              /* 0x08: flat code */
    0x00cf92000000ffffull,              /* 0x10: flat data */
    0x0000890000000067ull,              /* 0x18: a 32-bit TSS at linear 0 */
};
static uint64_t idt[32];
volatile uint32_t last_vector, resume_at;

/*
 * Every exception lands in one stub that records its vector and resumes
 * at resume_at (set before each step). Vectors with an error code push
 * one; the others push a zero, so the frame is the same.
 */
__asm__(".text\n"
        ".irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
        "vec\\v: pushl $0\n pushl $\\v\n jmp exc_common\n"
        ".endr\n"
        ".irp v, 8,10,11,12,13,14,17\n"
        "vec\\v: pushl $\\v\n jmp exc_common\n"
        ".endr\n"
        "exc_common:\n"
        "    pushl %eax\n"
        "    movl 4(%esp), %eax\n"
        "    movl %eax, last_vector\n"
        "    movl resume_at, %eax\n"
        "    movl %eax, 12(%esp)\n"     /* the frame's eip */
        "    popl %eax\n"
        "    addl $8, %esp\n"
        "    iret\n"
        ".section .rodata\n"
        "exc_stubs:\n"
        ".irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
        ".long vec\\v\n"
        ".endr\n"
        ".text\n");
extern const uint32_t exc_stubs[32];

static void tables_load(void)
{
    struct { uint16_t limit; uint32_t base; } __attribute__((packed))
        g = { sizeof(gdt) - 1, (uint32_t)gdt }, i = { sizeof(idt) - 1, (uint32_t)idt };

    for (int v = 0; v < 32; v++)
        idt[v] = (exc_stubs[v] & 0xffffull) | (uint64_t)SEL_CODE << 16 |
                 0x8e00ull << 32 | (uint64_t)(exc_stubs[v] >> 16) << 48;
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp %1, $1f\n"
                     "1:\n\t"
                     "mov %2, %%ds\n\tmov %2, %%es\n\tmov %2, %%ss\n\t"
                     "mov %2, %%fs\n\tmov %2, %%gs\n\t"
                     "lidt %3"
                     : : "m"(g), "i"(SEL_CODE), "r"(SEL_DATA), "m"(i) : "memory");
}

/* ---- The steps -------------------------------------------------------------- */

/*
 * One instruction (or a short sequence), with the resume point just after
 * it: a fault records its vector and lands there, as does a clean run.
 * Only registers eax, ecx and edx are in play.
 */
#define STEP(insn, a, c, d)                                                 \
    ({                                                                      \
        uint32_t _a = (a), _c = (c), _d = (d);                              \
        last_vector = NO_FAULT;                                             \
        __asm__ volatile("movl $1f, resume_at\n\t" insn "\n1:"              \
                         : "+a"(_a), "+c"(_c), "+d"(_d) : : "ebx", "memory"); \
        _a;                                                                 \
    })

static const char *outcome(uint32_t vector)
{
    return vector == NO_FAULT ? "ran" : vector == UD ? "#UD" : vector == GP ? "#GP" : "other fault";
}

static unsigned int wrong;

static void report(const char *name, uint32_t want)
{
    uint32_t got = last_vector;

    com1_puts("step ");
    com1_puts(name);
    com1_puts(": ");
    com1_puts(outcome(got));
    com1_puts(got == want ? "\n" : " (wrong)\n");
    if (got != want)
        wrong++;
}

/* Emulated instructions, each behind a redundant prefix. Returns EFER. */
static uint32_t emulated(void)
{
    uint32_t a;

    a = STEP(".byte 0x3e; cpuid", 0, 0, 0);
    report("cpuid", NO_FAULT);
    if (a == 0)
        wrong++;                        /* leaf 0 names a highest leaf */
    STEP(".byte 0x3e; inb $0x40, %%al", 0, 0, 0);
    report("in", NO_FAULT);
    STEP(".byte 0x3e; wbinvd", 0, 0, 0);
    report("wbinvd", NO_FAULT);
    STEP(".byte 0x3e; invd", 0, 0, 0);
    report("invd", NO_FAULT);
    a = STEP(".byte 0x3e; rdmsr", 0, MSR_EFER, 0);
    report("rdmsr-efer", NO_FAULT);
    if (a & EFER_SVME)
        wrong++;                        /* a CPU without SVM has no EFER.SVME */
    STEP(".byte 0x3e; wrmsr", a, MSR_EFER, 0);
    report("wrmsr-efer", NO_FAULT);
    return a;
}

/*
 * The same cpuid with PAE paging on (its first 4 MB mapped where they
 * are, in 2 MB pages): the hypervisor reads the instruction through
 * these tables to decode it.
 */
static uint64_t pdpt[4] __attribute__((aligned(32)));
static uint64_t pd[512] __attribute__((aligned(4096)));

static void paged(void)
{
    pd[0] = 0x000000 | 0x83;            /* present, writable, 2 MB */
    pd[1] = 0x200000 | 0x83;
    pdpt[0] = (uint32_t)pd | 1;         /* a PDPTE has only P */
    __asm__ volatile("mov %%cr4, %%eax; or $0x20, %%eax; mov %%eax, %%cr4\n\t"   /* PAE */
                     "mov %0, %%cr3\n\t"
                     "mov %%cr0, %%eax; or $0x80000000, %%eax; mov %%eax, %%cr0"
                     : : "r"(pdpt) : "eax", "memory");
    STEP(".byte 0x3e; cpuid", 0, 0, 0);
    report("cpuid-pae", NO_FAULT);
}

/* What a CPU without SVM refuses. */
static void refused(uint32_t efer)
{
    STEP("wrmsr", efer | EFER_SVME, MSR_EFER, 0);
    report("wrmsr-efer-svme", GP);
    STEP("rdmsr", 0, MSR_VM_HSAVE_PA, 0);
    report("rdmsr-hsave", GP);
    STEP("wrmsr", 0x1000, MSR_VM_HSAVE_PA, 0);
    report("wrmsr-hsave", GP);
    STEP("rdmsr", 0, MSR_VM_CR, 0);
    report("rdmsr-vm-cr", GP);
    STEP("vmmcall", 0, 0, 0);
    report("vmmcall", UD);
    STEP(".byte 0x3e; vmmcall", 0, 0, 0);
    report("vmmcall-prefixed", UD);
    STEP("vmload", 0x1000, 0, 0);       /* a host-physical address, natively */
    report("vmload", UD);
    STEP("vmsave", 0x1000, 0, 0);
    report("vmsave", UD);
    STEP("stgi", 0, 0, 0);
    report("stgi", UD);
    STEP("skinit", 0x1000, 0, 0);
    report("skinit", UD);
    STEP("invlpga", 0, 0, 0);
    report("invlpga", UD);
    STEP("monitor", 0x100000, 0, 0);
    report("monitor", UD);
    STEP("mwait", 0, 0, 0);
    report("mwait", UD);
    STEP("xsetbv", 1, 0, 0);
    report("xsetbv", UD);
}

/*
 * A task register of its own, and then CLGI. VMRUN does not switch TR
 * (nor FS, GS, LDTR and the SYSCALL/SYSENTER MSRs): unless the host saves
 * and restores them itself, the next interrupt in a PV domain finds its
 * ring-0 stack through this TSS. CLGI, if it ran, would hold off every
 * interrupt while this kernel spins.
 */
static void host_state(void)
{
    STEP("ltr %w0", SEL_TSS, 0, 0);
    report("ltr", NO_FAULT);
    STEP("clgi\n2: jmp 2b", 0, 0, 0);
    report("clgi", UD);
}

void kernel_main(void)
{
    tables_load();
    refused(emulated());
    paged();
    host_state();
    if (wrong)
        com1_puts("Test result: FAILURE: a step went wrong\n");
    else
        com1_puts("Test result: SUCCESS: every step answered as a CPU without SVM\n");
}
