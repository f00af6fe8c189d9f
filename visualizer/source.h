/*
 * source.h - where trace bytes come from: a recorded file, stdin, or a
 * live Unix socket (QEMU's COM2 chardev).
 */
#ifndef XENLAB_SOURCE_H
#define XENLAB_SOURCE_H

#include <stddef.h>

enum source_kind { SRC_FILE, SRC_STDIN, SRC_SOCKET };

struct source {
    enum source_kind kind;
    int fd;
    const char *spec;
};

/* Open spec ("-" for stdin); on failure returns -1 with a message. */
int source_open(struct source *src, const char *spec, char *err, size_t errlen);

void source_close(struct source *src);

#endif /* XENLAB_SOURCE_H */
