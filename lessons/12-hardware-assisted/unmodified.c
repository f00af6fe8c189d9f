/*
 * unmodified.c - lesson 12's guest: a kernel that does not know it is
 * virtualized.
 *
 * No hypercalls, no Xen ABI, no libguest: it starts in protected mode at
 * 1 MB with paging off, as a boot loader would leave it (guest/flat.c
 * gives it a stack and calls kernel_main), and uses the
 * machine the way any small kernel does - a serial port (COM1) for its
 * output, cpuid to ask what it runs on, memory, page tables of its own,
 * and the CPU for as long as it likes. Under xenlab's SVM (hv/arch/x86/hvm/svm.c) each of those is a
 * VM exit or a nested page fault, which the guest cannot see.
 *
 * The one concession to the lesson: at each step it writes the step to
 * an I/O port (XENLAB_HVM_CHECKPOINT_PORT), where the hypervisor holds it
 * until the student goes on. tests/hvm boots it without a student.
 */
#include <stdint.h>
#include <public/xenlab.h>
#include "guest/flat.h"
#include "guest/port_io.h"

#define LESSON      12
#define TOUCH_BASE  0x200000u           /* 2 MB: above the image and stack */
#define TOUCH_PAGES 256                 /* 1 MB it has never used */
#define PASSES      48                  /* step 5: long enough for the timer */
#define ALIAS       0xc0000000u         /* step 4: its memory again, up here */
#define PDE_4M      0x83u               /* present, writable, a 4 MB page */

/* Its own page directory (32-bit paging, 4 MB pages): in .bss, a page it
 * has not touched before step 4. */
static uint32_t page_dir[1024] __attribute__((aligned(4096)));

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

static void checkpoint(unsigned int step)
{
    outw(XENLAB_HVM_CHECKPOINT_PORT, (uint16_t)(LESSON << 8 | step));
}

/*
 * Paging on, with tables of its own: the first 4 MB where they are, and
 * again at 3 GB. A PV kernel would ask for each entry (lesson 07); this
 * one just writes them and loads cr3.
 */
static __attribute__((noinline)) void enable_paging(void)
{
    page_dir[0] = 0 | PDE_4M;
    page_dir[ALIAS >> 22] = 0 | PDE_4M;
    __asm__ volatile("mov %%cr4, %%eax; or $0x10, %%eax; mov %%eax, %%cr4\n\t"  /* PSE */
                     "mov %0, %%cr3\n\t"
                     "mov %%cr0, %%eax; or $0x80000000, %%eax; mov %%eax, %%cr0"
                     : : "r"(page_dir) : "eax", "memory");
}

void kernel_main(void)
{
    uint32_t r[4], sig[4] = { 0 }, bad = 0;
    volatile uint32_t *mem = (volatile uint32_t *)TOUCH_BASE;

    checkpoint(1);
    com1_puts("Step 1: hello from an unmodified kernel, in ring 0 of a machine of its own\n");

    checkpoint(2);
    cpuid(1, r);
    com1_puts(r[2] & (1u << 31) ? "Step 2: cpuid says a hypervisor is underneath: "
                                  : "Step 2: cpuid says this is a real machine\n");
    if (r[2] & (1u << 31)) {
        cpuid(0x40000000u, r);
        sig[0] = r[1];
        sig[1] = r[2];
        sig[2] = r[3];
        com1_puts((const char *)sig);
        com1_putc('\n');
    }

    checkpoint(3);
    for (uint32_t i = 0; i < TOUCH_PAGES; i++)
        mem[i * 1024] = 0x5eed0000u + i;
    for (uint32_t i = 0; i < TOUCH_PAGES; i++)
        bad += mem[i * 1024] != 0x5eed0000u + i;
    com1_puts("Step 3: wrote and read back ");
    com1_put_dec(TOUCH_PAGES);
    com1_puts(" pages it had never touched\n");

    checkpoint(4);
    enable_paging();
    bad += *(volatile uint32_t *)(ALIAS + TOUCH_BASE) != 0x5eed0000u;
    com1_puts("Step 4: paging on, its own page tables: 0xc0200000 reads what 0x200000 holds\n");

    checkpoint(5);
    for (uint32_t pass = 0; pass < PASSES; pass++)
        for (uint32_t i = 0; i < TOUCH_PAGES * 1024; i++)
            bad += mem[i] != ((i & 1023) ? 0 : 0x5eed0000u + i / 1024);
    com1_puts("Step 5: read its megabyte ");
    com1_put_dec(PASSES);
    com1_puts(" times over; the timer interrupted it, it never knew\n");
    com1_puts(bad ? "Test result: FAILURE: memory did not keep its words\n"
                    : "Test result: SUCCESS: an unmodified kernel ran under SVM\n");
}
