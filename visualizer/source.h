/*
 * source.h - where trace bytes come from, and where control lines go.
 *
 *   SOURCE             kind        live?  control lines back?
 *   Unix socket        SRC_SOCKET  yes    yes (QEMU's COM2 is two-way)
 *   pty / char device  SRC_TTY     yes    yes (QEMU -serial pty)
 *   named pipe         SRC_FIFO    yes    no
 *   "-"                SRC_STDIN   yes    no
 *   regular file       SRC_FILE    no     no  (a recording: replayed)
 *
 * A live source can go away (QEMU stopped) and come back (QEMU started
 * again on the same path): source_read() reports the end once, the
 * source is then disconnected, and source_reconnect() tries again
 * (the front end calls it about once a second). Stdin cannot come back.
 * The live viewer may also be started before QEMU has made its socket:
 * the source is then pending until the path appears.
 */
#ifndef XENLAB_SOURCE_H
#define XENLAB_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum source_kind { SRC_FILE, SRC_STDIN, SRC_SOCKET, SRC_TTY, SRC_FIFO };

struct source {
    enum source_kind kind;
    int fd;                     /* -1 while disconnected */
    const char *spec;
    bool live;
    bool can_send;
    bool nonblock;              /* reads return -1 instead of waiting */
    bool pending;               /* the path does not exist yet (live only) */
    uint64_t connects;          /* successful connections so far */
    char why[160];              /* why it is disconnected, or "" */
};

/* Open spec ("-" for stdin). Batch modes: a live source must answer now;
 * on failure -1 with a message. */
int source_open(struct source *src, const char *spec, char *err, size_t errlen);

/* The same for the live viewer: a socket that exists but refuses (QEMU
 * not up yet, or gone) opens disconnected, to be retried. */
int source_open_live(struct source *src, const char *spec, char *err,
                     size_t errlen);

/* > 0 bytes read; 0 the source ended (now disconnected, see why);
 * -1 nothing to read now (non-blocking sources only). */
ssize_t source_read(struct source *src, void *buf, size_t n);

/* Try to connect again; true if connected. */
bool source_reconnect(struct source *src);

/* Send one control line ("advance"); -1 with why set if it cannot. */
int source_send(struct source *src, const char *line);

void source_close(struct source *src);

#endif /* XENLAB_SOURCE_H */
