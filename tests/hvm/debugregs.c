/*
 * debugregs.c - an unmodified kernel that sets debug registers of its own.
 *
 * Nothing stops a ring-0 guest from writing DR0-DR3: SVM does not switch
 * them, so without the hypervisor's help they would become the host's,
 * and a debugger's watchpoints in other domains would watch this
 * kernel's addresses instead. Again and again it writes all four, exits
 * (cpuid), and checks that they are still its own: the hypervisor must
 * give them back on every VMRUN, and its own back on every #VMEXIT.
 */
#include <stdint.h>
#include "guest/flat.h"

#define ROUNDS 20000

#define DR(n)                                                                \
    static uint32_t read_dr##n(void)                                         \
    {                                                                        \
        uint32_t v;                                                          \
        __asm__ volatile("mov %%dr" #n ", %0" : "=r"(v));                    \
        return v;                                                            \
    }
DR(0)
DR(1)
DR(2)
DR(3)

void kernel_main(void)
{
    unsigned int bad = 0;
    uint32_t r;

    for (int i = 0; i < ROUNDS; i++) {
        __asm__ volatile("mov %0, %%dr0\n\tmov %1, %%dr1\n\tmov %2, %%dr2\n\tmov %3, %%dr3"
                         : : "r"(0x1000u), "r"(0x2000u), "r"(0x3000u), "r"(0x4000u));
        __asm__ volatile("cpuid" : "=a"(r) : "a"(0) : "ebx", "ecx", "edx");
        if (read_dr0() != 0x1000u || read_dr1() != 0x2000u ||
            read_dr2() != 0x3000u || read_dr3() != 0x4000u)
            bad++;
    }
    com1_puts(bad ? "Test result: FAILURE: my debug registers changed\n"
                  : "Test result: SUCCESS: my debug registers stayed mine\n");
}
