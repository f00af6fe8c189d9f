/*
 * source.c - opening, reading and reconnecting trace sources by name.
 *
 * What a path is decides what it is: stat() tells a socket (a live
 * hypervisor under QEMU) from a character device (a pty), a named pipe
 * and a regular file (a recording). A pty is put in raw mode, so the
 * terminal driver neither echoes our control lines nor rewrites the
 * trace's bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>
#include "source.h"

static int connect_unix(const char *path, char *err, size_t errlen)
{
    struct sockaddr_un sa;
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        snprintf(err, errlen, "%s: socket path too long (at most %zu bytes)",
                 path, sizeof(sa.sun_path) - 1);
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "socket: %s", strerror(errno));
        return -1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    strcpy(sa.sun_path, path);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        snprintf(err, errlen, "%s: cannot connect: %s (is QEMU running?)",
                 path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int open_tty(const char *path, char *err, size_t errlen)
{
    struct termios t;
    int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);

    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(fd, TCSANOW, &t);
    }
    return fd;
}

/* (Re)connect a live source; fd or -1 with err. */
static int attach(struct source *src, char *err, size_t errlen)
{
    switch (src->kind) {
    case SRC_SOCKET:
        return connect_unix(src->spec, err, errlen);
    case SRC_TTY:
        return open_tty(src->spec, err, errlen);
    case SRC_FIFO: {
        /* Non-blocking, or open() would wait for a writer. */
        int fd = open(src->spec, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

        if (fd < 0)
            snprintf(err, errlen, "%s: %s", src->spec, strerror(errno));
        return fd;
    }
    default:
        snprintf(err, errlen, "%s: cannot be reopened", src->spec);
        return -1;
    }
}

static void set_nonblock(struct source *src)
{
    if (src->fd >= 0 && src->nonblock)
        fcntl(src->fd, F_SETFL, fcntl(src->fd, F_GETFL) | O_NONBLOCK);
    if (src->fd >= 0 && !src->nonblock && src->kind == SRC_FIFO)
        fcntl(src->fd, F_SETFL, fcntl(src->fd, F_GETFL) & ~O_NONBLOCK);
}

/* What kind of source the path is, from stat(); -1 if none we read. */
static int classify(struct source *src, const struct stat *st, char *err,
                    size_t errlen)
{
    if (S_ISREG(st->st_mode))
        src->kind = SRC_FILE;
    else if (S_ISSOCK(st->st_mode))
        src->kind = SRC_SOCKET;
    else if (S_ISCHR(st->st_mode))
        src->kind = SRC_TTY;
    else if (S_ISFIFO(st->st_mode))
        src->kind = SRC_FIFO;
    else {
        snprintf(err, errlen, "%s: not a trace source (a file, a socket, a pty or a pipe)",
                 src->spec);
        return -1;
    }
    src->live = src->kind != SRC_FILE;
    src->can_send = src->kind == SRC_SOCKET || src->kind == SRC_TTY;
    return 0;
}

static int open_common(struct source *src, const char *spec, bool live,
                       char *err, size_t errlen)
{
    struct stat st;

    memset(src, 0, sizeof(*src));
    src->spec = spec;
    src->fd = -1;
    src->nonblock = live;
    if (!strcmp(spec, "-")) {
        src->kind = SRC_STDIN;
        src->live = true;
        src->fd = 0;
        src->connects = 1;
        set_nonblock(src);
        return 0;
    }
    if (stat(spec, &st) < 0) {
        if (live && errno == ENOENT) {
            /* QEMU has not made its socket yet: wait for it. */
            src->pending = true;
            src->live = true;
            src->kind = SRC_SOCKET;     /* until stat() says otherwise */
            snprintf(src->why, sizeof(src->why), "waiting for %s to appear", spec);
            return 0;
        }
        snprintf(err, errlen, "%s: %s", spec, strerror(errno));
        return -1;
    }
    if (classify(src, &st, err, errlen) < 0)
        return -1;
    if (src->kind == SRC_FILE) {
        src->fd = open(spec, O_RDONLY | O_CLOEXEC);
        if (src->fd < 0) {
            snprintf(err, errlen, "%s: %s", spec, strerror(errno));
            return -1;
        }
        src->connects = 1;
        return 0;
    }
    src->fd = attach(src, live ? src->why : err, live ? sizeof(src->why) : errlen);
    if (src->fd < 0)
        return live ? 0 : -1;
    src->connects = 1;
    set_nonblock(src);
    return 0;
}

int source_open(struct source *src, const char *spec, char *err, size_t errlen)
{
    int rc = open_common(src, spec, false, err, errlen);

    /* A batch reader waits for a pipe's writer. */
    if (!rc && src->kind == SRC_FIFO)
        set_nonblock(src);
    return rc;
}

int source_open_live(struct source *src, const char *spec, char *err,
                     size_t errlen)
{
    return open_common(src, spec, true, err, errlen);
}

static void disconnect(struct source *src, const char *why)
{
    snprintf(src->why, sizeof(src->why), "%s", why);
    if (src->fd > 0)
        close(src->fd);
    src->fd = -1;
}

ssize_t source_read(struct source *src, void *buf, size_t n)
{
    ssize_t got;

    if (src->fd < 0)
        return 0;
    for (;;) {
        got = read(src->fd, buf, n);
        if (got > 0)
            return got;
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return -1;
        break;
    }
    if (src->kind == SRC_FILE)
        return 0;               /* end of a recording: it stays open */
    /* A pty whose other side closed reads EIO; a socket or pipe, EOF. */
    disconnect(src, got == 0 ? "the other side closed" : strerror(errno));
    return 0;
}

bool source_reconnect(struct source *src)
{
    char err[160];
    struct stat st;

    if (src->fd >= 0)
        return true;
    if (src->pending) {
        if (stat(src->spec, &st) < 0)
            return false;
        if (classify(src, &st, src->why, sizeof(src->why)) < 0)
            return false;
        src->pending = false;
        if (src->kind == SRC_FILE) {
            /* A file where a socket was expected: follow it (a console log). */
            src->fd = open(src->spec, O_RDONLY | O_CLOEXEC);
            src->connects += src->fd >= 0;
            return src->fd >= 0;
        }
    }
    if (src->kind == SRC_STDIN || src->kind == SRC_FILE)
        return false;
    src->fd = attach(src, err, sizeof(err));
    if (src->fd < 0) {
        snprintf(src->why, sizeof(src->why), "%s", err);
        return false;
    }
    src->why[0] = '\0';
    src->connects++;
    set_nonblock(src);
    return true;
}

int source_send(struct source *src, const char *line)
{
    size_t len = strlen(line), off = 0;

    if (!src->can_send) {
        snprintf(src->why, sizeof(src->why), "cannot send to %s (not a socket or pty)",
                 src->spec);
        return -1;
    }
    if (src->fd < 0) {
        snprintf(src->why, sizeof(src->why), "not connected");
        return -1;
    }
    while (off < len) {
        ssize_t n = write(src->fd, line + off, len - off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            /* A control line is short: wait for room rather than cut it. */
            usleep(1000);
            continue;
        }
        if (n <= 0) {
            snprintf(src->why, sizeof(src->why), "sending: %s", strerror(errno));
            return -1;
        }
        off += (size_t)n;
    }
    return 0;
}

void source_close(struct source *src)
{
    if (src->fd > 0)
        close(src->fd);
    src->fd = -1;
}
