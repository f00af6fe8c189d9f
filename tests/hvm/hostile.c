/*
 * hostile.c - an unmodified kernel that attacks from its own ring 0.
 *
 * A hardware-assisted guest owns ring 0 of its machine, so it can try what
 * no PV kernel could even encode: reset the PC through the keyboard
 * controller or port 0xcf9, reprogram the interrupt controller and the
 * timer, write the MSR that tells the CPU where the hypervisor keeps its
 * own state, run VMRUN itself, write far beyond its memory, and triple
 * fault. Every port is intercepted and goes nowhere; each of the last
 * four (one per build: ATTACK=1..4) must crash this domain and nothing
 * else (tests/hvm/hostile_test.sh). The MSR write is a #GP and VMRUN a
 * #UD, as on a CPU without SVM; with no IDT to take them, these kernels
 * triple fault.
 */
#include <stdint.h>
#include "guest/flat.h"
#include "guest/port_io.h"

#ifndef ATTACK
#error "build with -DATTACK=1..4"
#endif

void kernel_main(void)
{
    /* Ports that would reset or reprogram the real machine. */
    outb(0x64, 0xfe);                   /* keyboard controller: pulse reset */
    outb(0xcf9, 0x06);                  /* PCI reset control: hard reset */
    outb(0x21, 0xff);                   /* mask every interrupt at the PIC */
    outb(0x43, 0x30);                   /* stop the PIT's channel 0 */
    outb(0x40, 0);
    outb(0x40, 0);
    com1_puts("ports written; the machine is still here\n");

    switch (ATTACK) {
    case 1:                             /* where the hypervisor saves itself */
        com1_puts("attack: wrmsr VM_HSAVE_PA\n");
        __asm__ volatile("wrmsr" : : "c"(0xc0010117u), "a"(0), "d"(0));
        break;
    case 2:                             /* a hypervisor of its own */
        com1_puts("attack: vmrun\n");
        __asm__ volatile("vmrun" : : "a"(0x1000));
        break;
    case 3:                             /* 64 MB: far past its memory */
        com1_puts("attack: write at 64 MB\n");
        *(volatile uint32_t *)0x4000000 = 0xbad;
        break;
    case 4: {                           /* no IDT at all, then a fault */
        static const struct { uint16_t limit; uint32_t base; } __attribute__((packed))
            none = { 0, 0 };

        com1_puts("attack: triple fault\n");
        __asm__ volatile("lidt %0; ud2" : : "m"(none));
        break;
    }
    }
    com1_puts("Test result: FAILURE: the attack went through\n");
}
