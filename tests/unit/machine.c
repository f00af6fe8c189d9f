/*
 * machine.c - the stand-in machine under the PV MMU and I/O host tests.
 *
 * The real mm.c, frame_table.c, memory.c (and, for I/O, the event-channel,
 * grant-table, xenstore, ring and backend code) compile as they are; this
 * file gives them 16 MB of "machine memory" (frame n at host_machine +
 * n * 4096, which is also where __pa() counts from), guest memory that
 * hypercall arguments are copied from (plain offsets into host_guest),
 * the domain table, a TLB whose flushes are counted with their last
 * reason, and hypercall continuations that the test decides on (every
 * preemption check answers host_preempt; each continuation's arguments
 * are kept in host_continuation). What differs between the two kinds of test (the hypervisor's L2
 * slots, base-pointer loads, virqs, wake-ups) is in mm_harness.c and
 * io_harness.c.
 */
#include <stdlib.h>
#include <string.h>
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/multiboot.h>
#include <hv/mm.h>
#include <hv/page_alloc.h>
#include <hv/trace.h>
#include <hv/tlb.h>
#include "machine.h"

uint8_t host_machine[HOST_MACHINE_FRAMES * 4096] __attribute__((aligned(4096)));
uint8_t host_guest[HOST_GUEST_BYTES];
uint8_t *host_directmap = host_machine;
unsigned int host_flushes;
enum trace_tlb_reason host_last_flush;
bool host_preempt;
unsigned int host_preempt_at;
unsigned int host_preempt_checks;
uint32_t host_continuation[5];
bool tlb_maybe_stale;
struct domain *domains[MAX_DOMAINS];
struct vcpu *current;

uint64_t arch_rdtsc(void) { static uint64_t t; return t += 10; }
unsigned int arch_cpu_id(void) { return 0; }
const void *arch_phys_to_virt(paddr_t pa, size_t len) { return NULL; }
void arch_exit(int code) { abort(); }

void *map_domain_page_slow(mfn_t mfn)
{
    if (mfn >= HOST_MACHINE_FRAMES)
        abort();                    /* nothing may map a frame it did not check */
    return host_machine + (size_t)mfn * 4096;
}

void unmap_domain_page_slow(const void *va) { (void)va; }
void arch_map_m2p(mfn_t first, unsigned int nr) { (void)first; (void)nr; }
int arch_set_ldt(struct vcpu *v, uint32_t va, uint32_t ents) { return 0; }
int validate_desc_page(mfn_t mfn) { return 0; }

void tlb_flush(enum trace_tlb_reason r, enum trace_tlb_scope s, uint32_t va,
               uint16_t dom)
{
    host_flushes++;
    host_last_flush = r;
    if (s != TLB_SCOPE_PAGE)
        tlb_maybe_stale = false;
}

void machine_boot(struct trace_rec *slots, uint32_t nr)
{
    struct boot_info bi = { 0 };

    memset(host_machine, 0, HOST_MACHINE_FRAMES * 4096);
    memset(host_guest, 0, HOST_GUEST_BYTES);
    memset(domains, 0, sizeof(domains));
    trace_mask = TRACE_MASK_ALL;
    trace_buf_init(0, slots, nr);
    bi.ranges[0].base = 0x100000;
    bi.ranges[0].len = (HOST_MACHINE_FRAMES - 256) * 4096ull;
    bi.ranges[0].type = MEM_RAM;
    bi.nr_ranges = 1;
    page_alloc_init(&bi, 0x100000, 0x110000);
    mm_init();
    memory_init("mm_check");
    host_preempt = false;
    host_preempt_at = host_preempt_checks = 0;
}

bool hypercall_preempt_check(void)
{
    if (++host_preempt_checks == host_preempt_at)
        return true;
    return host_preempt;
}

long hypercall_create_continuation(uint32_t a1, uint32_t a2, uint32_t a3,
                                   uint32_t a4, uint32_t a5)
{
    uint32_t a[5] = { a1, a2, a3, a4, a5 };

    memcpy(host_continuation, a, sizeof(a));
    return -ERESTART;
}

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
    return len <= HOST_GUEST_BYTES && va <= HOST_GUEST_BYTES - len;
}

int copy_from_guest(void *to, uint32_t va, size_t len)
{
    if (!guest_range_ok(va, len))
        return -EFAULT;
    memcpy(to, host_guest + va, len);
    return 0;
}

int copy_to_guest(uint32_t va, const void *from, size_t len)
{
    if (!guest_range_ok(va, len))
        return -EFAULT;
    memcpy(host_guest + va, from, len);
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
