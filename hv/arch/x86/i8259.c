/*
 * i8259.c - the legacy interrupt controllers, moved out of the way.
 *
 * At power-on the two 8259 PICs deliver IRQs 0-15 on vectors 8-15 and
 * 0x70-0x77, which collide with CPU exceptions. We move them to vectors
 * 0x20-0x2f and mask every line; a driver unmasks its own line (the
 * timer, time.c) and acknowledges each interrupt (EOI). Reads of the
 * command port give the interrupt request register: the lines whose
 * interrupt the CPU has not taken yet (it may have interrupts off).
 */
#include "x86.h"

#define PIC1_CMD    0x20
#define PIC1_DATA   0x21
#define PIC2_CMD    0xa0
#define PIC2_DATA   0xa1
#define OCW3_READ_IRR 0x0a

void i8259_init(void)
{
    outb(PIC1_CMD, 0x11);       /* ICW1: initialise, ICW4 follows */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, 0x20);      /* ICW2: vector base */
    outb(PIC2_DATA, 0x28);
    outb(PIC1_DATA, 0x04);      /* ICW3: slave on IRQ 2 */
    outb(PIC2_DATA, 0x02);
    outb(PIC1_DATA, 0x01);      /* ICW4: 8086 mode */
    outb(PIC2_DATA, 0x01);
    outb(PIC1_DATA, 0xff);      /* mask everything */
    outb(PIC2_DATA, 0xff);
    outb(PIC1_CMD, OCW3_READ_IRR);
}

bool i8259_pending(unsigned int irq)
{
    return irq < 8 && (inb(PIC1_CMD) & (1u << irq));
}

void i8259_unmask(unsigned int irq)
{
    uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;

    outb(port, inb(port) & ~(1u << (irq & 7)));
    if (irq >= 8)
        outb(PIC1_DATA, inb(PIC1_DATA) & ~(1u << 2));
}

void i8259_eoi(unsigned int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, 0x20);
    outb(PIC1_CMD, 0x20);
}
