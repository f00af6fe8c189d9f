/*
 * traps.c - a guest's virtual IDT.
 *
 * Handlers live in an array indexed by vector; head.asm's stubs save the
 * registers and call guest_trap(), which calls the handler or, for a
 * vector nobody claimed, reports the trap and ends the test with ERROR.
 * The hypervisor learns about the handlers through set_trap_table, the
 * paravirtual lidt.
 */
#include "libguest.h"
#include "internal.h"

extern const uint32_t trap_stubs[256];      /* head.asm */
extern char event_callback[], failsafe_callback[];

static trap_fn handlers[256];
static unsigned int dpl_of[256];

static const char *const names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#09",
    "#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
};

/* Every exception, plus every vector with a handler, in one list. */
static void load_table(void)
{
    static struct trap_info list[257];
    unsigned int n = 0;

    for (unsigned int v = 0; v < 256; v++) {
        if (v >= 32 && !handlers[v])
            continue;
        list[n].vector = (uint8_t)v;
        list[n].flags = (uint8_t)dpl_of[v];     /* bit 2 clear: events untouched */
        list[n].cs = FLAT_KERNEL_CS;
        list[n].address = trap_stubs[v];
        n++;
    }
    list[n].address = 0;
    HYPERVISOR_set_trap_table(list);
}

void guest_set_trap(unsigned int vector, trap_fn fn, unsigned int dpl)
{
    handlers[vector] = fn;
    dpl_of[vector] = dpl & 3;
    load_table();
}

void guest_trap(struct guest_frame *f);
void guest_trap(struct guest_frame *f)
{
    if (handlers[f->vector]) {
        handlers[f->vector](f);
        return;
    }
    printf("unexpected trap %u (%s) in ring %u: eip=%08x error=%x cr2=%08lx\n",
           f->vector, f->vector < 32 && names[f->vector] ? names[f->vector] : "?",
           f->cs & 3, f->eip, f->error, guest_cr2());
    guest_exit(RESULT_ERROR, "unexpected trap %u", f->vector);
}

void guest_failsafe(void);
void guest_failsafe(void)
{
    printf("failsafe callback: a segment register could not be reloaded\n");
    guest_exit(RESULT_ERROR, "failsafe callback");
}

void guest_restore_entry_points(void)
{
    load_table();
    HYPERVISOR_set_callbacks(FLAT_KERNEL_CS, (unsigned long)event_callback,
                             FLAT_KERNEL_CS, (unsigned long)failsafe_callback);
}

void traps_init(void)
{
    dpl_of[3] = 3;                          /* int3 from anywhere */
    guest_restore_entry_points();
}
