/*
 * steps.c - reading a lesson's steps file (format in steps.h).
 *
 * Comments ('#' lines) live only in the header, above the first step:
 * from the first "step N:" line on every line is text, so a sentence that
 * begins with "#GP" or "#include" reaches the student whole. There is no
 * way to write a line the pane silently drops.
 *
 * The parser works line by line on a copy of the text and is strict on
 * purpose: a lesson author learns about a typo ("step 3" after "step 4",
 * text before the first step) when hvviz starts, with the line number,
 * instead of a student meeting a pane that silently shows the wrong text.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "canvas.h"
#include "steps.h"

struct parser {
    struct lesson_steps *ls;
    const char *name;
    unsigned int line;
    char *err;
    size_t errlen;
};

static int fail(struct parser *p, const char *why)
{
    if (p->line)
        snprintf(p->err, p->errlen, "%s:%u: %s", p->name, p->line, why);
    else
        snprintf(p->err, p->errlen, "%s: %s", p->name, why);
    return -1;
}

/* Checks one line's bytes: UTF-8, no control characters. Tabs become
 * spaces in place. */
static int check_text(struct parser *p, char *s)
{
    for (unsigned char *u = (unsigned char *)s; *u; u++) {
        int more;

        if (*u == '\t') {
            *u = ' ';
            continue;
        }
        if (*u < 0x20 || *u == 0x7f)
            return fail(p, "control character in the text");
        if (*u < 0x80)
            continue;
        more = (*u & 0xe0) == 0xc0 ? 1 : (*u & 0xf0) == 0xe0 ? 2 :
               (*u & 0xf8) == 0xf0 ? 3 : -1;
        if (more < 0)
            return fail(p, "not UTF-8 text");
        for (int i = 1; i <= more; i++)
            if ((u[i] & 0xc0) != 0x80)
                return fail(p, "not UTF-8 text");
        u += more;
    }
    return 0;
}

static char *trim(char *s)
{
    size_t len;

    while (*s == ' ')
        s++;
    len = strlen(s);
    while (len && s[len - 1] == ' ')
        s[--len] = '\0';
    return s;
}

/* "step N: title" -> N and the title; 1 if it is a step line ("step"
 * and a number: "step by step, ..." is ordinary text). */
static int step_line(struct parser *p, char *s, unsigned int *n, char **title,
                     int *rc)
{
    char *num = s + 4, *colon, *end;
    unsigned long v;

    *rc = 0;
    if (strncmp(s, "step", 4))
        return 0;
    while (*num == ' ')
        num++;
    if (!isdigit((unsigned char)*num))
        return 0;
    colon = strchr(num, ':');
    if (!colon) {
        *rc = fail(p, "a step line is \"step N: title\" (missing ':')");
        return 1;
    }
    *colon = '\0';
    num = trim(num);
    errno = 0;
    v = strtoul(num, &end, 10);
    if (*end || errno || v == 0 || v > 100000) {
        *rc = fail(p, "a step number is a whole number from 1");
        return 1;
    }
    *n = (unsigned int)v;
    *title = trim(colon + 1);
    return 1;
}

static int add_line(struct parser *p, struct lesson_step *st, const char *s)
{
    char **lines = realloc(st->lines, (st->nr_lines + 1) * sizeof(*lines));

    if (!lines)
        return fail(p, "out of memory");
    st->lines = lines;
    if (!(lines[st->nr_lines] = strdup(s)))
        return fail(p, "out of memory");
    st->nr_lines++;
    return 0;
}

static void trim_blank_lines(struct lesson_step *st)
{
    unsigned int first = 0;

    while (st->nr_lines && !st->lines[st->nr_lines - 1][0])
        free(st->lines[--st->nr_lines]);
    while (first < st->nr_lines && !st->lines[first][0])
        free(st->lines[first++]);
    memmove(st->lines, st->lines + first,
            (st->nr_lines - first) * sizeof(*st->lines));
    st->nr_lines -= first;
}

static int parse_line(struct parser *p, char *s)
{
    struct lesson_steps *ls = p->ls;
    struct lesson_step *cur = ls->nr_steps ? &ls->steps[ls->nr_steps - 1] : NULL;
    unsigned int n = 0;
    char *title = NULL;
    int rc;

    /* A comment only above the first step: from "step 1:" on, every
     * line is the step's text, whatever it starts with ("#GP ..."). */
    if (!cur && s[0] == '#')
        return 0;
    if (strlen(s) > STEPS_MAX_LINE)
        return fail(p, "line too long");
    if (check_text(p, s))
        return -1;
    if (step_line(p, s, &n, &title, &rc)) {
        struct lesson_step *steps;

        if (rc)
            return rc;
        if (cur && n <= cur->number)
            return fail(p, "step numbers must increase");
        if (ls->nr_steps == STEPS_MAX_STEPS)
            return fail(p, "too many steps");
        steps = realloc(ls->steps, (ls->nr_steps + 1) * sizeof(*steps));
        if (!steps)
            return fail(p, "out of memory");
        ls->steps = steps;
        cur = &steps[ls->nr_steps++];
        memset(cur, 0, sizeof(*cur));
        cur->number = n;
        if (!(cur->title = strdup(title)))
            return fail(p, "out of memory");
        return 0;
    }
    if (!cur && !strncmp(s, "title:", 6)) {
        if (ls->title)
            return fail(p, "a second title");
        if (!(ls->title = strdup(trim(s + 6))))
            return fail(p, "out of memory");
        return 0;
    }
    if (!cur) {
        if (!*trim(s))
            return 0;
        return fail(p, "text before the first \"step N:\" line");
    }
    {
        /* Keep the text's own indentation; drop trailing blanks. */
        size_t len = strlen(s);

        while (len && s[len - 1] == ' ')
            s[--len] = '\0';
    }
    return add_line(p, cur, s);
}

int steps_parse(struct lesson_steps *ls, const char *text, size_t len,
                const char *name, char *err, size_t errlen)
{
    struct parser p = { ls, name, 0, err, errlen };
    char *copy, *line, *next;
    int rc = 0;

    memset(ls, 0, sizeof(*ls));
    ls->number = -1;
    if (len > STEPS_MAX_BYTES)
        return fail(&p, "file too large for a steps file");
    if (memchr(text, '\0', len))
        return fail(&p, "contains NUL bytes: not a text file");
    copy = malloc(len + 1);
    if (!copy)
        return fail(&p, "out of memory");
    memcpy(copy, text, len);
    copy[len] = '\0';
    for (line = copy; line && !rc; line = next) {
        size_t l;

        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else if (!*line)
            break;
        p.line++;
        l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[l - 1] = '\0';
        rc = parse_line(&p, line);
    }
    free(copy);
    if (!rc && !ls->nr_steps) {
        p.line = 0;
        rc = fail(&p, "no \"step N:\" lines: a lesson has at least one step");
    }
    for (unsigned int i = 0; !rc && i < ls->nr_steps; i++)
        trim_blank_lines(&ls->steps[i]);
    if (rc)
        steps_free(ls);
    return rc;
}

/* "lessons/03-hypercalls" -> 3; -1 if the last component has no NN-. */
static int dir_number(const char *path)
{
    char copy[4096];
    size_t len = strlen(path);
    const char *base;

    if (len >= sizeof(copy))
        return -1;
    strcpy(copy, path);
    while (len > 1 && copy[len - 1] == '/')
        copy[--len] = '\0';
    base = strrchr(copy, '/');
    base = base ? base + 1 : copy;
    if (isdigit((unsigned char)base[0]) && isdigit((unsigned char)base[1]) &&
        (base[2] == '-' || base[2] == '\0'))
        return (base[0] - '0') * 10 + (base[1] - '0');
    return -1;
}

int steps_load(struct lesson_steps *ls, const char *path, char *err,
               size_t errlen)
{
    char file[4096];
    struct stat st;
    FILE *f;
    char *buf;
    size_t n;
    int rc, number = -1;

    memset(ls, 0, sizeof(*ls));
    if (stat(path, &st) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (snprintf(file, sizeof(file), "%s/steps", path) >= (int)sizeof(file)) {
            snprintf(err, errlen, "%s: path too long", path);
            return -1;
        }
        number = dir_number(path);
    } else {
        snprintf(file, sizeof(file), "%s", path);
    }
    f = fopen(file, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s (a lesson directory holds a \"steps\" file)",
                 file, strerror(errno));
        return -1;
    }
    buf = malloc(STEPS_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    n = fread(buf, 1, STEPS_MAX_BYTES + 1, f);
    fclose(f);
    rc = steps_parse(ls, buf, n, file, err, errlen);
    free(buf);
    if (!rc)
        ls->number = number;
    return rc;
}

void steps_free(struct lesson_steps *ls)
{
    for (unsigned int i = 0; i < ls->nr_steps; i++) {
        for (unsigned int k = 0; k < ls->steps[i].nr_lines; k++)
            free(ls->steps[i].lines[k]);
        free(ls->steps[i].lines);
        free(ls->steps[i].title);
    }
    free(ls->steps);
    free(ls->title);
    memset(ls, 0, sizeof(*ls));
    ls->number = -1;
}

/* Does this line start a paragraph of its own (a list item, an indented
 * or table line), rather than go on the one above? */
static bool starts_paragraph(const char *s)
{
    return !s[0] || s[0] == ' ' || !strncmp(s, "- ", 2) || !strncmp(s, "* ", 2) ||
           (isdigit((unsigned char)s[0]) && (s[1] == '.' || s[1] == ')'));
}

const char *steps_paragraph(const struct lesson_step *st, unsigned int *i,
                            char *buf, size_t size)
{
    size_t len = 0;

    buf[0] = '\0';
    if (*i >= st->nr_lines)
        return NULL;
    do {
        len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
                                len ? " " : "", st->lines[*i]);
        if (len >= size)
            len = size - 1;
    } while (st->lines[(*i)++][0] && *i < st->nr_lines && !starts_paragraph(st->lines[*i]));
    return buf;
}

int steps_rows(const struct lesson_step *st, int w)
{
    char label[16];
    int rows = wrap_rows(st->title, w - 2 - snprintf(label, sizeof(label), "Step %u:",
                                                     st->number));

    char para[STEPS_MAX_PARAGRAPH];
    unsigned int k = 0;

    for (const char *p; (p = steps_paragraph(st, &k, para, sizeof(para))) != NULL;)
        rows += p[0] ? wrap_rows(p, w - 2) : 1;
    return rows;
}

int steps_lint(const struct lesson_steps *ls, FILE *out, char *err,
               size_t errlen)
{
    for (unsigned int i = 0; i < ls->nr_steps; i++) {
        const struct lesson_step *st = &ls->steps[i];

        int rows = steps_rows(st, STEPS_SMALL_W);

        if (!st->title[0] || !st->nr_lines) {
            snprintf(err, errlen, "step %u has no %s: the pane would show a bare step",
                     st->number, st->title[0] ? "text" : "title");
            return -1;
        }
        if (rows > STEPS_SMALL_ROWS) {
            snprintf(err, errlen, "step %u needs %d rows in an 80x24 terminal, more than "
                     "the %d the lesson pane can have there: shorten it",
                     st->number, rows, STEPS_SMALL_ROWS);
            return -1;
        }
        fprintf(out, "step %u: %s\n", st->number, st->title);
        for (unsigned int k = 0; k < st->nr_lines; k++)
            fprintf(out, "%s\n", st->lines[k]);
    }
    return 0;
}

const struct lesson_step *steps_find(const struct lesson_steps *ls,
                                     unsigned int n)
{
    for (unsigned int i = 0; ls && i < ls->nr_steps; i++)
        if (ls->steps[i].number == n)
            return &ls->steps[i];
    return NULL;
}
