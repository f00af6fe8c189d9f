/*
 * setup.c - the boot sequence, from boot.asm's call to the end of the run.
 *
 * Each step below is one boot phase; each is printed on the console and
 * recorded in the trace (TRC_XL_BOOT_PHASE), so the very first thing a
 * student sees in the visualizer is the hypervisor building its world:
 *
 *   console -> TSC rate -> trace stream -> page tables -> GDT/IDT/TSS
 *           -> multiboot information -> free memory -> frame table
 *           -> one domain per module -> timer -> run the domains
 *
 * The run ends when the last domain has shut down (sched.c), with an exit
 * status that says whether every domain finished cleanly.
 */
#include <hv/cmdline.h>
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/hvm.h>
#include <hv/domain_build.h>
#include <hv/gdbstub.h>
#include <hv/hv_backend.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/time.h>
#include <hv/tlb.h>
#include <hv/toolstack.h>
#include <hv/xenstore.h>
#include <hv/lesson.h>
#include <klib.h>
#include <hv/multiboot.h>
#include <hv/page.h>
#include <hv/page_alloc.h>
#include <hv/trace.h>
#include <public/xenlab.h>
#include "x86.h"

#define XENLAB_VERSION "0.1"
#define TRACE_SLOTS 16384              /* 768 KB: a lesson step's burst */

static struct trace_rec cpu0_trace_slots[TRACE_SLOTS];
static struct boot_info boot_info;

const char *hv_cmdline(void)
{
    return boot_info.cmdline;
}

extern char hv_image_start[], hv_image_end[];   /* hv.ld */

/* QEMU's firmware configuration device answers "QEMU" at port 0x511. */
bool running_on_qemu(void)
{
    static const char sig[4] = { 'Q', 'E', 'M', 'U' };

    outw(0x510, 0);
    for (unsigned int i = 0; i < 4; i++)
        if (inb(0x511) != (uint8_t)sig[i])
            return false;
    return true;
}

void arch_exit(int code)
{
    static const char *const verdict[] = {
        [HV_EXIT_SUCCESS] = "success",
        [HV_EXIT_DOMAIN_FAILED] = "a domain failed",
        [HV_EXIT_PANIC] = "hypervisor panic",
    };

    TRACE(TRC_XL_SHUTDOWN, (uint32_t)code);
    trace_drain(0);
    gdb_exiting(code);              /* a waiting GDB hears the end */
    printk("stopping: %s (exit code %d)\n", verdict[code], code);
    if (running_on_qemu())
        outb(XENLAB_EXIT_PORT, XENLAB_EXIT_BASE + code);  /* QEMU exits */
    printk("halted; press the reset button to reboot.\n");
    halt_forever();
    __builtin_unreachable();
}

static void phase(enum trace_boot_phase p, uint32_t a, uint32_t b)
{
    TRACE(TRC_XL_BOOT_PHASE, p, a, b);
}

static void report_boot_info(const struct boot_info *bi)
{
    printk("command line: \"%s\"\n", bi->cmdline);
    for (unsigned int i = 0; i < bi->nr_ranges; i++)
        printk("memory: %010llx-%010llx %s\n",
               (unsigned long long)bi->ranges[i].base,
               (unsigned long long)(bi->ranges[i].base + bi->ranges[i].len),
               bi->ranges[i].type == MEM_RAM ? "RAM" : "reserved");
    for (unsigned int i = 0; i < bi->nr_mods; i++)
        printk("module %u: %08llx-%08llx \"%s\"\n", i,
               (unsigned long long)bi->mods[i].start,
               (unsigned long long)bi->mods[i].end, bi->mods[i].cmdline);
    for (unsigned int i = 0; i < MIN(bi->nr_problems, MB_MAX_PROBLEMS); i++)
        printk("boot loader problem: %s (%u)\n",
               multiboot_problem_str(bi->problems[i].code),
               bi->problems[i].arg);
    if (bi->nr_problems > MB_MAX_PROBLEMS)
        printk("boot loader problem: %u more not shown\n",
               bi->nr_problems - MB_MAX_PROBLEMS);
}

void start_hv(uint32_t magic, uint32_t info_pa);
void start_hv(uint32_t magic, uint32_t info_pa)
{
    char opt[16];
    unsigned long mask;
    uint32_t tsc_khz, cr3;
    unsigned int built = 0;
    int rc;

    vga_init();
    serial_init();
    console_puts("\n");
    printk("xenlab hypervisor " XENLAB_VERSION
           " - x86_32 PAE, Xen PV ABI (xen-3.0-x86_32p)\n");

    tsc_khz = time_calibrate_tsc();
    trace_buf_init(0, cpu0_trace_slots, TRACE_SLOTS);
    trace_start(tsc_khz);
    phase(BOOT_PHASE_ENTRY, magic, 0);
    phase(BOOT_PHASE_CONSOLE, 0, 0);
    phase(BOOT_PHASE_TIME, tsc_khz, 0);
    printk("TSC runs at %u kHz\n", tsc_khz);

    cr3 = paging_init_idle();
    phase(BOOT_PHASE_PAGING, cr3, 0);
    printk("paging: PAE, hypervisor at %08x and above, cr3=%08x\n",
           HYPERVISOR_VIRT_START, cr3);

    desc_init();
    i8259_init();
    phase(BOOT_PHASE_CPU_TABLES, 256, 0);

    rc = multiboot_parse(magic, info_pa, &boot_info);
    report_boot_info(&boot_info);
    phase(BOOT_PHASE_MULTIBOOT, boot_info.nr_mods, boot_info.nr_problems);
    if (rc)
        panic("cannot continue without the boot loader's information");
    /* trace_mask=HEX: record only these classes (public/trace.h). */
    if (cmdline_get(boot_info.cmdline, "trace_mask", opt, sizeof(opt)) &&
        parse_ulong(opt, &mask)) {
        trace_mask = (uint32_t)mask;
        trace_resend_header();
        printk("trace: recording mask %08x only\n", trace_mask);
    }

    page_alloc_init(&boot_info, __pa(hv_image_start), __pa(hv_image_end));
    phase(BOOT_PHASE_MEMORY, (uint32_t)(boot_info.ram_bytes >> 10),
          (uint32_t)frames_free());
    printk("memory: %llu KiB RAM, %lu frames free\n",
           (unsigned long long)(boot_info.ram_bytes >> 10), frames_free());

    mm_init();
    memory_init(boot_info.cmdline);
    if (cmdline_get(boot_info.cmdline, "hv_space", opt, sizeof(opt)))
        hv_own_space = !strcmp(opt, "own");
    time_init(tsc_khz);
    fpu_init();
    svm_init();
    lesson_init(boot_info.cmdline);
    lesson_set_release_hook(xenlab_checkpoint_released);
    xenstore_init();
    hv_backend_init();
    toolstack_init(boot_info.cmdline);
    if (cmdline_get(boot_info.cmdline, "selftest", opt, sizeof(opt)))
        selftest(opt);

    for (unsigned int i = 0; i < boot_info.nr_mods; i++)
        if (domain_build(i, &boot_info.mods[i]) == 0)
            built++;
    phase(BOOT_PHASE_DONE, built, boot_info.nr_mods - built);
    if (!built) {
        printk("boot complete: no domains to run\n");
        arch_exit(domains_failed() ? HV_EXIT_DOMAIN_FAILED : HV_EXIT_SUCCESS);
    }
    printk("boot complete: %u domain%s, %lu frames free\n", built,
           built == 1 ? "" : "s", frames_free());
    debug_init(boot_info.cmdline);
    timer_init();
    start_guests();
}
