/*
 * io_harness.c - the machine under the inter-domain I/O host tests.
 *
 * The real event_channel.c, grant_table.c, xenstore.c, io_ring.c, mm.c
 * and memory.c (and the backends) compile as they are; this file gives
 * them 16 MB of "machine memory" (frame n at io_machine + n * 4096, which
 * is also where __pa() counts from), guest memory that hypercall
 * arguments are copied from (plain offsets into io_guest), and records
 * what they ask of the CPU and the scheduler (flushes, wake-ups).
 */
#include <stdlib.h>
#include <string.h>
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/tlb.h>
#include "io_harness.h"

uint8_t io_machine[IO_MACHINE_FRAMES * 4096] __attribute__((aligned(4096)));
uint8_t io_guest[IO_GUEST_BYTES];
uint8_t *host_directmap = io_machine;
unsigned int io_flushes, io_wakes;
struct domain *domains[MAX_DOMAINS];
struct vcpu *current;

uint64_t arch_rdtsc(void) { static uint64_t t; return t += 10; }
unsigned int arch_cpu_id(void) { return 0; }
const void *arch_phys_to_virt(paddr_t pa, size_t len) { return NULL; }
void arch_exit(int code) { abort(); }

void *map_domain_page_slow(mfn_t mfn)
{
    if (mfn >= IO_MACHINE_FRAMES)
        abort();                    /* nothing may map a frame it did not check */
    return io_machine + (size_t)mfn * 4096;
}

void unmap_domain_page_slow(const void *va) { (void)va; }
void arch_fill_xen_l2_slots(pte_t *l2) { (void)l2; }
void arch_map_m2p(mfn_t first, unsigned int nr) { (void)first; (void)nr; }
void arch_load_baseptr(struct vcpu *v) { (void)v; }
int arch_set_ldt(struct vcpu *v, uint32_t va, uint32_t ents) { return 0; }
int validate_desc_page(mfn_t mfn) { return 0; }

bool tlb_maybe_stale;

void tlb_flush(enum trace_tlb_reason r, enum trace_tlb_scope s, uint32_t va,
               uint16_t dom)
{
    io_flushes++;
    if (s != TLB_SCOPE_PAGE)
        tlb_maybe_stale = false;
}

void vcpu_wake_for_port(struct vcpu *v, evtchn_port_t port) { io_wakes++; }
void printk(const char *fmt, ...) { (void)fmt; }
void panic(const char *fmt, ...) { abort(); }

struct domain *domain_lookup(domid_t id)
{
    if (id == DOMID_SELF)
        return current ? current->domain : NULL;
    return id < MAX_DOMAINS ? domains[id] : NULL;
}

bool guest_range_ok(uint32_t va, size_t len)
{
    return len <= IO_GUEST_BYTES && va <= IO_GUEST_BYTES - len;
}

int copy_from_guest(void *to, uint32_t va, size_t len)
{
    if (!guest_range_ok(va, len))
        return -EFAULT;
    memcpy(to, io_guest + va, len);
    return 0;
}

int copy_to_guest(uint32_t va, const void *from, size_t len)
{
    if (!guest_range_ok(va, len))
        return -EFAULT;
    memcpy(io_guest + va, from, len);
    return 0;
}

/* klib's, which the host's C library (glibc 2.36) does not have. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if (size) {
        size_t k = n < size - 1 ? n : size - 1;

        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}
