/*
 * vsnprintf.c - formatted output for console messages and register dumps.
 *
 * A small printf: enough conversions for a hypervisor's messages, bounded
 * by the caller's buffer, never touching floating point.
 */
#include "klib.h"

struct out {
    char *buf;
    size_t size;
    size_t len;                 /* what the full output needs */
};

static void emit(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void emit_num(struct out *o, unsigned long long v, unsigned int base,
                     bool upper, bool negative, int width, bool zero,
                     bool left)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, pad;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    pad = width - n - (negative ? 1 : 0);

    if (negative && zero)
        emit(o, '-');
    if (!left)
        for (; pad > 0; pad--)
            emit(o, zero ? '0' : ' ');
    if (negative && !zero)
        emit(o, '-');
    while (n)
        emit(o, tmp[--n]);
    for (; pad > 0; pad--)
        emit(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for (; *fmt; fmt++) {
        bool left = false, zero = false;
        int width = 0, longs = 0;

        if (*fmt != '%') {
            emit(&o, *fmt);
            continue;
        }
        fmt++;
        for (;; fmt++) {
            if (*fmt == '-')
                left = true;
            else if (*fmt == '0')
                zero = true;
            else
                break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        for (; *fmt == 'l' || *fmt == 'z'; fmt++)
            longs += (*fmt == 'z') ? (sizeof(size_t) > 4 ? 2 : 0) : 1;
        if (left)
            zero = false;

        switch (*fmt) {
        case 'd':
        case 'i': {
            long long v = longs >= 2 ? va_arg(ap, long long)
                        : longs == 1 ? va_arg(ap, long) : va_arg(ap, int);
            unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v
                                           : (unsigned long long)v;
            emit_num(&o, mag, 10, false, v < 0, width, zero, left);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v = longs >= 2 ? va_arg(ap, unsigned long long)
                                 : longs == 1 ? va_arg(ap, unsigned long)
                                 : va_arg(ap, unsigned int);
            emit_num(&o, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', false,
                     width, zero, left);
            break;
        }
        case 'p':
            emit(&o, '0');
            emit(&o, 'x');
            emit_num(&o, (uintptr_t)va_arg(ap, void *), 16, false, false,
                     (int)sizeof(void *) * 2, true, false);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n;

            if (!s)
                s = "(null)";
            n = (int)strlen(s);
            if (!left)
                for (; width > n; width--)
                    emit(&o, ' ');
            while (*s)
                emit(&o, *s++);
            for (; width > n; width--)
                emit(&o, ' ');
            break;
        }
        case 'c':
            emit(&o, (char)va_arg(ap, int));
            break;
        case '%':
            emit(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            emit(&o, '%');
            emit(&o, *fmt);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
