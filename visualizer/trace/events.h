/*
 * events.h - what each trace event is called and how to show its words.
 *
 * One table (events.c) names every event id of the trace ABI and
 * describes its data words. The dump, the live panels, the exporters and
 * the lesson checks all print events through it, so an event added to the
 * hypervisor is taught to every reader in one place.
 */
#ifndef XENLAB_TRACE_EVENTS_H
#define XENLAB_TRACE_EVENTS_H

#include <stddef.h>
#include <stdint.h>
#include <public/trace.h>

enum field_kind {
    F_NONE = 0,
    F_DEC,          /* unsigned decimal */
    F_HEX,          /* 0x-prefixed hex */
    F_ENUM,         /* index into names[] */
    F_SDEC,         /* signed decimal (results, errno) */
    F_STR,          /* this and the remaining words: NUL-padded text */
};

struct field_format {
    const char *name;
    enum field_kind kind;
    const char *const *names;   /* F_ENUM */
    unsigned int nr_names;
};

/* Colour groups the visualizer maps to screen colours. */
enum event_group {
    G_META, G_BOOT, G_FAULT, G_RING, G_HYPERCALL, G_SCHED, G_MEM, G_IO,
    G_HVM, G_DEBUG, G_LESSON, G_NR
};

struct event_format {
    uint32_t id;
    const char *name;           /* "class.event", stable: tests grep it */
    enum event_group group;
    struct field_format fields[TRACE_EXTRA_MAX];
};

/* The format for an id, or NULL if this reader does not know it. */
const struct event_format *event_format(uint32_t id);

/* All known formats, for listings and stats. */
extern const struct event_format event_formats[];
extern const size_t nr_event_formats;

/* "name k=v k=v" for a record into buf; returns the length. */
int event_describe(const struct trace_rec *rec, char *buf, size_t size);

/* The class name of an id ("sched", "pv", "xl.tlb", ...). */
const char *event_class_name(uint32_t id);

#endif /* XENLAB_TRACE_EVENTS_H */
