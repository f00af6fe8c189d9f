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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/trace.h>

enum field_kind {
    F_NONE = 0,
    F_DEC,          /* unsigned decimal */
    F_HEX,          /* 0x-prefixed hex */
    F_ENUM,         /* index into names[] */
    F_SVM_EXIT,     /* an SVM exit code, by name (svm_exit_name) */
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

/* The format for an id, or NULL if this reader does not know it. A hash
 * lookup: readers call it once per record, millions of times a second. */
const struct event_format *event_format(uint32_t id);

/* Its row number in event_formats[], or -1: an index for per-event arrays. */
int event_index(uint32_t id);

/* All known formats, for listings and stats. */
extern const struct event_format event_formats[];
extern const size_t nr_event_formats;

/* "name k=v k=v" for a record into buf; returns the length. */
int event_describe(const struct trace_rec *rec, char *buf, size_t size);

/* The class name of an id ("sched", "pv", "xl.tlb", ...). */
const char *event_class_name(uint32_t id);

/* The name of an SVM exit code ("cpuid", "npf", ...), or NULL. */
const char *svm_exit_name(uint32_t code);

/* A pv.hypercall that failed: its result a negative errno (-1 to
 * -4095). iret is never one: its result is the guest's own eax, restored
 * from the frame the guest pushed, whatever the guest left there. The
 * Counters panel counts these; the filter word is:failed lists them. */
bool event_hypercall_failed(const struct trace_rec *rec);

/* Value v of field i shown as --dump shows it ("#GP", "0x82", "-22"). */
int event_field_value(const struct event_format *fmt, unsigned int i,
                      uint32_t v, char *buf, size_t size);

#endif /* XENLAB_TRACE_EVENTS_H */
