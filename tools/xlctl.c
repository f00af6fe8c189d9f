/*
 * xlctl.c - send one control line to a running hypervisor.
 *
 *   xlctl SOCKET WORD...
 *
 * SOCKET is a run's control.sock (QEMU's COM4); the words are joined by
 * spaces and sent as one line (see "Control" in hv/include/public/trace.h),
 * e.g. `xlctl runs/latest/control.sock balloon 1 4096`. The launcher uses
 * it for `./xenlab balloon`.
 *
 * The hypervisor answers each line with "ok" or "refused". xlctl waits
 * for that answer (at most ANSWER_MS) before it closes the socket: QEMU
 * drops what the guest's UART has not read yet when the client goes.
 * Exit status: 0 ok, 1 refused or no answer, 2 bad usage.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define ANSWER_MS 5000

/* Read the hypervisor's one-line answer into buf; false on timeout. */
static bool read_answer(int fd, char *buf, size_t size)
{
    size_t n = 0;
    struct pollfd p = { .fd = fd, .events = POLLIN };

    while (n < size - 1) {
        ssize_t r;

        if (poll(&p, 1, ANSWER_MS) <= 0)
            return false;
        r = read(fd, buf + n, 1);
        if (r <= 0)
            return false;
        if (buf[n] == '\n')
            break;
        n++;
    }
    buf[n] = '\0';
    return true;
}

int main(int argc, char **argv)
{
    char answer[32], target[PATH_MAX];
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    char line[64];
    size_t n = 0;
    int fd;

    if (argc < 3) {
        fprintf(stderr, "usage: xlctl SOCKET WORD...\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        int w = snprintf(line + n, sizeof(line) - n, "%s%s", i > 2 ? " " : "", argv[i]);

        if (w < 0 || (size_t)w >= sizeof(line) - n - 1) {
            fprintf(stderr, "xlctl: the line is too long (at most %zu bytes)\n",
                    sizeof(line) - 2);
            return 2;
        }
        n += (size_t)w;
    }
    line[n++] = '\n';
    /* A run's control.sock is often a link to a short path (socket
     * paths are limited to about 100 bytes); follow it. */
    if (!realpath(argv[1], target)) {
        fprintf(stderr, "xlctl: %s: %s (is the run still going?)\n", argv[1],
                strerror(errno));
        return 1;
    }
    if (strlen(target) >= sizeof(sa.sun_path)) {
        fprintf(stderr, "xlctl: %s: socket path too long\n", target);
        return 1;
    }
    strcpy(sa.sun_path, target);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        fprintf(stderr, "xlctl: %s: %s (is the run still going?)\n", argv[1],
                strerror(errno));
        return 1;
    }
    if (write(fd, line, n) != (ssize_t)n) {
        fprintf(stderr, "xlctl: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    if (!read_answer(fd, answer, sizeof(answer))) {
        fprintf(stderr, "xlctl: %s: no answer from the hypervisor within %d s\n",
                argv[1], ANSWER_MS / 1000);
        close(fd);
        return 1;
    }
    close(fd);
    line[n - 1] = '\0';
    if (strcmp(answer, "ok") != 0) {
        fprintf(stderr, "xlctl: the hypervisor answered \"%s\" to \"%s\"\n", answer, line);
        return 1;
    }
    return 0;
}
