/*
 * logview.c - filtering the event log, and the lazy index of matches.
 *
 * The index is a ring as large as the log, holding entry numbers. When
 * the log overwrites an entry, its number falls below model_log_tail()
 * and the index simply stops showing it: both rings forget in step.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "logview.h"
#include "trace/events.h"

/* ---- Classes: the distinct name prefixes of the event table ---- */

static const char *class_list[MODEL_MAX_EVENTS + 2];
static char class_text[MODEL_MAX_EVENTS][16];

const char *const *filter_classes(void)
{
    unsigned int n = 0;

    if (class_list[0])
        return class_list;
    for (size_t i = 0; i < nr_event_formats; i++) {
        const char *name = event_formats[i].name, *dot = strchr(name, '.');
        size_t len = dot ? (size_t)(dot - name) : strlen(name);
        bool seen = false;

        if (len >= sizeof(class_text[0]))
            len = sizeof(class_text[0]) - 1;
        for (unsigned int k = 0; k < n; k++)
            if (strlen(class_list[k]) == len && !strncmp(class_list[k], name, len))
                seen = true;
        if (seen)
            continue;
        memcpy(class_text[n], name, len);
        class_text[n][len] = '\0';
        class_list[n] = class_text[n];
        n++;
    }
    class_list[n++] = "unknown";    /* events this reader has no row for */
    class_list[n] = NULL;
    return class_list;
}

static bool class_matches(const char *cls, const char *name)
{
    size_t len = strlen(cls);

    return !strcmp(cls, name) ||
           (!strncmp(cls, name, len) && name[len] == '.');
}

static int add_class(struct filter *f, const char *cls, char *err,
                     size_t errlen)
{
    bool any = false;

    for (size_t i = 0; i < nr_event_formats; i++)
        if (class_matches(cls, event_formats[i].name))
            any = f->rows[i] = true;
    if (!strcmp(cls, "unknown"))
        any = f->rows[MODEL_MAX_EVENTS] = true;
    if (!any) {
        char list[512] = "";

        for (const char *const *c = filter_classes(); *c; c++) {
            strncat(list, " ", sizeof(list) - strlen(list) - 1);
            strncat(list, *c, sizeof(list) - strlen(list) - 1);
        }
        snprintf(err, errlen, "no event class \"%s\"; classes:%s", cls, list);
        return -1;
    }
    f->any_class = false;
    return 0;
}

int filter_parse(struct filter *f, const char *spec, char *err, size_t errlen)
{
    char copy[128], *save = NULL, *word;

    memset(f, 0, sizeof(*f));
    f->any_class = true;
    f->dom = FILTER_DOM_ANY;
    if (!spec)
        spec = "";
    if (strlen(spec) >= sizeof(copy)) {
        snprintf(err, errlen, "filter too long (at most %zu characters)",
                 sizeof(copy) - 1);
        return -1;
    }
    strcpy(copy, spec);
    snprintf(f->spec, sizeof(f->spec), "%s", spec);
    for (word = strtok_r(copy, " \t", &save); word;
         word = strtok_r(NULL, " \t", &save)) {
        if (!strncmp(word, "c:", 2)) {
            if (add_class(f, word + 2, err, errlen))
                return -1;
        } else if (!strncmp(word, "is:", 3)) {
            if (strcmp(word + 3, "failed")) {
                snprintf(err, errlen, "\"%s\": is: knows one word: failed "
                         "(the hypercalls that returned an error)", word);
                return -1;
            }
            f->failed = true;
        } else if (!strncmp(word, "d:", 2)) {
            char *end;
            unsigned long d;

            if (!strcmp(word + 2, "hv")) {
                f->dom = DOMID_IDLE;
                continue;
            }
            d = strtoul(word + 2, &end, 10);
            if (end == word + 2 || *end || d > 0xffff) {
                snprintf(err, errlen, "\"%s\": d: takes a domain number or hv",
                         word);
                return -1;
            }
            f->dom = (int)d;
        } else {
            size_t len = strlen(f->text);

            if (len + strlen(word) + 2 > sizeof(f->text)) {
                snprintf(err, errlen, "filter text too long");
                return -1;
            }
            if (len)
                strcat(f->text, " ");
            strcat(f->text, word);
        }
    }
    return 0;
}

bool filter_match(const struct filter *f, const struct log_entry *e)
{
    if (!f->any_class) {
        int row = event_index(TRACE_REC_ID(e->rec.event));

        if (!f->rows[row < 0 ? MODEL_MAX_EVENTS : row])
            return false;
    }
    if (f->dom != FILTER_DOM_ANY && e->rec.dom != (uint16_t)f->dom)
        return false;
    if (f->failed && !event_hypercall_failed(&e->rec))
        return false;
    if (f->text[0]) {
        char line[320];
        int n = e->rec.dom == DOMID_IDLE
                    ? snprintf(line, sizeof(line), "hv ")
                    : snprintf(line, sizeof(line), "d%u ", e->rec.dom);

        event_describe(&e->rec, line + n, sizeof(line) - n);
        return strcasestr(line, f->text) != NULL;
    }
    return true;
}

int filter_source_mask(const char *spec, uint32_t *mask, char *err,
                       size_t errlen)
{
    char copy[128], *save = NULL, *word;
    struct filter f;

    *mask = trace_filter_bit(TRC_XL_STREAM) | trace_filter_bit(TRC_LOST_RECORDS);
    if (!spec || !*spec || !strcmp(spec, "all")) {
        *mask = TRACE_MASK_ALL;
        return 0;
    }
    snprintf(copy, sizeof(copy), "%s", spec);
    memset(&f, 0, sizeof(f));
    for (word = strtok_r(copy, " \t", &save); word; word = strtok_r(NULL, " \t", &save))
        if (add_class(&f, !strncmp(word, "c:", 2) ? word + 2 : word, err, errlen))
            return -1;
    for (size_t i = 0; i < nr_event_formats; i++)
        if (f.rows[i])
            *mask |= trace_filter_bit(event_formats[i].id);
    return 0;
}

/* ---- The index ---- */

int logview_init(struct logview *lv)
{
    memset(lv, 0, sizeof(*lv));
    lv->index = calloc(MODEL_LOG_SIZE, sizeof(*lv->index));
    return lv->index ? 0 : -1;
}

void logview_free(struct logview *lv)
{
    free(lv->index);
    lv->index = NULL;
}

int logview_set(struct logview *lv, const char *spec, char *err, size_t errlen)
{
    struct filter f;

    if (filter_parse(&f, spec, err, errlen))
        return -1;
    lv->filter = f;
    lv->active = !f.any_class || f.dom != FILTER_DOM_ANY || f.failed || f.text[0];
    lv->nr = 0;
    lv->scanned = 0;
    return 0;
}

void logview_update(struct logview *lv, const struct model *m)
{
    uint64_t tail = model_log_tail(m);

    if (!lv->active)
        return;
    if (lv->generation != m->generation || lv->scanned > m->log_head) {
        lv->generation = m->generation;
        lv->nr = 0;
        lv->scanned = 0;
    }
    if (lv->scanned < tail)
        lv->scanned = tail;
    for (; lv->scanned < m->log_head; lv->scanned++)
        if (filter_match(&lv->filter, model_log_at(m, lv->scanned)))
            lv->index[lv->nr++ & (MODEL_LOG_SIZE - 1)] = lv->scanned;
}

uint64_t logview_count(const struct logview *lv, const struct model *m)
{
    uint64_t tail = model_log_tail(m), lo = 0, hi;

    if (!lv || !lv->active)
        return m->log_head - tail;
    /* Matches whose entries the log has since overwritten do not count.
     * Newest first, entry numbers fall: find the first one below tail. */
    hi = lv->nr < MODEL_LOG_SIZE ? lv->nr : MODEL_LOG_SIZE;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;

        if (lv->index[(lv->nr - 1 - mid) & (MODEL_LOG_SIZE - 1)] >= tail)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct log_entry *logview_back(const struct logview *lv,
                                     const struct model *m, uint64_t i)
{
    if (!lv || !lv->active)
        return model_log_back(m, i);
    if (i >= lv->nr || i >= MODEL_LOG_SIZE)
        return NULL;
    return model_log_at(m, lv->index[(lv->nr - 1 - i) & (MODEL_LOG_SIZE - 1)]);
}

int logview_line(const struct model *m, const struct log_entry *e, char *buf,
                 size_t size)
{
    char dom[8];
    int n;

    if (e->rec.dom == DOMID_IDLE)
        snprintf(dom, sizeof(dom), "hv");
    else
        snprintf(dom, sizeof(dom), "d%u", e->rec.dom);
    n = snprintf(buf, size, "%8u %11.6f c%u %-3s ", e->rec.seq,
                 (e->t_ns - m->first_ns) / 1e9, e->rec.cpu, dom);
    if (n < 0 || (size_t)n >= size)
        return n;
    return n + event_describe(&e->rec, buf + n, size - n);
}
