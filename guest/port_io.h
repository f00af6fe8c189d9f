/*
 * port_io.h - x86 port I/O, for guest code that drives a device the
 * native way (lesson 02's serial driver, the unmodified kernels of
 * tests/hvm and lesson 12). A PV guest's in/out traps to the hypervisor;
 * a hardware-assisted guest's is a VM exit. Header only: a guest that
 * does not link libguest can use it too.
 */
#ifndef GUEST_PORT_IO_H
#define GUEST_PORT_IO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

#endif /* GUEST_PORT_IO_H */
