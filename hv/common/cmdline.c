/*
 * cmdline.c - finding options on the hypervisor's command line.
 *
 * Words are separated by spaces; a word is "key" or "key=value". The first
 * word (the image path GRUB puts there) is just a word with no '='.
 * Numbers are decimal, or hexadecimal with 0x.
 */
#include <hv/cmdline.h>
#include <klib.h>

bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size)
{
    size_t klen = strlen(key);
    const char *p = cmdline;

    while (*p) {
        const char *word = p, *end;

        while (*p && *p != ' ')
            p++;
        end = p;
        while (*p == ' ')
            p++;
        if ((size_t)(end - word) < klen || strncmp(word, key, klen))
            continue;
        if (word + klen == end) {
            if (size)
                val[0] = '\0';
            return true;
        }
        if (word[klen] == '=') {
            size_t n = (size_t)(end - word) - klen - 1;

            if (size) {
                n = MIN(n, size - 1);
                memcpy(val, word + klen + 1, n);
                val[n] = '\0';
            }
            return true;
        }
    }
    return false;
}

bool parse_ulong(const char *s, unsigned long *out)
{
    unsigned long v = 0, base = 10;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return false;
    for (; *s; s++) {
        unsigned long d;

        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = *s - 'A' + 10;
        else
            return false;
        if (v > (~0ul - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}
