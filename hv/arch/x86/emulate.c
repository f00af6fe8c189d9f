/*
 * emulate.c - privileged instructions a guest kernel executes in ring 1.
 *
 * The lecture's starting point: x86 was not built to be virtualized. A
 * kernel moved from ring 0 to ring 1 still executes cli, hlt, in/out,
 * mov to cr3; each now raises #GP into the hypervisor, which decodes the
 * instruction at the guest's eip and decides:
 *
 *   Xen's rules (a paravirtual guest)      trap-and-emulate (XENLAB_trap_emulate)
 *   mov to/from cr3   emulated             emulated
 *   clts, mov cr0.TS  emulated             emulated
 *   wbinvd            emulated (no-op)     emulated (no-op)
 *   cli / sti         reflected: #GP       emulated: upcall mask on/off
 *   hlt               reflected: #GP       emulated: block until an event
 *   in / out          reflected: #GP       emulated: a virtual 16550 at 0x3f8
 *   anything else     reflected: #GP       reflected: #GP
 *
 * "Reflected" means the #GP goes back to the guest's own handler (or the
 * domain is killed if it has none). A paravirtual kernel never needs the
 * right-hand column: it uses hypercalls and the upcall mask instead. Each
 * decision becomes a pv.privop record with the instruction and outcome
 * (traps.c writes it, once the outcome is known).
 */
#include <hv/console.h>
#include <klib.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/trace.h>
#include "x86.h"

#define VUART_BASE  0x3f8
#define VUART_LSR   5
#define LSR_IDLE    0x60                /* transmitter empty */

struct insn {
    enum trace_privop op;
    unsigned int len;
    uint8_t bytes[8];
    bool opsize16;
    uint8_t modrm;
    unsigned int port;                  /* in/out with an immediate port */
    bool port_in_dx;
    unsigned int width;                 /* in/out: 1, 2 or 4 bytes */
};

/* Length of a ModRM operand (with SIB and displacement), 32-bit mode. */
static unsigned int modrm_len(const uint8_t *p)
{
    uint8_t mod = p[0] >> 6, rm = p[0] & 7;
    unsigned int len = 1;

    if (mod == 3)
        return 1;
    if (rm == 4) {
        len++;                          /* SIB */
        if (mod == 0 && (p[1] & 7) == 5)
            len += 4;
    } else if (mod == 0 && rm == 5) {
        len += 4;                       /* disp32 */
    }
    if (mod == 1)
        len += 1;
    else if (mod == 2)
        len += 4;
    return len;
}

static int decode(uint32_t eip, struct insn *in)
{
    uint8_t b[15];
    unsigned int i = 0;

    memset(in, 0, sizeof(*in));
    if (copy_from_guest(b, eip, sizeof(b)) &&
        copy_from_guest(b, eip, 4))     /* near the end of a mapping */
        return -EFAULT;
    memcpy(in->bytes, b, sizeof(in->bytes));
    while (i < 4 && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xf2 ||
                     b[i] == 0xf3 || b[i] == 0x2e || b[i] == 0x3e ||
                     b[i] == 0x26 || b[i] == 0x36 || b[i] == 0x64 ||
                     b[i] == 0x65)) {
        if (b[i] == 0x66)
            in->opsize16 = true;
        i++;
    }
    in->width = in->opsize16 ? 2 : 4;
    switch (b[i]) {
    case 0xfa: in->op = PRIVOP_CLI; in->len = i + 1; return 0;
    case 0xfb: in->op = PRIVOP_STI; in->len = i + 1; return 0;
    case 0xf4: in->op = PRIVOP_HLT; in->len = i + 1; return 0;
    case 0xe4: case 0xe5: case 0xe6: case 0xe7:
        in->op = (b[i] & 2) ? PRIVOP_OUT : PRIVOP_IN;
        in->width = (b[i] & 1) ? in->width : 1;
        in->port = b[i + 1];
        in->len = i + 2;
        return 0;
    case 0xec: case 0xed: case 0xee: case 0xef:
        in->op = (b[i] & 2) ? PRIVOP_OUT : PRIVOP_IN;
        in->width = (b[i] & 1) ? in->width : 1;
        in->port_in_dx = true;
        in->len = i + 1;
        return 0;
    case 0x0f:
        break;
    default:
        return -EINVAL;
    }
    i++;
    switch (b[i]) {
    case 0x06: in->op = PRIVOP_CLTS; in->len = i + 1; return 0;
    case 0x09: in->op = PRIVOP_WBINVD; in->len = i + 1; return 0;
    case 0x30: in->op = PRIVOP_WRMSR; in->len = i + 1; return 0;
    case 0x32: in->op = PRIVOP_RDMSR; in->len = i + 1; return 0;
    case 0x20: case 0x22:
        in->modrm = b[i + 1];
        if ((in->modrm >> 6) != 3)
            return -EINVAL;
        if (((in->modrm >> 3) & 7) == 3)
            in->op = b[i] == 0x22 ? PRIVOP_MOV_TO_CR3 : PRIVOP_MOV_FROM_CR3;
        else
            in->op = PRIVOP_MOV_CR_OTHER;
        in->len = i + 2;
        return 0;
    case 0x01:
        in->modrm = b[i + 1];
        switch ((in->modrm >> 3) & 7) {
        case 2: in->op = PRIVOP_LGDT; break;
        case 3: in->op = PRIVOP_LIDT; break;
        case 7: in->op = PRIVOP_INVLPG; break;
        default: return -EINVAL;
        }
        in->len = i + 1 + modrm_len(&b[i + 1]);
        return 0;
    default:
        return -EINVAL;
    }
}

/* The general register a ModRM r/m field names, in the saved frame. */
static uint32_t *gpr(struct cpu_user_regs *regs, unsigned int n)
{
    switch (n & 7) {
    case 0: return &regs->eax;
    case 1: return &regs->ecx;
    case 2: return &regs->edx;
    case 3: return &regs->ebx;
    case 4: return &regs->esp;
    case 5: return &regs->ebp;
    case 6: return &regs->esi;
    default: return &regs->edi;
    }
}

/* The classic way: a virtual 16550 whose output is the guest's console. */
static void emulate_io(struct cpu_user_regs *regs, const struct insn *in,
                       unsigned int port)
{
    struct domain *d = current->domain;

    if (in->op == PRIVOP_OUT) {
        char c = (char)regs->eax;

        if (port == VUART_BASE)
            console_guest_write(d, &c, 1);
        return;
    }
    regs->eax &= in->width == 1 ? ~0xffu : in->width == 2 ? ~0xffffu : 0;
    if (port == VUART_BASE + VUART_LSR)
        regs->eax |= LSR_IDLE;
    else
        regs->eax |= in->width == 1 ? 0xffu : in->width == 2 ? 0xffffu : ~0u;
}

/*
 * A #GP with error code 0 from a guest: is it a privileged instruction,
 * and can it be emulated? Fills *p (p->op = PRIVOP_UNKNOWN if the bytes
 * are no privileged instruction we know) and returns true when emulated,
 * with eip moved past the instruction. The caller traces the outcome.
 */
bool pv_emulate_privileged(struct cpu_user_regs *regs, struct privop *p)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    struct insn in;
    uint32_t operand = 0;
    bool outcome = true;
    unsigned int port;

    p->op = PRIVOP_UNKNOWN;
    p->bytes = 0;
    p->operand = 0;
    if (decode(regs->eip, &in))
        return false;
    port = in.port_in_dx ? (regs->edx & 0xffff) : in.port;

    switch (in.op) {
    case PRIVOP_MOV_TO_CR3: {
        uint32_t val = *gpr(regs, in.modrm);
        enum trace_mm_reason why;

        operand = val;
        if (mm_new_baseptr(v, val >> PAGE_SHIFT, false, &why))
            outcome = false;
        break;
    }
    case PRIVOP_MOV_FROM_CR3:
        operand = v->cr3_mfn << PAGE_SHIFT;
        *gpr(regs, in.modrm) = operand;
        break;
    case PRIVOP_MOV_CR_OTHER: {
        unsigned int cr = (in.modrm >> 3) & 7;
        bool to = in.bytes[in.len - 2] == 0x22;
        uint32_t *r = gpr(regs, in.modrm);

        operand = cr;
        if (!to && cr == 0)
            *r = (read_cr0() & ~X86_CR0_TS) | (v->guest_ts ? X86_CR0_TS : 0);
        else if (!to && cr == 2)
            *r = v->vcpu_info->arch.cr2;
        else if (!to && cr == 4)
            *r = read_cr4();
        else if (to && cr == 0 && ((*r ^ read_cr0()) & ~X86_CR0_TS) == 0)
            pv_set_guest_ts(v, *r & X86_CR0_TS);
        else
            outcome = false;
        break;
    }
    case PRIVOP_CLTS:
        pv_set_guest_ts(v, false);
        break;
    case PRIVOP_WBINVD:
        break;
    case PRIVOP_CLI:
    case PRIVOP_STI:
        if (!d->trap_emulate) {
            outcome = false;
            break;
        }
        v->vcpu_info->evtchn_upcall_mask = in.op == PRIVOP_CLI;
        break;
    case PRIVOP_HLT:
        if (!d->trap_emulate) {
            outcome = false;
            break;
        }
        if (!evtchn_has_pending(v))
            vcpu_block(v);
        break;
    case PRIVOP_IN:
    case PRIVOP_OUT:
        operand = port;
        if (!d->trap_emulate) {
            outcome = false;
            break;
        }
        emulate_io(regs, &in, port);
        break;
    default:
        outcome = false;
        break;
    }
    p->op = in.op;
    p->bytes = (uint32_t)in.bytes[0] | (uint32_t)in.bytes[1] << 8 |
               (uint32_t)in.bytes[2] << 16 | (uint32_t)in.bytes[3] << 24;
    p->operand = operand;
    if (outcome)
        regs->eip += in.len;
    return outcome;
}
