/*
 * console.c - printf for a guest: the console_io hypercall.
 *
 * The hypervisor tags each line with our domain ("(d1) ...") and keeps
 * lines from different domains apart, so we only hand it the bytes.
 */
#include "libguest.h"

void guest_write(const char *s, size_t len)
{
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
