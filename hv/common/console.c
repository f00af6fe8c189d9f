/*
 * console.c - the hypervisor's voice: tagged lines to every console sink.
 *
 * COM1 under QEMU, plus the VGA text screen on a real PC. Lines from the
 * hypervisor start with "(hv) "; guest consoles (console_io hypercall)
 * will use "(dN) ", so one log tells who said what.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/lib.h>
#include <public/xenlab.h>

#define MAX_SINKS 4

static const struct console_sink *sinks[MAX_SINKS];
static unsigned int nr_sinks;

void console_add_sink(const struct console_sink *sink)
{
    if (nr_sinks < MAX_SINKS)
        sinks[nr_sinks++] = sink;
}

static void console_write(const char *s, size_t len)
{
    for (unsigned int i = 0; i < nr_sinks; i++)
        sinks[i]->write(s, len);
}

void console_puts(const char *s)
{
    console_write(s, strlen(s));
}

void printk(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(buf))
        n = sizeof(buf) - 1;
    console_write("(hv) ", 5);
    console_write(buf, (size_t)n);
}

void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("PANIC: %s\n", buf);
    arch_exit(HV_EXIT_PANIC);
}
