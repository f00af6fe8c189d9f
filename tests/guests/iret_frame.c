/*
 * iret_frame.c - the iret hypercall with frames of our own making (see
 * iret_frame.h), to ring 1 and to ring 3.
 *
 * To ring 1 the frame's eip is the instruction after the hypercall, so
 * the call looks like a function that returns. To ring 3 the kernel first
 * runs a tiny user program (guest_run_user) that asks, with int $0x81,
 * for the crafted frame; the handler issues the iret from the ring-1
 * trap stack, and the landing pad reports its EFLAGS with a second
 * int $0x81, whose handler ends the user program:
 *
 *   ring 1: iret_to_ring3 -> guest_run_user -> ring 3: iret_user_enter
 *     -> int $0x81 (ASK) -> ring 1: iret hypercall, crafted frame
 *     -> ring 3: iret_user_pad: pushf; int $0x81 (SEEN, ebx = eflags)
 *     -> ring 1: guest_user_exit -> back in iret_to_ring3
 */
#include "iret_frame.h"

#define IRET_VECTOR     0x81
#define ASK             1
#define SEEN            2
#define STR(x)          #x
#define XSTR(x)         STR(x)
#define IRET_STUB       "hypercall_page + " XSTR(__HYPERVISOR_iret) " * 32"

uint32_t iret_steps;
static uint32_t want_eflags, want_eip, want_cs, want_ss, seen_eflags;
static uint8_t user_stack[4096] __attribute__((aligned(16)));
extern char iret_user_enter[];

/* Ring 3, with no data segment (the CPU nulls the kernel's on the way
 * out): only the stack and int. */
__asm__(".text\n"
        ".align 16\n"
        ".globl iret_user_pad\n"
        "iret_user_pad:\n\t"
        "pushfl\n\t"
        "popl %ebx\n\t"
        "movl $" XSTR(SEEN) ", %eax\n\t"
        "int $" XSTR(IRET_VECTOR) "\n\t"
        "ud2\n"
        ".globl iret_user_enter\n"
        "iret_user_enter:\n\t"
        "movl $" XSTR(ASK) ", %eax\n\t"
        "int $" XSTR(IRET_VECTOR) "\n\t"
        "ud2\n");

uint32_t iret_to_ring1(uint32_t eflags, uint32_t cs)
{
    uint32_t seen;

    /* The frame: eflags, cs, eip (the stub pushes eax); DF may come back
     * set, and C code must not run with it. */
    __asm__ volatile("pushl %[fl]\n\t"
                     "pushl %[cs]\n\t"
                     "pushl $1f\n\t"
                     "jmp " IRET_STUB "\n"
                     "1:\tpushfl\n\t"
                     "popl %[seen]\n\t"
                     "cld"
                     : [seen] "=r"(seen)
                     : [fl] "r"(eflags), [cs] "r"(cs)
                     : "eax", "memory", "cc");
    return seen;
}

static __attribute__((noreturn)) void iret_hypercall_to_ring3(void)
{
    /* Statics, not registers or stack slots: the pushes move esp. */
    __asm__ volatile("pushl %[ss]\n\t"
                     "pushl %[esp]\n\t"
                     "pushl %[fl]\n\t"
                     "pushl %[cs]\n\t"
                     "pushl %[eip]\n\t"
                     "jmp " IRET_STUB
                     :
                     : [ss] "m"(want_ss),
                       [esp] "r"(user_stack + sizeof(user_stack)),
                       [fl] "m"(want_eflags), [cs] "m"(want_cs),
                       [eip] "m"(want_eip)
                     : "memory");
    __builtin_unreachable();
}

static void on_user_call(struct guest_frame *f)
{
    if ((f->cs & 3) != 3)
        guest_exit(RESULT_ERROR, "int $0x81 from ring %u", f->cs & 3);
    if (f->eax == ASK)
        iret_hypercall_to_ring3();
    seen_eflags = f->ebx;
    guest_user_exit(SEEN);
}

uint32_t iret_to_ring3(uint32_t eflags, const struct ring3_target *to)
{
    want_eflags = eflags;
    want_eip = to && to->eip ? to->eip : (uint32_t)(uintptr_t)iret_user_pad;
    want_cs = to && to->cs ? to->cs : FLAT_USER_CS;
    want_ss = to && to->ss ? to->ss : FLAT_USER_SS;
    seen_eflags = 0;
    if (guest_run_user((void (*)(void))iret_user_enter,
                       user_stack + sizeof(user_stack)) != SEEN)
        guest_exit(RESULT_ERROR, "the ring-3 landing pad did not report");
    return seen_eflags;
}

/* A TF the frame carried: one step, then on without it. */
static void on_step(struct guest_frame *f)
{
    if (!(f->eflags & EFLAGS_TF))
        guest_exit(RESULT_ERROR, "#DB at %08x with no single step", f->eip);
    f->eflags &= ~EFLAGS_TF;
    iret_steps++;
}

void iret_frame_init(void)
{
    guest_set_trap(IRET_VECTOR, on_user_call, 3);
    guest_set_trap(1, on_step, 0);
}
