/*
 * flat.h - the little an unmodified kernel needs to start and to talk.
 *
 * Hardware-assisted guests (hv/include/hv/hvm.h) are flat images loaded at
 * 1 MB and entered in protected mode with paging off, as a boot loader
 * leaves a kernel. flat.c's _start gives them a stack below 1.5 MB and
 * calls kernel_main(); when that returns the kernel halts for good (cli;
 * hlt), which the hypervisor takes as power-off. They print the way any
 * small kernel does, on the first serial port, waiting for it to be ready.
 * Built with hvm_guest() from //bazel/rules:guest.bzl; no libguest, no
 * Xen ABI.
 */
#ifndef GUEST_FLAT_H
#define GUEST_FLAT_H

#include <stdint.h>

#define FLAT_STACK_TOP  0x180000u       /* below 1.5 MB; the image is at 1 MB */

/* The kernel's own code, called once from _start. */
void kernel_main(void);

/* COM1, polled: one byte, a string, a number in decimal. */
void com1_putc(char c);
void com1_puts(const char *s);
void com1_put_dec(uint64_t v);

#endif /* GUEST_FLAT_H */
