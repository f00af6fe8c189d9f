/*
 * echo.c - lesson 10, domain 2: answers pings until the client is done.
 */
#include "guest/io.h"

void guest_main(void)
{
    uint32_t answered;

    if (xencons_init() || netfront_connect())
        guest_exit(RESULT_ERROR, "no console or network");
    printf("echo: answering pings\n");
    answered = net_echo_serve();
    printf("echo: answered %u pings\n", answered);
    netfront_disconnect();
    guest_exit(RESULT_SUCCESS, "echo");
}
