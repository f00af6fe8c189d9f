/*
 * xlctl.c - send one control line to a running hypervisor.
 *
 *   xlctl SOCKET WORD...
 *
 * SOCKET is a run's control.sock (QEMU's COM4); the words are joined by
 * spaces and sent as one line (see "Control" in hv/include/public/trace.h),
 * e.g. `xlctl runs/latest/control.sock balloon 1 4096`. The launcher uses
 * it for `./xenlab balloon`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
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
    if (strlen(argv[1]) >= sizeof(sa.sun_path)) {
        fprintf(stderr, "xlctl: %s: socket path too long\n", argv[1]);
        return 1;
    }
    strcpy(sa.sun_path, argv[1]);
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
    close(fd);
    return 0;
}
