/*
 * console.c - printf for a guest: the console_io hypercall.
 *
 * The hypervisor tags each line with our domain ("(d1) ...") and keeps
 * lines from different domains apart, so we only hand it the bytes.
 * A guest that connects its PV console ring (xencons_init) writes there
 * instead, and domain 0's console backend prints it.
 */
#include "libguest.h"

/* Set by the PV console frontend (consfront.c) once its ring is up. */
void (*guest_console_ring)(const char *s, size_t len);

void guest_write(const char *s, size_t len)
{
    if (guest_console_ring)
        guest_console_ring(s, len);
    else
        HYPERVISOR_console_io(CONSOLEIO_write, (int)len, (char *)s);
}

int printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    guest_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
    return n;
}
