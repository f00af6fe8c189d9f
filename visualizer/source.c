/*
 * source.c - opening a trace source by name.
 *
 * A path that is a Unix socket is connected to (a live hypervisor under
 * QEMU); any other path is read as a recorded trace; "-" is stdin.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "source.h"

static int connect_unix(const char *path, char *err, size_t errlen)
{
    struct sockaddr_un sa;
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        snprintf(err, errlen, "%s: socket path too long", path);
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

int source_open(struct source *src, const char *spec, char *err, size_t errlen)
{
    struct stat st;

    src->spec = spec;
    if (!strcmp(spec, "-")) {
        src->kind = SRC_STDIN;
        src->fd = 0;
        return 0;
    }
    if (stat(spec, &st) < 0) {
        snprintf(err, errlen, "%s: %s", spec, strerror(errno));
        return -1;
    }
    if (S_ISSOCK(st.st_mode)) {
        src->kind = SRC_SOCKET;
        src->fd = connect_unix(spec, err, errlen);
    } else {
        src->kind = SRC_FILE;
        src->fd = open(spec, O_RDONLY | O_CLOEXEC);
        if (src->fd < 0)
            snprintf(err, errlen, "%s: %s", spec, strerror(errno));
    }
    return src->fd < 0 ? -1 : 0;
}

void source_close(struct source *src)
{
    if (src->fd > 0)
        close(src->fd);
    src->fd = -1;
}
