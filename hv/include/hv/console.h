/*
 * console.h - the human console (COM1, and the VGA text screen on a PC).
 *
 * Every line says who wrote it: "(hv)" for the hypervisor, "(dN)" for
 * domain N, so a student can follow several domains in one log.
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include "types.h"

/* Hypervisor messages; one or more whole lines, tagged "(hv) ". */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Raw output, no tag (banners, register dumps continue a line). */
void console_puts(const char *s);

/*
 * A broken hypervisor invariant: print why, flush the trace, stop the
 * machine with HV_EXIT_PANIC. Never for something a guest did.
 */
void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

struct domain;

/* Text a domain wrote (console_io): collected into tagged lines. */
void console_guest_write(struct domain *d, const char *buf, size_t len);

/* A byte typed on the console (COM1). Ctrl-A moves the focus. */
void console_input(char c);

/* Where console bytes go; the arch sets this up (serial, VGA). */
struct console_sink {
    void (*write)(const char *s, size_t len);
};
void console_add_sink(const struct console_sink *sink);

#endif /* HV_CONSOLE_H */
