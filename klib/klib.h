/*
 * klib.h - the small freestanding C library shared by the hypervisor and
 * the guest kernels: memory and string helpers (the compiler may call
 * memcpy/memset on its own) and formatted printing into a buffer. There
 * is no libc underneath either of them.
 */
#ifndef XENLAB_KLIB_H
#define XENLAB_KLIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef MIN
#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * printf-style formatting: %d %i %u %x %X %p %s %c %%, with flags '-' and
 * '0', a width, and the length modifiers l, ll, z. Always NUL-terminates
 * (when size > 0) and returns the length the full output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* XENLAB_KLIB_H */
