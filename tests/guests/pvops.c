/*
 * pvops.c - the PV operations the lessons do not exercise, each checked
 * for its result and its effect:
 *
 *   set_gdt, update_descriptor   our own GDT page; a flat 4 GB segment is
 *                                cut short below the hypervisor (lsl);
 *                                ring-0 and system descriptors refused
 *   fpu_taskswitch               a set TS makes our first FPU use a #NM
 *                                bounced to us; state survives a switch
 *   event channels               bind_ipi, send, status, mask/unmask,
 *                                close; a port pending while masked is
 *                                delivered on unmask
 *   sched_op poll                returns at its timeout
 *   vcpu_op timers               periodic off/on, singleshot
 *   console_io read              nothing typed: 0 bytes
 *   xenbus waits                 a wait for a number or a state the
 *                                writer has already gone past returns
 *                                ("reached", not "equal")
 */
#include "guest/io.h"
#include "guest/libguest.h"

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (!(cond))                                                      \
            guest_exit(RESULT_FAILURE, __VA_ARGS__);                      \
    } while (0)

static uint8_t gdt_page[4096] __attribute__((aligned(4096)));
static volatile unsigned int nm_traps, ipi_events;

static uint64_t desc(uint32_t base, uint32_t limit, unsigned int dpl,
                     unsigned int type, bool s)
{
    uint32_t lo = (base << 16) | (limit & 0xffff);
    uint32_t hi = (base & 0xff000000) | ((base >> 16) & 0xff) | (limit & 0xf0000) |
                  (1u << 15) | (s ? 1u << 12 : 0) | (dpl << 13) | (type << 8) |
                  (1u << 22) | (1u << 23);

    return (uint64_t)hi << 32 | lo;
}

static long update_descriptor(uint64_t ma, uint64_t d)
{
    return _hypercall4(__HYPERVISOR_update_descriptor, (uint32_t)ma,
                       (uint32_t)(ma >> 32), (uint32_t)d, (uint32_t)(d >> 32));
}

static void test_gdt(void)
{
    unsigned long mfn = virt_to_mfn(gdt_page);
    uint64_t ma = (uint64_t)mfn << 12;
    unsigned long frames[1] = { mfn };
    uint32_t limit;
    uint16_t sel = (2 << 3) | 1;            /* entry 2, RPL 1 */

    /* A GDT page must not stay writable in our page tables. */
    CHECK(_hypercall2(__HYPERVISOR_set_gdt, frames, 512) == -XEN_EBUSY,
          "set_gdt accepted a page we can still write");
    HYPERVISOR_update_va_mapping((unsigned long)gdt_page,
                                 ((uint64_t)mfn << 12) | 0x5, UVMF_INVLPG);
    CHECK(_hypercall2(__HYPERVISOR_set_gdt, frames, 512) == 0, "set_gdt");

    /* A flat 4 GB data segment for ring 1: accepted, but cut short after
     * the read-only M2P table, which guests may read. */
    CHECK(update_descriptor(ma + 16, desc(0, 0xfffff, 1, 0x3, true)) == 0,
          "update_descriptor refused a flat data segment");
    __asm__ volatile("lsl %1, %0" : "=r"(limit) : "r"((uint32_t)sel));
    printf("flat segment's limit after the hypervisor's check: %08x\n", limit);
    CHECK(limit == MACH2PHYS_VIRT_END - 1,
          "segment limit %08x: not the end of the read-only M2P table", limit);
    __asm__ volatile("mov %0, %%fs; mov %%fs:0xc0000000, %%eax; mov %1, %%fs"
                     : : "r"(sel), "r"(0) : "eax", "memory");

    /* Ring 0 becomes ring 1; a call gate (system descriptor) is refused. */
    CHECK(update_descriptor(ma + 24, desc(0, 0xfffff, 0, 0xb, true)) == 0,
          "a DPL-0 code segment should be fixed up, not refused");
    CHECK(((((const uint32_t *)gdt_page)[7] >> 13) & 3) == 1,
          "DPL 0 was not raised to 1");
    CHECK(update_descriptor(ma + 32, desc(0xc0000000, 0, 0, 0xc, false)) == -XEN_EINVAL,
          "a call gate was accepted");
    CHECK(update_descriptor(ma + 3, 0) == -XEN_EINVAL, "a misaligned descriptor");

    CHECK(_hypercall2(__HYPERVISOR_set_gdt, 0, 0) == 0, "dropping the GDT");
    CHECK(HYPERVISOR_update_va_mapping((unsigned long)gdt_page,
                                       ((uint64_t)mfn << 12) | 0x7, UVMF_INVLPG) == 0,
          "the page could not be made writable again after set_gdt(0)");
}

static void on_nm(struct guest_frame *f)
{
    nm_traps++;
    HYPERVISOR_fpu_taskswitch(0);           /* clear TS, as clts would */
}

static void test_fpu(void)
{
    uint32_t before, after;

    guest_set_trap(7, on_nm, 0);
    HYPERVISOR_fpu_taskswitch(1);
    __asm__ volatile("fninit; fld1; fstps %0" : "=m"(before));
    CHECK(nm_traps == 1, "no #NM after fpu_taskswitch(1): %u", nm_traps);
    __asm__ volatile("fld1; fld1; faddp");
    HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    __asm__ volatile("fstps %0" : "=m"(after));
    CHECK(before == 0x3f800000 && after == 0x40000000,
          "FPU state lost across a switch: %08x %08x", before, after);
}

static void on_ipi(evtchn_port_t port)
{
    ipi_events++;
}

static void test_events(void)
{
    struct evtchn_bind_ipi b = { 0, 0 };
    struct evtchn_status st;
    evtchn_port_t port;

    CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b) == 0, "bind_ipi");
    port = b.port;
    guest_bind_port(port, on_ipi);
    st.dom = DOMID_SELF;
    st.port = port;
    CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) == 0 &&
          st.status == EVTCHNSTAT_ipi, "status");

    HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
    CHECK(ipi_events == 1, "an ipi to ourselves was not delivered");

    shared_info->evtchn_mask[port / 32] |= 1u << (port % 32);
    HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
    CHECK(ipi_events == 1, "a masked port was delivered");
    HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &port);
    HYPERVISOR_sched_op(SCHEDOP_yield, NULL);   /* a way back from ring 0 */
    CHECK(ipi_events == 2, "unmask did not deliver the pending event");

    CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_close, &port) == 0, "close");
    CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_send, &port) == -XEN_EINVAL,
          "send on a closed port");
    port = 5000;
    CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_send, &port) == -XEN_EINVAL,
          "send on a port out of range");
}

static void test_time(void)
{
    struct vcpu_set_singleshot_timer st;
    struct sched_poll poll;
    evtchn_port_t none = 1000;
    uint64_t t0 = guest_now_ns();
    uint32_t ticks;
    char c;

    /* poll returns when its timeout passes, even with nothing pending. */
    poll.ports = &none;
    poll.nr_ports = 1;
    poll.timeout = t0 + 20000000;
    CHECK(HYPERVISOR_sched_op(SCHEDOP_poll, &poll) == 0, "poll");
    CHECK(guest_now_ns() >= t0 + 20000000, "poll returned early");

    /* No periodic timer, then a single shot. */
    CHECK(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL) == 0, "stop");
    ticks = timer_ticks;
    st.timeout_abs_ns = guest_now_ns() + 5000000;
    st.flags = VCPU_SSHOTTMR_future;
    CHECK(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st) == 0, "shot");
    while (timer_ticks == ticks)
        guest_block();
    /* Wait 30 ms without a timer of our own: no further tick may come. */
    poll.timeout = guest_now_ns() + 30000000;
    HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    CHECK(timer_ticks == ticks + 1, "%u ticks with no periodic timer",
          timer_ticks - ticks);
    st.timeout_abs_ns = 1;
    CHECK(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st) == -XEN_ETIME,
          "a past deadline with VCPU_SSHOTTMR_future");

    CHECK(HYPERVISOR_console_io(CONSOLEIO_read, 1, &c) == 0 ||
          HYPERVISOR_console_io(CONSOLEIO_read, 1, &c) == 1, "console read");
}

/*
 * The writer moved on before the reader looked: a step counter is at 6
 * when we wait for 5, a backend is Closed when we wait for Closing. A
 * wait for "equal" would block for ever (lesson 09's deadlock).
 */
static void test_xenbus_waits(void)
{
    long got;

    CHECK(xenbus_write("waits/step", "6") == 0, "xenbus write");
    got = xenbus_wait_reached("waits/step", 5);
    CHECK(got == 6, "wait for step 5 with step at 6 returned %ld", got);
    CHECK(xenbus_printf("waits", "state", "%u", XenbusStateClosed) == 0,
          "xenbus write");
    got = xenbus_wait_state("waits/state", XenbusStateClosing);
    CHECK(got == XenbusStateClosed, "wait for Closing with Closed returned %ld",
          got);
    CHECK(xenbus_wait_state("waits/nothing", XenbusStateConnected) ==
          -XEN_ENOENT, "a state wait on a missing node");
}

void guest_main(void)
{
    test_gdt();
    printf("set_gdt and update_descriptor: ok\n");
    test_fpu();
    printf("fpu_taskswitch and lazy FPU: ok\n");
    test_events();
    printf("event channels: ok\n");
    test_time();
    printf("poll, timers, console read: ok\n");
    test_xenbus_waits();
    printf("xenbus waits: ok\n");
    guest_exit(RESULT_SUCCESS, "all PV operations behaved");
}
