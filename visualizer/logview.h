/*
 * logview.h - the Events panel's window on the log: a filter, and the
 * list of log entries that pass it.
 *
 * A filter is typed after '/' as words:
 *
 *   c:CLASS   events of a class: the part of the name before the dot
 *             (ring, tlb, pv, sched, ...) or a whole name (pv.trap);
 *             several c: words mean "any of these"
 *   d:N       records of domain N (d:hv for the hypervisor)
 *   is:failed the hypercalls that returned an error (what the Counters
 *             panel counts as failed; an iret never is one)
 *   WORD ...  the rest, as text that must appear in the event's line
 *             (name and fields, as --dump prints them; any case)
 *
 * Filtering never touches the model: the index of matching entries is
 * brought up to date lazily, when the panel is drawn, over the records
 * that arrived since. Changing the filter rebuilds it from the log.
 */
#ifndef XENLAB_VIZ_LOGVIEW_H
#define XENLAB_VIZ_LOGVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"

#define FILTER_MAX_TEXT 64
#define FILTER_DOM_ANY  (-1)

struct filter {
    bool any_class;                         /* no c: word */
    bool rows[MODEL_MAX_EVENTS + 1];        /* class match by events.c row */
    int dom;                                /* FILTER_DOM_ANY or an id */
    bool failed;                            /* is:failed */
    char text[FILTER_MAX_TEXT];             /* lower case; "" = any */
    char spec[128];                         /* as typed, for the title */
};

/* Parse a filter; on error -1 and a message naming the bad word. */
int filter_parse(struct filter *f, const char *spec, char *err, size_t errlen);

bool filter_match(const struct filter *f, const struct log_entry *e);

/* The class names a c: word accepts, in table order, NULL-terminated. */
const char *const *filter_classes(void);

/*
 * The hypervisor's recording mask (the "mask HEX" control line) for a
 * list of class names ("ring tlb", with or without c:); "" or "all" is
 * everything. The stream's own bookkeeping (hv.*, gen.*) is always kept,
 * or the reader could not see the mask take effect. -1 if a name is bad.
 */
int filter_source_mask(const char *spec, uint32_t *mask, char *err,
                       size_t errlen);

struct logview {
    bool active;                /* a filter is set */
    struct filter filter;
    uint64_t *index;            /* ring of log entry numbers that match */
    uint64_t nr;                /* matches ever indexed */
    uint64_t scanned;           /* log entries looked at so far */
    uint64_t generation;        /* of the model it indexed */
};

int logview_init(struct logview *lv);
void logview_free(struct logview *lv);

/* Set (spec "" or NULL clears) the filter; -1 with a message if bad. */
int logview_set(struct logview *lv, const char *spec, char *err,
                size_t errlen);

/* Index whatever arrived since the last call. */
void logview_update(struct logview *lv, const struct model *m);

/* Entries visible through the filter, still in the log. */
uint64_t logview_count(const struct logview *lv, const struct model *m);

/* The i-th newest visible entry, or NULL. */
const struct log_entry *logview_back(const struct logview *lv,
                                     const struct model *m, uint64_t i);

/* An entry as one line: "seq  seconds  cN dom name fields". */
int logview_line(const struct model *m, const struct log_entry *e, char *buf,
                 size_t size);

#endif /* XENLAB_VIZ_LOGVIEW_H */
