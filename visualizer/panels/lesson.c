/*
 * lesson.c - the lesson pane: the step the student is on, and what to do.
 *
 * A lesson guest stops at checkpoints (lesson.checkpoint, state waiting)
 * until the student presses n, which hvviz sends to the hypervisor as the
 * control line "advance"; the checkpoint is then traced again as released
 * (or, in an unattended run, passed automatically). The pane shows the
 * steps file's text for the current step and one of:
 *
 *   press n for the next step      the guest waits for the student
 *   running...                     released: the guest works toward the next
 *   lesson finished                the hypervisor shut down
 *
 * with the list of step titles, the current one marked, when room allows.
 * The checkpoint state is the model core's (model.h); this file draws it.
 */
#include <stdio.h>
#include <string.h>
#include "../steps.h"
#include "panel.h"

/* What the student should do now, in the status row; buf for the ones
 * that name a step. */
static const char *status_text(const struct model *m, int *attr, char *buf, size_t size)
{
    const struct checkpoint *cp = &m->checkpoint;

    if (m->shutdown_seen) {
        *attr = m->shutdown_code == 0 ? AT_OK : AT_BAD;
        return m->shutdown_code == 0 ? "lesson finished" : "the run ended with a failure";
    }
    switch (cp->state == CP_WAITING ? (int)cp->phase : (int)cp->state + 10) {
    case LP_WATCH:
        *attr = AT_SELECT;
        snprintf(buf, size, "press n to run step %u", cp->shown);
        return buf;
    case LP_SAW:
        *attr = AT_SELECT;
        snprintf(buf, size, "step %u done, its events marked >; n: step %u",
                 cp->shown, cp->step);
        return buf;
    case CP_RELEASED + 10:
        *attr = AT_DIM;
        snprintf(buf, size, "running step %u...", cp->shown);
        return buf;
    case CP_AUTO + 10:
        *attr = AT_DIM;
        return "running (checkpoints pass automatically)";
    default:
        *attr = AT_DIM;
        return "waiting for the lesson to reach its first step";
    }
}

static void lesson_summary(const void *st, const struct model *m,
                           const struct view *v)
{
    const struct lesson_step *s = steps_find(m->steps, m->checkpoint.shown);
    int attr;
    char buf[96];
    const char *status = status_text(m, &attr, buf, sizeof(buf));

    (void)st;
    if (m->checkpoint.state != CP_NONE)
        view_printf(v, 0, 0, AT_BOLD, "step %u: %s", m->checkpoint.shown,
                    s ? s->title : "(not in the steps file)");
    else
        view_text(v, 0, 0, AT_DIM, "no checkpoint yet");
    view_text(v, 1, 0, attr, status);
}

/* Rows the current step needs in a pane w wide: the title bar, the
 * step (steps_rows), the status line. The lesson's own title comes on top
 * only if there is a row to spare. */
int lesson_rows(const struct model *m, int w)
{
    const struct lesson_step *s = steps_find(m->steps, m->checkpoint.shown);

    if (m->checkpoint.state == CP_NONE || !s)
        return 3 + (m->steps ? (int)m->steps->nr_steps : 0);
    return 2 + steps_rows(s, w);
}

static void lesson_full(const void *st, const struct model *m,
                        const struct view *v, const struct panel_ui *ui)
{
    const struct lesson_steps *ls = m->steps;
    const struct lesson_step *s = NULL;
    char title[160], info[64], buf[96];
    int row = 1, attr, last;
    const char *status = status_text(m, &attr, buf, sizeof(buf));

    (void)st;
    if (ls && ls->number >= 0)
        snprintf(title, sizeof(title), "Lesson %02d", ls->number);
    else
        snprintf(title, sizeof(title), "Lesson");
    info[0] = '\0';
    if (m->checkpoint.state != CP_NONE && ls)
        snprintf(info, sizeof(info), "step %u of %u%s", m->checkpoint.shown,
                 ls->steps[ls->nr_steps - 1].number,
                 m->checkpoint.phase == LP_SAW ? ": done" : "");
    view_title(v, 0, ui && ui->focused, title, info);
    if (ls && ls->title && row < v->h &&
        (m->checkpoint.state == CP_NONE || v->h > lesson_rows(m, v->w)))
        row += view_wrap(v, row, 1, AT_BOLD, ls->title, 2);
    /* Keep the last row for the status: it says what to do. */
    last = v->h - 1;
    if (m->checkpoint.state == CP_NONE) {
        for (unsigned int i = 0; ls && i < ls->nr_steps && row < last; i++)
            view_printf(v, row++, 1, AT_DIM, "%u. %s", ls->steps[i].number,
                        ls->steps[i].title);
    } else {
        s = steps_find(ls, m->checkpoint.shown);
        if (ls && ls->number >= 0 && m->checkpoint.lesson != (uint32_t)ls->number &&
            row < last)
            view_printf(v, row++, 1, AT_WARN, "(checkpoint of lesson %u)",
                        m->checkpoint.lesson);
        if (row < last) {
            int col = view_printf(v, row, 1, AT_SELECT, "Step %u:", m->checkpoint.shown);

            row += view_wrap(v, row, col + 1, AT_SELECT,
                             s ? s->title : "(this step is not in the steps file)",
                             last - row);
        }
        char para[STEPS_MAX_PARAGRAPH];
        unsigned int i = 0;

        for (const char *p; s && row < last &&
                            (p = steps_paragraph(s, &i, para, sizeof(para))) != NULL;)
            row += p[0] ? view_wrap(v, row, 2, AT_NORMAL, p, last - row) : 1;
    }
    view_fill(v, last, 0, v->w, attr, ' ');
    view_text(v, last, 1, attr, status);
}

const struct panel panel_lesson = {
    .name = "Lesson",
    .help = "the lesson's step; n lets the waiting guest go on",
    .flags = PANEL_OPTIONAL,
    .summary = lesson_summary,
    .full = lesson_full,
};
