/*
 * events.c - the table of trace events: names and field formats.
 *
 * Add a row when the hypervisor learns a new event; every reader picks it
 * up. Rows follow the ABI comments in hv/include/public/trace.h. An event
 * missing from this table still prints, as its id and raw words.
 */
#include <stdio.h>
#include "events.h"

#define ENUM(tbl) F_ENUM, tbl, sizeof(tbl) / sizeof(tbl[0])

static const char *const boot_phase_names[] = {
    [BOOT_PHASE_ENTRY] = "entry",
    [BOOT_PHASE_CONSOLE] = "console",
    [BOOT_PHASE_CPU_TABLES] = "cpu-tables",
    [BOOT_PHASE_MULTIBOOT] = "multiboot",
    [BOOT_PHASE_MEMORY] = "memory",
    [BOOT_PHASE_PAGING] = "paging",
    [BOOT_PHASE_TIME] = "time",
    [BOOT_PHASE_DONE] = "done",
};

static const char *const exit_code_names[] = {
    "success", "domain-failed", "panic",
};

static const char *const vector_names[] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#CSO",
    "#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
    "#VE", "#CP",
};

const struct event_format event_formats[] = {
    { TRC_LOST_RECORDS, "gen.lost", G_META,
      { { "count", F_DEC } } },
    { TRC_XL_STREAM, "hv.stream", G_META,
      { { "magic", F_HEX }, { "version", F_DEC }, { "tsc_khz", F_DEC },
        { "cpus", F_DEC }, { "mask", F_HEX } } },
    { TRC_XL_BOOT_PHASE, "hv.boot", G_BOOT,
      { { "phase", ENUM(boot_phase_names) }, { "a", F_DEC },
        { "b", F_DEC } } },
    { TRC_XL_EXCEPTION, "hv.exception", G_FAULT,
      { { "vector", ENUM(vector_names) }, { "error", F_HEX },
        { "eip", F_HEX }, { "cs", F_HEX }, { "cr2", F_HEX },
        { "eflags", F_HEX } } },
    { TRC_XL_SHUTDOWN, "hv.shutdown", G_BOOT,
      { { "code", ENUM(exit_code_names) } } },
};

const size_t nr_event_formats = sizeof(event_formats) / sizeof(event_formats[0]);

const struct event_format *event_format(uint32_t id)
{
    for (size_t i = 0; i < nr_event_formats; i++)
        if (event_formats[i].id == id)
            return &event_formats[i];
    return NULL;
}

static const struct {
    uint32_t cls;
    const char *name;
} class_names[] = {
    { TRC_GEN, "gen" },
    { TRC_SCHED, "sched" },
    { TRC_HVM, "hvm" },
    { TRC_MEM, "mem" },
    { TRC_PV, "pv" },
    { TRC_XENLAB, "xenlab" },
};

const char *event_class_name(uint32_t id)
{
    for (size_t i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++)
        if (TRC_CLS(id) == TRC_CLS(class_names[i].cls))
            return class_names[i].name;
    return "unknown";
}

static int put_field(char *buf, size_t size, const struct field_format *f,
                     uint32_t v)
{
    switch (f->kind) {
    case F_ENUM:
        if (v < f->nr_names && f->names[v])
            return snprintf(buf, size, " %s=%s", f->name, f->names[v]);
        return snprintf(buf, size, " %s=%u", f->name, v);
    case F_HEX:
        return snprintf(buf, size, " %s=0x%x", f->name, v);
    case F_SDEC:
        return snprintf(buf, size, " %s=%d", f->name, (int32_t)v);
    default:
        return snprintf(buf, size, " %s=%u", f->name, v);
    }
}

int event_describe(const struct trace_rec *rec, char *buf, size_t size)
{
    uint32_t id = TRACE_REC_ID(rec->event);
    unsigned int n = TRACE_REC_NDATA(rec->event);
    const struct event_format *fmt = event_format(id);
    int len;

    if (fmt)
        len = snprintf(buf, size, "%s", fmt->name);
    else
        len = snprintf(buf, size, "%s.0x%07x", event_class_name(id), id);

    for (unsigned int i = 0; i < n && len >= 0 && (size_t)len < size; i++) {
        if (fmt && fmt->fields[i].kind != F_NONE)
            len += put_field(buf + len, size - len, &fmt->fields[i],
                             rec->data[i]);
        else
            len += snprintf(buf + len, size - len, " w%u=0x%x", i,
                            rec->data[i]);
    }
    return len;
}
