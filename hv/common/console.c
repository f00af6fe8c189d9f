/*
 * console.c - one screen for everyone: tagged lines to every console sink.
 *
 * COM1 under QEMU, plus the VGA text screen on a real PC. Lines from the
 * hypervisor start with "(hv) ", lines a domain writes with console_io
 * start with "(dN) ", so one log tells who said what. Each domain's output
 * is collected into whole lines first, so two domains never interleave
 * inside a line.
 *
 * Input (COM1) goes to one domain at a time, domain 0 at first; Ctrl-A
 * moves it to the next domain. A domain reads it with console_io read and
 * hears about it through VIRQ_CONSOLE.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <klib.h>
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

/* ---- Guest consoles ----------------------------------------------------- */

static void flush_line(struct domain *d)
{
    char tag[12];

    snprintf(tag, sizeof(tag), "(d%u) ", d->domain_id);
    console_write(tag, strlen(tag));
    console_write(d->console_line, d->console_len);
    console_write("\n", 1);
    d->console_len = 0;
}

void console_guest_write(struct domain *d, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];

        if (c == '\n') {
            flush_line(d);
            continue;
        }
        if (c == '\r')
            continue;
        /* Keep the log readable: control bytes become '.'. */
        if ((uint8_t)c < 0x20 && c != '\t')
            c = '.';
        d->console_line[d->console_len++] = c;
        if (d->console_len == sizeof(d->console_line))
            flush_line(d);
    }
}

#define INPUT_SIZE 256
#define CONSOLE_WRITE_MAX 4096
static char input[INPUT_SIZE];
static unsigned int input_head, input_tail;
static domid_t focus;

void console_input(char c)
{
    if (c == 0x01) {                    /* Ctrl-A: next domain */
        for (unsigned int i = 1; i <= MAX_DOMAINS; i++) {
            domid_t id = (domid_t)((focus + i) % MAX_DOMAINS);

            if (domains[id] && !domains[id]->shutting_down) {
                focus = id;
                input_head = input_tail = 0;
                printk("console input now goes to d%u\n", focus);
                return;
            }
        }
        return;
    }
    if (input_tail - input_head < INPUT_SIZE)
        input[input_tail++ % INPUT_SIZE] = c;
    if (focus < MAX_DOMAINS && domains[focus])
        send_guest_virq(domains[focus]->vcpu[0], VIRQ_CONSOLE);
}

long do_console_io(uint32_t cmd, uint32_t count, uint32_t buf, uint32_t a4,
                   uint32_t a5)
{
    struct domain *d = current->domain;
    char chunk[128];
    uint32_t done = 0;

    switch (cmd) {
    case CONSOLEIO_write:
        /* One call prints at most CONSOLE_WRITE_MAX bytes: the console is
         * slow, and a guest asking for gigabytes must not stall everyone. */
        count = MIN(count, (uint32_t)CONSOLE_WRITE_MAX);
        while (done < count) {
            uint32_t n = MIN(count - done, (uint32_t)sizeof(chunk));

            if (copy_from_guest(chunk, buf + done, n))
                return -EFAULT;
            console_guest_write(d, chunk, n);
            done += n;
        }
        return done;
    case CONSOLEIO_read:
        if (d->domain_id != focus)
            return 0;                   /* input is someone else's now */
        while (done < count && input_head != input_tail) {
            char c = input[input_head % INPUT_SIZE];

            if (copy_to_guest(buf + done, &c, 1))
                return done ? (long)done : -EFAULT;
            input_head++;
            done++;
        }
        return done;
    default:
        return -ENOSYS;
    }
}
