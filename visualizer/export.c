/*
 * export.c - writing Chrome trace-event JSON as records stream past.
 *
 * The output is one JSON object written front to back, so a trace of any
 * length exports in constant memory:
 *
 *   {"traceEvents":[
 *   {"ph":"M",...},{"ph":"i",...},{"ph":"X",...},...
 *   ],"displayTimeUnit":"ns","otherData":{...}}
 *
 * Every string we write comes from the event table or is escaped, so the
 * file stays valid JSON whatever bytes the trace held.
 */
#include <string.h>
#include "export.h"
#include "trace/events.h"

#define PID_HV   0x7fff         /* DOMID_IDLE: the hypervisor */
#define PID_CPUS 0x10000        /* the scheduler's per-CPU tracks */

static void sep(struct chrome_export *x)
{
    fputs(x->events++ ? ",\n" : "\n", x->out);
}

static double us(uint64_t ns)
{
    return ns / 1000.0;
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void name_process(struct chrome_export *x, uint16_t dom, const char *name)
{
    unsigned int slot = dom < MODEL_MAX_DOMS ? dom : MODEL_MAX_DOMS;
    char label[40];

    if (x->named[slot] && !name)
        return;
    x->named[slot] = true;
    if (dom == DOMID_IDLE)
        snprintf(label, sizeof(label), "hypervisor");
    else
        snprintf(label, sizeof(label), "d%u%s%s", dom, name ? " " : "", name ? name : "");
    sep(x);
    fprintf(x->out, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%u,\"tid\":0,"
            "\"args\":{\"name\":", dom);
    json_string(x->out, label);
    fputs("}}", x->out);
}

static void span(struct chrome_export *x, const char *name, unsigned int pid,
                 unsigned int tid, uint64_t from, uint64_t to)
{
    sep(x);
    fprintf(x->out, "{\"ph\":\"X\",\"name\":\"%s\",\"cat\":\"span\",\"pid\":%u,"
            "\"tid\":%u,\"ts\":%.3f,\"dur\":%.3f}", name, pid, tid, us(from),
            us(to - from));
}

static void on_ring(struct chrome_export *x, const struct trace_rec *rec, uint64_t t)
{
    int slot = -1;
    char name[16];

    for (int i = 0; i < EXPORT_VCPUS && slot < 0; i++)
        if (!x->vcpu[i].used || (x->vcpu[i].dom == rec->dom && x->vcpu[i].vcpu == rec->vcpu))
            slot = i;
    if (slot < 0)
        return;
    if (x->vcpu[slot].open) {
        snprintf(name, sizeof(name), "ring %u", x->vcpu[slot].ring);
        span(x, name, rec->dom, rec->vcpu, x->vcpu[slot].since, t);
    }
    x->vcpu[slot].used = x->vcpu[slot].open = true;
    x->vcpu[slot].dom = rec->dom;
    x->vcpu[slot].vcpu = rec->vcpu;
    x->vcpu[slot].ring = (uint8_t)(rec->data[1] & 3);
    x->vcpu[slot].since = t;
}

static void on_switch(struct chrome_export *x, const struct trace_rec *rec, uint64_t t)
{
    char name[24];

    if (rec->cpu >= EXPORT_CPUS)
        return;
    if (x->cpu[rec->cpu].open) {
        snprintf(name, sizeof(name), "d%u running", x->cpu[rec->cpu].dom);
        if (x->cpu[rec->cpu].dom == DOMID_IDLE)
            snprintf(name, sizeof(name), "idle");
        span(x, name, PID_CPUS, rec->cpu, x->cpu[rec->cpu].since, t);
    }
    x->cpu[rec->cpu].open = true;
    x->cpu[rec->cpu].dom = (uint16_t)rec->data[2];
    x->cpu[rec->cpu].since = t;
}

static void on_balloon(struct chrome_export *x, const struct trace_rec *rec, uint64_t t)
{
    sep(x);
    fprintf(x->out, "{\"ph\":\"C\",\"name\":\"pages\",\"pid\":%u,\"tid\":0,\"ts\":%.3f,"
            "\"args\":{\"pages\":%u,\"target\":%u,\"max\":%u}}",
            rec->data[0] & 0xffff, us(t), rec->data[3], rec->data[5], rec->data[6]);
    sep(x);
    fprintf(x->out, "{\"ph\":\"C\",\"name\":\"free pool\",\"pid\":%u,\"tid\":0,"
            "\"ts\":%.3f,\"args\":{\"pages\":%u}}", PID_HV, us(t), rec->data[4]);
}

static void on_create(struct chrome_export *x, const struct trace_rec *rec, uint64_t t)
{
    char nm[13];

    (void)t;
    if (TRACE_REC_NDATA(rec->event) < 7)
        return;
    memcpy(nm, &rec->data[4], 12);
    nm[12] = '\0';
    for (int i = 0; i < 12 && nm[i]; i++)
        if (nm[i] <= ' ' || nm[i] >= 0x7f)
            nm[i] = '?';
    name_process(x, (uint16_t)rec->data[0], nm);
}

/* Records that become more than an instant. */
static const struct {
    uint32_t id;
    void (*fn)(struct chrome_export *x, const struct trace_rec *rec, uint64_t t);
} shapes[] = {
    { TRC_XL_RING_TRANSITION, on_ring },
    { TRC_SCHED_SWITCH, on_switch },
    { TRC_XL_BALLOON_STEP, on_balloon },
    { TRC_XL_DOMAIN_CREATE, on_create },
};

static void instant(struct chrome_export *x, const struct trace_rec *rec, uint64_t t)
{
    uint32_t id = TRACE_REC_ID(rec->event);
    const struct event_format *f = event_format(id);
    unsigned int n = TRACE_REC_NDATA(rec->event);
    char name[48], cat[16];

    if (f) {
        snprintf(name, sizeof(name), "%s", f->name);
        snprintf(cat, sizeof(cat), "%.*s", (int)strcspn(f->name, "."), f->name);
    } else {
        snprintf(name, sizeof(name), "%s.0x%07x", event_class_name(id), id);
        snprintf(cat, sizeof(cat), "unknown");
    }
    sep(x);
    fprintf(x->out, "{\"ph\":\"i\",\"s\":\"%s\",\"name\":\"%s\",\"cat\":\"%s\",\"pid\":%u,"
            "\"tid\":%u,\"ts\":%.3f,\"args\":{\"seq\":%u,\"cpu\":%u",
            id == TRC_LOST_RECORDS ? "g" : "t", name, cat, rec->dom, rec->vcpu, us(t),
            rec->seq, rec->cpu);
    for (unsigned int i = 0; i < n; i++) {
        char value[64];

        if (f && f->fields[i].kind == F_STR) {
            /* The describe text already made the name printable. */
            char line[256];
            const char *eq;

            event_describe(rec, line, sizeof(line));
            eq = strstr(line, " name=");
            fprintf(x->out, ",\"%s\":", f->fields[i].name);
            json_string(x->out, eq ? eq + 6 : "");
            break;
        }
        if (f && f->fields[i].kind != F_NONE) {
            event_field_value(f, i, rec->data[i], value, sizeof(value));
            fprintf(x->out, ",\"%s\":", f->fields[i].name);
            if (f->fields[i].kind == F_DEC || f->fields[i].kind == F_SDEC)
                fputs(value, x->out);
            else
                json_string(x->out, value);
        } else {
            fprintf(x->out, ",\"w%u\":%u", i, rec->data[i]);
        }
    }
    fputs("}}", x->out);
}

void chrome_begin(struct chrome_export *x, FILE *out)
{
    memset(x, 0, sizeof(*x));
    x->out = out;
    tclock_init(&x->clock);
    fputs("{\"traceEvents\":[", out);
    sep(x);
    fprintf(out, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%u,\"tid\":0,"
            "\"args\":{\"name\":\"CPUs (scheduler)\"}}", PID_CPUS);
}

void chrome_record(void *arg, const struct trace_rec *rec,
                   const struct tdec_info *info)
{
    struct chrome_export *x = arg;
    uint32_t id = TRACE_REC_ID(rec->event);
    uint64_t t = tclock_ns(&x->clock, rec);

    x->last_ns = t;
    if (info->missing_before) {
        sep(x);
        fprintf(x->out, "{\"ph\":\"i\",\"s\":\"g\",\"name\":\"GAP %u events missing\","
                "\"cat\":\"loss\",\"pid\":%u,\"tid\":0,\"ts\":%.3f}",
                info->missing_before, PID_HV, us(t));
    }
    name_process(x, rec->dom, NULL);
    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
        if (shapes[i].id == id)
            shapes[i].fn(x, rec, t);
    instant(x, rec, t);
}

void chrome_end(struct chrome_export *x, const struct tdec_stats *st)
{
    char name[16];

    for (int i = 0; i < EXPORT_VCPUS; i++)
        if (x->vcpu[i].open) {
            snprintf(name, sizeof(name), "ring %u", x->vcpu[i].ring);
            span(x, name, x->vcpu[i].dom, x->vcpu[i].vcpu, x->vcpu[i].since, x->last_ns);
        }
    for (int i = 0; i < EXPORT_CPUS; i++)
        if (x->cpu[i].open) {
            snprintf(name, sizeof(name), "d%u running", x->cpu[i].dom);
            span(x, name, PID_CPUS, (unsigned int)i, x->cpu[i].since, x->last_ns);
        }
    fprintf(x->out, "\n],\"displayTimeUnit\":\"ns\",\"otherData\":{"
            "\"format\":\"xenlab trace v%u\",\"records\":%llu,\"lost_reported\":%llu,"
            "\"lost_gaps\":%llu,\"bad_frames\":%llu,\"bytes_skipped\":%llu}}\n",
            TRACE_STREAM_VERSION, (unsigned long long)st->records,
            (unsigned long long)st->lost_reported, (unsigned long long)st->lost_gaps,
            (unsigned long long)st->bad_frames, (unsigned long long)st->bytes_skipped);
}
