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
 * answer the same way, through the guest's own IDT, where int3 and int n
 * must arrive too. Then the kernel loads a task register of its own
 * (ltr): the host's must survive that.
 *
 * Instructions the hypervisor emulates (cpuid, in, wbinvd, invd, rdmsr,
 * wrmsr of EFER, int n) carry a redundant prefix, so a hypervisor that
 * steps over them by a constant lands inside them; cpuid again once PAE
 * paging is on, so that the hypervisor has to decode through those tables.
 *
 * Each step prints one short line, "step NAME: OUTCOME"; the last line
 * is the verdict (tests/hvm/svm_insns_test.sh reads both, and the trace).
 */
#include <stdbool.h>
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
volatile uint32_t last_vector, last_eip;

/*
 * Every exception lands in one stub that records its vector and resumes
 * at a lone ret: each step is a small function (below), so the fault
 * leaves the step's own return address on top of the stack, and the
 * step returns as if it had run. Vectors with an error code push one;
 * the others push a zero, so the frame is the same.
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
        "    movl 12(%esp), %eax\n"     /* the frame's eip: where it came from */
        "    movl %eax, last_eip\n"
        "    movl $step_ret, 12(%esp)\n"
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
 * The steps: one instruction each (or a short sequence), then ret. What
 * the hypervisor emulates carries a redundant ds prefix (0x3e).
 */
__asm__(".text\n"
        "step_ret:         ret\n"
        "do_cpuid:         .byte 0x3e; cpuid; ret\n"
        "do_in:            .byte 0x3e; inb $0x40, %al; ret\n"
        "do_wbinvd:        .byte 0x3e; wbinvd; ret\n"
        "do_invd:          .byte 0x3e; invd; ret\n"
        "do_rdmsr:         .byte 0x3e; rdmsr; ret\n"
        "do_wrmsr:         .byte 0x3e; wrmsr; ret\n"
        "do_vmmcall:       vmmcall; ret\n"
        "do_vmmcall_pfx:   .byte 0x3e; vmmcall; ret\n"
        "do_vmload:        vmload; ret\n"
        "do_vmsave:        vmsave; ret\n"
        "do_stgi:          stgi; ret\n"
        "do_skinit:        skinit; ret\n"
        "do_invlpga:       invlpga; ret\n"
        "do_monitor:       monitor; ret\n"
        "do_mwait:         mwait; ret\n"
        "do_xsetbv:        xsetbv; ret\n"
        "do_ltr:           ltr %ax; ret\n"
        "do_int3:          int3\n"
        "do_int3_next:     ret\n"
        "do_intn:          .byte 0x3e; int $5\n"
        "do_intn_next:     ret\n"
        "do_clgi:          clgi\n"
        "1:                jmp 1b\n");      /* CLGI, had it run: the host's end */
void do_cpuid(void), do_in(void), do_wbinvd(void), do_invd(void), do_rdmsr(void),
    do_wrmsr(void), do_vmmcall(void), do_vmmcall_pfx(void), do_vmload(void),
    do_vmsave(void), do_stgi(void), do_skinit(void), do_invlpga(void),
    do_monitor(void), do_mwait(void), do_xsetbv(void), do_ltr(void), do_clgi(void),
    do_int3(void), do_int3_next(void), do_intn(void), do_intn_next(void);

struct step {
    const char *name;
    void (*insn)(void);
    uint32_t eax, ecx;
    uint32_t want;                      /* NO_FAULT or a vector */
};

static uint32_t out_ecx, out_edx;      /* what the last step left there */

/* Run one step with eax, ecx (and edx 0); its eax after. */
static uint32_t run(void (*insn)(void), uint32_t a, uint32_t c)
{
    uint32_t d = 0;

    last_vector = NO_FAULT;
    __asm__ volatile("call *%3" : "+a"(a), "+c"(c), "+d"(d) : "r"(insn) : "ebx", "memory");
    out_ecx = c;
    out_edx = d;
    return a;
}

static const char *outcome(uint32_t vector)
{
    static char other[] = "vector ..";

    if (vector == NO_FAULT)
        return "ran";
    if (vector == UD || vector == GP)
        return vector == UD ? "#UD" : "#GP";
    other[7] = (char)('0' + vector / 10 % 10);
    other[8] = (char)('0' + vector % 10);
    return other;
}

static unsigned int wrong;

/* One line a step: its outcome, and "(wrong)" if that, or what it left in
 * the registers (ok), is not what a CPU without SVM gives. */
static void report(const char *name, uint32_t want, bool ok)
{
    uint32_t got = last_vector;

    com1_puts("step ");
    com1_puts(name);
    com1_puts(": ");
    com1_puts(outcome(got));
    com1_puts(got == want && ok ? "\n" : " (wrong)\n");
    if (got != want || !ok)
        wrong++;
}

/* Emulated instructions, each behind a redundant prefix. Returns EFER. */
static uint32_t emulated(void)
{
    uint32_t efer;

    report("cpuid", NO_FAULT, run(do_cpuid, 0, 0) != 0);   /* a highest leaf */
    run(do_cpuid, 1, 0);                /* no MONITOR, XSAVE, OSXSAVE */
    report("cpuid-leaf-1", NO_FAULT, !(out_ecx & ((1u << 3) | (1u << 26) | (1u << 27))));
    run(do_cpuid, 0x80000001u, 0);      /* no SVM, no long mode */
    report("cpuid-leaf-80000001", NO_FAULT, !(out_ecx & (1u << 2)) && !(out_edx & (1u << 29)));
    run(do_in, 0, 0);
    report("in", NO_FAULT, true);
    run(do_wbinvd, 0, 0);
    report("wbinvd", NO_FAULT, true);
    run(do_invd, 0, 0);
    report("invd", NO_FAULT, true);
    efer = run(do_rdmsr, 0, MSR_EFER);
    report("rdmsr-efer", NO_FAULT, !(efer & EFER_SVME));   /* no SVM, no SVME */
    run(do_wrmsr, efer, MSR_EFER);
    report("wrmsr-efer", NO_FAULT, true);
    return efer;
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
    run(do_cpuid, 0, 0);
    report("cpuid-pae", NO_FAULT, true);
}

/*
 * Software interrupts reach its own IDT, with the address after the
 * instruction (prefix included) as the one to return to.
 */
static void software_interrupts(void)
{
    run(do_int3, 0, 0);
    report("int3", 3, last_eip == (uint32_t)do_int3_next);
    run(do_intn, 0, 0);
    report("int-5-prefixed", 5, last_eip == (uint32_t)do_intn_next);
}

/* What a CPU without SVM refuses. vmload, vmsave and skinit name a
 * host-physical page, as they would on real hardware. */
static void refused(uint32_t efer)
{
    const struct step steps[] = {
        { "wrmsr-efer-svme", do_wrmsr, efer | EFER_SVME, MSR_EFER, GP },
        { "rdmsr-hsave", do_rdmsr, 0, MSR_VM_HSAVE_PA, GP },
        { "wrmsr-hsave", do_wrmsr, 0x1000, MSR_VM_HSAVE_PA, GP },
        { "rdmsr-vm-cr", do_rdmsr, 0, MSR_VM_CR, GP },
        { "vmmcall", do_vmmcall, 0, 0, UD },
        { "vmmcall-prefixed", do_vmmcall_pfx, 0, 0, UD },
        { "vmload", do_vmload, 0x1000, 0, UD },
        { "vmsave", do_vmsave, 0x1000, 0, UD },
        { "stgi", do_stgi, 0, 0, UD },
        { "skinit", do_skinit, 0x1000, 0, UD },
        { "invlpga", do_invlpga, 0, 0, UD },
        { "monitor", do_monitor, 0x100000, 0, UD },
        { "mwait", do_mwait, 0, 0, UD },
        { "xsetbv", do_xsetbv, 1, 0, UD },
    };

    for (unsigned int i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        run(steps[i].insn, steps[i].eax, steps[i].ecx);
        report(steps[i].name, steps[i].want, true);
    }
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
    run(do_ltr, SEL_TSS, 0);
    report("ltr", NO_FAULT, true);
    run(do_clgi, 0, 0);
    report("clgi", UD, true);
}

void kernel_main(void)
{
    tables_load();
    refused(emulated());
    software_interrupts();
    paged();
    host_state();
    if (wrong)
        com1_puts("Test result: FAILURE: a step went wrong\n");
    else
        com1_puts("Test result: SUCCESS: every step answered as a CPU without SVM\n");
}
