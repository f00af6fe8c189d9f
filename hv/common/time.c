/*
 * time.c - system time, and the clock every vCPU can read for itself.
 *
 * Nanoseconds since boot come from the TSC: ns = (tsc - tsc0) scaled by
 * a 32-bit multiplier and a shift, the same pair a guest receives in its
 * vcpu_time_info so it can compute the time without a hypercall:
 *
 *   ns = system_time + ((((tsc - tsc_timestamp) << shift) * mul) >> 32)
 *
 * (a negative shift shifts right). The version field is odd while the
 * hypervisor updates the record; a guest retries until it reads an even,
 * unchanged version.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/time.h>

static uint64_t tsc0;
static uint32_t tsc_mul;
static int8_t tsc_shift;

static uint64_t scale(uint64_t delta, uint32_t mul, int shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    /* (delta * mul) >> 32 without a 96-bit type. */
    return ((uint64_t)(uint32_t)delta * mul >> 32) +
           (uint64_t)(uint32_t)(delta >> 32) * mul;
}

void time_init(uint32_t tsc_khz)
{
    /* mul / 2^32 = 10^6 / khz * 2^-shift, with mul < 2^32. */
    uint64_t ratio;

    tsc0 = arch_rdtsc();
    if (!tsc_khz)
        tsc_khz = 1000000;              /* unknown: assume 1 GHz */
    tsc_shift = 0;
    ratio = (1000000ull << 32) / tsc_khz;
    while (ratio >= (1ull << 32)) {
        ratio >>= 1;
        tsc_shift++;
    }
    while (ratio < (1ull << 31)) {
        ratio <<= 1;
        tsc_shift--;
    }
    tsc_mul = (uint32_t)ratio;
}

uint64_t time_now_ns(void)
{
    return scale(arch_rdtsc() - tsc0, tsc_mul, tsc_shift);
}

void time_update_vcpu(struct vcpu *v)
{
    struct vcpu_time_info *t = &v->vcpu_info->time;
    uint64_t tsc = arch_rdtsc();

    t->version++;                       /* odd: being updated */
    __asm__ volatile("" ::: "memory");
    t->tsc_timestamp = tsc;
    t->system_time = scale(tsc - tsc0, tsc_mul, tsc_shift);
    t->tsc_to_system_mul = tsc_mul;
    t->tsc_shift = tsc_shift;
    __asm__ volatile("" ::: "memory");
    t->version++;                       /* even: consistent */
}

/* set_timer_op(timeout): VIRQ_TIMER once at that system time (0: cancel). */
long do_set_timer_op(uint32_t lo, uint32_t hi, uint32_t a3, uint32_t a4,
                     uint32_t a5)
{
    current->singleshot_ns = (uint64_t)hi << 32 | lo;
    return 0;
}
