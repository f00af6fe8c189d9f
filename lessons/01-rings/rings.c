/*
 * rings.c - lesson 01: a guest kernel in ring 1 meets privileged
 * instructions.
 *
 * On real hardware a kernel runs in ring 0 and may do anything. Under a
 * paravirtualizing hypervisor it runs in ring 1: ordinary instructions
 * still run at full speed, but privileged ones (cli, hlt, in/out, mov to
 * cr3) trap to ring 0, and the hypervisor decides what happens to each:
 * emulate it, reflect the fault back to us, or refuse.
 *
 * Each step stops at a checkpoint so the student can watch one idea at a
 * time in hvviz.
 */
#include "guest/libguest.h"

#define LESSON 1

static volatile unsigned int gp_seen;
static unsigned int skip_bytes;          /* length of the instruction we try */

/* Our #GP handler: count it, and step over the instruction. */
static void on_gp(struct guest_frame *f)
{
    gp_seen++;
    printf("  -> #GP came back to our own handler (eip=%08x): the hypervisor "
           "reflected it\n", f->eip);
    f->eip += skip_bytes;
}

/* Try one privileged instruction; report whether it trapped back to us. */
#define TRY(name, len, asm_text, ...)                                        \
    do {                                                                     \
        unsigned int before = gp_seen;                                       \
        skip_bytes = (len);                                                  \
        printf("trying %s\n", name);                                         \
        __asm__ volatile(asm_text __VA_ARGS__);                              \
        if (gp_seen == before)                                               \
            printf("  -> it completed: the hypervisor emulated it for us\n"); \
    } while (0)

void guest_main(void)
{
    uint16_t cs;
    uint32_t cr3, sum = 0;
    uint64_t t0, t1;

    guest_set_trap(13, on_gp, 0);

    guest_checkpoint(LESSON, 1);
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    printf("Step 1: this kernel runs in ring %u (cs=%04x, the flat ring-1 "
           "selector)\n", cs & 3, cs);

    guest_checkpoint(LESSON, 2);
    t0 = rdtsc();
    for (uint32_t i = 1; i <= 100000; i++)
        sum += i;
    t1 = rdtsc();
    printf("Step 2: 100000 ordinary additions (sum %u) in %llu cycles, "
           "no trap at all\n", sum, (unsigned long long)(t1 - t0));
    guest_mark(LESSON, 1, (uint32_t)(t1 - t0), 0);

    guest_checkpoint(LESSON, 3);
    printf("Step 3: cli - turn interrupts off\n");
    TRY("cli", 1, "cli");
    printf("Step 3: hlt - stop the CPU\n");
    TRY("hlt", 1, "hlt");

    guest_checkpoint(LESSON, 4);
    printf("Step 4: mov to and from cr3 - the page-table base\n");
    TRY("mov %cr3, %eax", 3, "mov %%cr3, %0", : "=r"(cr3));
    printf("  cr3 reads %08x: the machine address of our own top page table\n",
           cr3);
    TRY("mov %eax, %cr3", 3, "mov %0, %%cr3", : : "r"(cr3) : "memory");

    guest_checkpoint(LESSON, 5);
    printf("Step 5: in/out - talk to a device directly\n");
    TRY("in $0x60, %al (keyboard)", 2, "in $0x60, %%al", : : : "eax");

    guest_checkpoint(LESSON, 6);
    printf("%u privileged instructions came back to us as #GP\n", gp_seen);
    if (gp_seen != 3)
        guest_exit(RESULT_FAILURE, "expected 3 reflected #GP, saw %u", gp_seen);
    guest_exit(RESULT_SUCCESS, "lesson 1 done");
}
