/*
 * check.c - matching a trace against a lesson's expected events.
 *
 * Each record is described with the shared event table (the same text
 * `--dump` prints) and compared word by word with every rule: the event
 * name must be equal and every FIELD=VALUE of the rule must appear.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "trace/events.h"

static int fail(char *err, size_t errlen, const char *path, unsigned int line,
                const char *why)
{
    snprintf(err, errlen, "%s:%u: %s", path, line, why);
    return -1;
}

static int parse_rule(struct check_rule *r, char *text, const char *path,
                      unsigned int line, char *err, size_t errlen)
{
    char *save = NULL, *word = strtok_r(text, " \t", &save);

    memset(r, 0, sizeof(*r));
    r->line = line;
    r->op = CHECK_GE;
    r->want = 1;
    if (strlen(word) >= sizeof(r->event))
        return fail(err, errlen, path, line, "event name too long");
    strcpy(r->event, word);

    while ((word = strtok_r(NULL, " \t", &save))) {
        if (!strcmp(word, ">=") || !strcmp(word, "==") || !strcmp(word, "<=")) {
            char *num = strtok_r(NULL, " \t", &save), *end;

            r->op = word[0] == '>' ? CHECK_GE : word[0] == '=' ? CHECK_EQ : CHECK_LE;
            if (!num)
                return fail(err, errlen, path, line, "count missing after comparison");
            r->want = strtoull(num, &end, 10);
            if (*end || end == num)
                return fail(err, errlen, path, line, "count is not a number");
            if (strtok_r(NULL, " \t", &save))
                return fail(err, errlen, path, line, "nothing may follow the count");
            break;
        }
        if (!strchr(word, '='))
            return fail(err, errlen, path, line, "expected FIELD=VALUE or a count");
        if (r->nr_fields == CHECK_MAX_FIELDS)
            return fail(err, errlen, path, line, "too many fields");
        if (strlen(word) >= sizeof(r->fields[0]))
            return fail(err, errlen, path, line, "field too long");
        strcpy(r->fields[r->nr_fields++], word);
    }
    return 0;
}

int check_load(struct check_set *cs, const char *path, char *err, size_t errlen)
{
    char buf[512];
    unsigned int line = 0;
    FILE *f = fopen(path, "r");

    memset(cs, 0, sizeof(*cs));
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    while (fgets(buf, sizeof(buf), f)) {
        char *p = buf, *end;

        line++;
        if (!strchr(buf, '\n') && !feof(f)) {
            fclose(f);
            return fail(err, errlen, path, line, "line too long");
        }
        while (*p == ' ' || *p == '\t')
            p++;
        end = p + strlen(p);
        while (end > p && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (!*p || *p == '#')
            continue;
        if (!strcmp(p, "no-loss")) {
            cs->no_loss = true;
            continue;
        }
        if (cs->nr_rules == CHECK_MAX_RULES) {
            fclose(f);
            return fail(err, errlen, path, line, "too many requirements");
        }
        if (parse_rule(&cs->rules[cs->nr_rules], p, path, line, err, errlen)) {
            fclose(f);
            return -1;
        }
        cs->nr_rules++;
    }
    fclose(f);
    if (cs->nr_rules == 0 && !cs->no_loss) {
        snprintf(err, errlen, "%s: no requirements", path);
        return -1;
    }
    return 0;
}

/* Is `want` ("k=v") one of the space-separated words of `desc`? */
static bool has_word(const char *desc, const char *want)
{
    size_t n = strlen(want);

    for (const char *p = strstr(desc, want); p; p = strstr(p + 1, want))
        if (p[-1] == ' ' && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

static bool field_matches(const struct trace_rec *rec, const char *desc,
                          const char *field)
{
    /* An event with a "dom" field of its own (tlb.flush, balloon.step, ...)
     * is matched on that field, as the dump prints it; any other on the
     * record's domain column. */
    if (!strncmp(field, "dom=", 4) && !strstr(desc, " dom=")) {
        char dom[16];

        if (rec->dom == DOMID_IDLE)
            snprintf(dom, sizeof(dom), "hv");
        else
            snprintf(dom, sizeof(dom), "%u", rec->dom);
        return !strcmp(field + 4, dom);
    }
    return has_word(desc, field);
}

void check_record(struct check_set *cs, const struct trace_rec *rec)
{
    char desc[512];
    size_t name_len;

    event_describe(rec, desc, sizeof(desc));
    name_len = strcspn(desc, " ");
    for (unsigned int i = 0; i < cs->nr_rules; i++) {
        struct check_rule *r = &cs->rules[i];
        bool ok = strlen(r->event) == name_len &&
                  !strncmp(desc, r->event, name_len);

        for (unsigned int f = 0; ok && f < r->nr_fields; f++)
            ok = field_matches(rec, desc, r->fields[f]);
        if (ok)
            r->seen++;
    }
}

bool check_report(const struct check_set *cs, const struct tdec_stats *st,
                  FILE *out)
{
    static const char *const op_text[] = { ">=", "==", "<=" };
    bool all = true;

    for (unsigned int i = 0; i < cs->nr_rules; i++) {
        const struct check_rule *r = &cs->rules[i];
        bool ok = r->op == CHECK_GE ? r->seen >= r->want
                : r->op == CHECK_EQ ? r->seen == r->want
                : r->seen <= r->want;

        fprintf(out, "%s %s", ok ? "ok  " : "FAIL", r->event);
        for (unsigned int f = 0; f < r->nr_fields; f++)
            fprintf(out, " %s", r->fields[f]);
        fprintf(out, " %s %llu: seen %llu\n", op_text[r->op],
                (unsigned long long)r->want, (unsigned long long)r->seen);
        all &= ok;
    }
    if (cs->no_loss) {
        bool ok = !st->lost_reported && !st->lost_gaps && !st->bytes_skipped;

        fprintf(out, "%s no-loss: %llu lost, %llu missing, %llu bytes skipped\n",
                ok ? "ok  " : "FAIL", (unsigned long long)st->lost_reported,
                (unsigned long long)st->lost_gaps,
                (unsigned long long)st->bytes_skipped);
        all &= ok;
    }
    return all;
}
