/*
 * hypercall.h - calling the hypervisor from a guest kernel.
 *
 * The builder fills the kernel's hypercall page with one 32-byte stub per
 * hypercall (mov $nr, %eax; int $0x82; ret). A call is therefore just
 * "call hypercall_page + nr * 32" with the arguments in ebx, ecx, edx,
 * esi and edi; the result comes back in eax. The argument registers count
 * as clobbered.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <public/callback.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/xen.h>
#include <public/xenlab.h>

extern char hypercall_page[4096];

#define HCALL_STR(x) #x
#define HCALL_XSTR(x) HCALL_STR(x)
#define HCALL(nr) "call hypercall_page + " HCALL_XSTR(nr) " * 32"

#define _hypercall0(nr) ({                                              \
    long r_;                                                            \
    __asm__ volatile(HCALL(nr) : "=a"(r_) : : "memory");                \
    r_; })

#define _hypercall1(nr, a1) ({                                          \
    long r_, b_;                                                        \
    __asm__ volatile(HCALL(nr) : "=a"(r_), "=b"(b_)                     \
                     : "1"((long)(a1)) : "memory");                     \
    r_; })

#define _hypercall2(nr, a1, a2) ({                                      \
    long r_, b_, c_;                                                    \
    __asm__ volatile(HCALL(nr) : "=a"(r_), "=b"(b_), "=c"(c_)           \
                     : "1"((long)(a1)), "2"((long)(a2)) : "memory");    \
    r_; })

#define _hypercall3(nr, a1, a2, a3) ({                                  \
    long r_, b_, c_, d_;                                                \
    __asm__ volatile(HCALL(nr) : "=a"(r_), "=b"(b_), "=c"(c_), "=d"(d_) \
                     : "1"((long)(a1)), "2"((long)(a2)), "3"((long)(a3))\
                     : "memory");                                       \
    r_; })

#define _hypercall4(nr, a1, a2, a3, a4) ({                              \
    long r_, b_, c_, d_, s_;                                            \
    __asm__ volatile(HCALL(nr) : "=a"(r_), "=b"(b_), "=c"(c_), "=d"(d_),\
                     "=S"(s_)                                           \
                     : "1"((long)(a1)), "2"((long)(a2)), "3"((long)(a3)),\
                       "4"((long)(a4)) : "memory");                     \
    r_; })

#define _hypercall5(nr, a1, a2, a3, a4, a5) ({                          \
    long r_, b_, c_, d_, s_, D_;                                        \
    __asm__ volatile(HCALL(nr) : "=a"(r_), "=b"(b_), "=c"(c_), "=d"(d_),\
                     "=S"(s_), "=D"(D_)                                 \
                     : "1"((long)(a1)), "2"((long)(a2)), "3"((long)(a3)),\
                       "4"((long)(a4)), "5"((long)(a5)) : "memory");    \
    r_; })

/* A hypercall whose number is only known at run time (tests). */
static inline long _hypercall5_any(unsigned int nr, long a1, long a2, long a3,
                                   long a4, long a5)
{
    long r, b, c, d, S, D;
    const char *stub = hypercall_page + (nr % 128) * 32;

    __asm__ volatile("call *%6"
                     : "=a"(r), "=b"(b), "=c"(c), "=d"(d), "=S"(S), "=D"(D)
                     : "m"(stub), "1"(a1), "2"(a2), "3"(a3), "4"(a4), "5"(a5)
                     : "memory");
    return r;
}

static inline long HYPERVISOR_console_io(int cmd, int count, char *buf)
{
    return _hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_set_trap_table(const struct trap_info *t)
{
    return _hypercall1(__HYPERVISOR_set_trap_table, t);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long esp)
{
    return _hypercall2(__HYPERVISOR_stack_switch, ss, esp);
}

static inline long HYPERVISOR_set_callbacks(unsigned long ev_cs,
                                            unsigned long ev_eip,
                                            unsigned long fs_cs,
                                            unsigned long fs_eip)
{
    return _hypercall4(__HYPERVISOR_set_callbacks, ev_cs, ev_eip, fs_cs, fs_eip);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va,
                                                uint64_t val,
                                                unsigned long flags)
{
    return _hypercall4(__HYPERVISOR_update_va_mapping, va, (uint32_t)val, (uint32_t)(val >> 32), flags);
}

static inline long HYPERVISOR_set_timer_op(uint64_t timeout)
{
    return _hypercall2(__HYPERVISOR_set_timer_op, (uint32_t)timeout, (uint32_t)(timeout >> 32));
}

static inline long HYPERVISOR_vcpu_op(int cmd, int vcpu, void *arg)
{
    return _hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long HYPERVISOR_mmu_update(const struct mmu_update *req,
                                         unsigned int count, unsigned int *done,
                                         domid_t foreigndom)
{
    return _hypercall4(__HYPERVISOR_mmu_update, req, count, done, foreigndom);
}

static inline long HYPERVISOR_mmuext_op(const struct mmuext_op *op,
                                        unsigned int count, unsigned int *done,
                                        domid_t foreigndom)
{
    return _hypercall4(__HYPERVISOR_mmuext_op, op, count, done, foreigndom);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
    return _hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *ops,
                                            unsigned int count)
{
    return _hypercall3(__HYPERVISOR_grant_table_op, cmd, ops, count);
}

static inline long HYPERVISOR_xenlab_op(int cmd, long a1, long a2, long a3,
                                        long a4)
{
    return _hypercall5(__HYPERVISOR_xenlab_op, cmd, a1, a2, a3, a4);
}

#endif /* GUEST_HYPERCALL_H */
