/*
 * steps.h - a lesson's guided steps, as the lesson pane shows them.
 *
 * lessons/NN-topic/steps is plain text:
 *
 *   # comments: lines starting with '#', in the header only
 *   title: Rings and privileged instructions
 *   step 1: A guest kernel in ring 1
 *   Free text lines, shown under the step's title while it is current.
 *   Blank lines between paragraphs are kept.
 *   step 2: ...
 *
 * The header is everything above the first "step N:" line: comments,
 * blank lines and the title. From the first step line on, every line is
 * a step's text, even one that starts with '#' ("#GP handler ..."):
 * there are no comments between steps, so no sentence can be mistaken
 * for one.
 *
 * Rules (each broken rule is an error naming the file and line):
 * "title:" at most once, before the first step; "step N:" with N a
 * positive number, larger than the step before; no other text before the
 * first step; at least one step; lines are UTF-8 text without control
 * characters (tabs become spaces, a CR before the newline is dropped),
 * at most STEPS_MAX_LINE bytes; the file at most STEPS_MAX_BYTES.
 * Blank lines at the start and end of a step's text are dropped.
 *
 * The lesson number is the NN of the directory name (-1 if it has none).
 */
#ifndef XENLAB_VIZ_STEPS_H
#define XENLAB_VIZ_STEPS_H

#include <stddef.h>
#include <stdio.h>

#define STEPS_MAX_BYTES (256 * 1024)
#define STEPS_MAX_LINE  500
#define STEPS_MAX_STEPS 100

struct lesson_step {
    unsigned int number;
    char *title;
    char **lines;
    unsigned int nr_lines;
};

struct lesson_steps {
    int number;                 /* NN from the directory, or -1 */
    char *title;
    struct lesson_step *steps;
    unsigned int nr_steps;
};

/* Load DIR/steps (or the file itself if path is a file). 0, or -1 with
 * "path:line: what is wrong" in err. */
int steps_load(struct lesson_steps *ls, const char *path, char *err,
               size_t errlen);

/* Parse text already in memory; name is used in messages. */
int steps_parse(struct lesson_steps *ls, const char *text, size_t len,
                const char *name, char *err, size_t errlen);

void steps_free(struct lesson_steps *ls);

/* An 80x24 terminal, a live lesson: 22 rows under the status line, one
 * per summary of the 7 other panels, 4 for the focused one; the lesson
 * pane gets the other 11: its title bar, its status line, and the step. */
#define STEPS_SMALL_W    80
#define STEPS_SMALL_ROWS 9

/* hvviz --lint-steps: every step has a title and text, and fits the
 * lesson pane of an 80x24 terminal whole (else -1 and why in err); writes the steps to out as the pane will show them, "step N:
 * title" then the text lines, so a test can compare them with the file. */
int steps_lint(const struct lesson_steps *ls, FILE *out, char *err,
               size_t errlen);

/* A step's text as the pane shows it: paragraphs, the author's lines
 * joined with spaces (so a narrow pane wraps them evenly, not line by
 * line into ragged fragments), up to a blank line or a line that starts
 * its own (indented, "- ", "* ", "1."). The paragraph from line *i into
 * buf ("" for a blank line), *i moved past it; NULL after the last. */
#define STEPS_MAX_PARAGRAPH 4096
const char *steps_paragraph(const struct lesson_step *st, unsigned int *i,
                            char *buf, size_t size);

/* The rows a step takes in a lesson pane w wide: its title after "Step
 * N: ", then its paragraphs, indented by two (panels/lesson.c draws it so). */
int steps_rows(const struct lesson_step *st, int w);

/* The step numbered n, or NULL. */
const struct lesson_step *steps_find(const struct lesson_steps *ls,
                                     unsigned int n);

#endif /* XENLAB_VIZ_STEPS_H */
