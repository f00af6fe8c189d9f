/*
 * rings.c - the Rings panel: which privilege ring each vCPU is in, and
 * how it got there.
 *
 * The lecture's picture of x86 PV: the hypervisor in ring 0, the guest
 * kernel in ring 1, guest user code in ring 3. A vCPU is in exactly one
 * of them at a time; every ring.transition record moves it and says why
 * (hypercall, trap, interrupt, iret, bounce, upcall). Drawn per vCPU:
 *
 *   vCPU            ring 0   ring 1   ring 3   last move
 *   d1v0 guest1       .        *        .      0->1 iret vec 0x82
 *
 * so a student watching a hypercall sees the dot jump 1 -> 0 -> 1, and a
 * bounced page fault go 3 -> 0 -> 1. Below it, the newest transitions.
 *
 * A vCPU in ring 0 is the hypervisor working for it, not the guest's own
 * code: at a lesson checkpoint the vCPU waits, blocked, inside the
 * checkpoint hypercall. So the bullet stays on the ring the guest's code
 * runs in (where it entered from, where it will return), and what holds
 * it in ring 0 is said beside it: "in the hypervisor: hypercall
 * xenlab_op (from ring 1), blocked"; a marker stands in the ring 0 column.
 *
 * A hardware-assisted vCPU (lesson 12) has no rings to show: its kernel
 * runs in ring 0 of the CPU's guest mode and leaves it only by a VM exit.
 * Its row says "guest mode (SVM)" with its exits and the last one's name.
 */
#include <stdio.h>
#include <string.h>
#include <public/vcpu.h>
#include <public/xenlab.h>
#include "panel.h"

#define RINGS_VCPUS 32
#define RINGS_HIST  64

struct vcpu_ring {
    uint16_t dom;
    uint8_t vcpu;
    uint8_t ring;               /* the CPU's ring now: 0 while in the hv */
    uint8_t guest_ring;         /* the ring the guest's own code runs in */
    bool blocked;               /* its runstate: waiting for an event */
    bool at_checkpoint;         /* a lesson's guest, held until n */
    bool op_known;              /* in the hv for a hypercall named by op */
    uint32_t op;
    uint8_t from, cause;
    uint32_t vector;
    uint64_t t_ns;
    uint64_t moves;
    bool hvm;                   /* seen in VM exits: guest mode, no rings */
    uint32_t last_exit;
    uint64_t exits;
};

struct ring_move {
    uint64_t t_ns;
    uint16_t dom;
    uint8_t vcpu, from, to, cause;
    uint32_t vector, eip;
};

struct rings {
    struct vcpu_ring v[RINGS_VCPUS];
    unsigned int nr;
    uint64_t untracked;         /* moves of vCPUs beyond RINGS_VCPUS */
    struct ring_move hist[RINGS_HIST];
    uint64_t moves;
    uint64_t by_cause[RING_START + 1];
    uint64_t exits;             /* VM exits of hardware-assisted vCPUs */
    bool last_was_exit;         /* the newest record was a VM exit */
};

static const char *cause_name(uint32_t cause)
{
    const struct event_format *f = event_format(TRC_XL_RING_TRANSITION);
    static char buf[16];

    event_field_value(f, 2, cause, buf, sizeof(buf));
    return buf;
}

static struct vcpu_ring *vcpu_of(struct rings *r, uint16_t dom, uint8_t vcpu)
{
    for (unsigned int i = 0; i < r->nr; i++)
        if (r->v[i].dom == dom && r->v[i].vcpu == vcpu)
            return &r->v[i];
    if (r->nr == RINGS_VCPUS)
        return NULL;
    r->v[r->nr].dom = dom;
    r->v[r->nr].vcpu = vcpu;
    return &r->v[r->nr++];
}

static void on_transition(void *st, struct model *m, const struct log_entry *e)
{
    struct rings *r = st;
    const struct trace_rec *rec = &e->rec;
    struct vcpu_ring *v = vcpu_of(r, rec->dom, rec->vcpu);
    struct ring_move *h = &r->hist[r->moves++ % RINGS_HIST];

    (void)m;
    h->t_ns = e->t_ns;
    h->dom = rec->dom;
    h->vcpu = rec->vcpu;
    h->from = (uint8_t)(rec->data[0] & 3);
    h->to = (uint8_t)(rec->data[1] & 3);
    h->cause = (uint8_t)(rec->data[2] <= RING_START ? rec->data[2] : 0);
    h->vector = rec->data[3];
    h->eip = rec->data[4];
    r->by_cause[h->cause]++;
    r->last_was_exit = false;
    if (!v) {
        r->untracked++;
        return;
    }
    v->ring = h->to;
    if (h->to != 0 || h->from != 0)
        v->guest_ring = h->to ? h->to : h->from;
    v->op_known = v->at_checkpoint = false;
    v->from = h->from;
    v->cause = h->cause;
    v->vector = h->vector;
    v->t_ns = e->t_ns;
    v->moves++;
}

static void on_vmexit(void *st, struct model *m, const struct log_entry *e)
{
    struct rings *r = st;
    struct vcpu_ring *v = vcpu_of(r, e->rec.dom, e->rec.vcpu);

    (void)m;
    r->exits++;
    r->last_was_exit = true;
    if (!v) {
        r->untracked++;
        return;
    }
    v->hvm = true;
    v->last_exit = e->rec.data[0];
    v->exits++;
    v->t_ns = e->t_ns;
}

/* The vCPU, if it has moved between rings already (no new rows here). */
static struct vcpu_ring *known_vcpu(struct rings *r, uint32_t dom, uint32_t vcpu)
{
    for (unsigned int i = 0; i < r->nr; i++)
        if (r->v[i].dom == dom && r->v[i].vcpu == vcpu)
            return &r->v[i];
    return NULL;
}

/* Names the hypercall a vCPU in ring 0 is in (recorded as it completes
 * or blocks, after the move into ring 0). */
static void on_hypercall(void *st, struct model *m, const struct log_entry *e)
{
    struct vcpu_ring *v = known_vcpu(st, e->rec.dom, e->rec.vcpu);

    (void)m;
    if (v && v->ring == 0 && v->cause == RING_HYPERCALL) {
        v->op = e->rec.data[0];
        v->op_known = true;
    }
}

static void on_runstate(void *st, struct model *m, const struct log_entry *e)
{
    struct vcpu_ring *v = known_vcpu(st, e->rec.data[0], e->rec.data[1]);

    (void)m;
    if (v)
        v->blocked = e->rec.data[3] == RUNSTATE_blocked;
}

/* A lesson's checkpoint is the hypercall xenlab_op, held until n: its
 * record comes before the hypercall's own (which is written as it blocks). */
static void on_checkpoint(void *st, struct model *m, const struct log_entry *e)
{
    struct vcpu_ring *v = known_vcpu(st, e->rec.dom, e->rec.vcpu);

    (void)m;
    if (!v || v->ring != 0 || v->cause != RING_HYPERCALL)
        return;
    v->at_checkpoint = e->rec.data[2] == CP_WAITING;
    v->op = __HYPERVISOR_xenlab_op;
    v->op_known = true;
}

/* ", waiting at the checkpoint", ", blocked" or "": why it stays in ring 0. */
static const char *waits(const struct vcpu_ring *c, bool brief)
{
    if (c->at_checkpoint)
        return brief ? ", waiting" : ", waiting at the checkpoint";
    return c->blocked ? ", blocked" : "";
}

static const struct panel_sub rings_subs[] = {
    { TRC_XL_RING_TRANSITION, on_transition },
    { TRC_PV_HYPERCALL, on_hypercall },
    { TRC_SCHED_RUNSTATE_CHANGE, on_runstate },
    { TRC_XL_LESSON_CHECKPOINT, on_checkpoint },
    { TRC_HVM_VMEXIT, on_vmexit },
    { 0, NULL },
};

static const char *exit_name(uint32_t code, char *buf, size_t size)
{
    const char *name = svm_exit_name(code);

    if (name)
        return name;
    snprintf(buf, size, "0x%x", code);
    return buf;
}

/* What a vCPU in ring 0 is there for: a hypercall by name ("xenlab_op"),
 * a trap by vector ("#PF"), or the cause of its move ("interrupt"). */
static const char *held_by(const struct vcpu_ring *c, char *buf, size_t size)
{
    if (c->cause == RING_HYPERCALL && c->op_known)
        event_field_value(event_format(TRC_PV_HYPERCALL), 0, c->op, buf, size);
    else if (c->cause == RING_TRAP)
        event_field_value(event_format(TRC_PV_TRAP), 0, c->vector, buf, size);
    else
        snprintf(buf, size, "%s", cause_name(c->cause));
    return buf;
}

static bool in_hv(const struct vcpu_ring *c)
{
    return c->ring == 0 && c->guest_ring != 0;
}

/* The newest hardware-assisted vCPU to exit, for the summary line. */
static const struct vcpu_ring *last_exited(const struct rings *r)
{
    const struct vcpu_ring *last = NULL;

    for (unsigned int i = 0; i < r->nr; i++)
        if (r->v[i].hvm && (!last || r->v[i].t_ns >= last->t_ns))
            last = &r->v[i];
    return last;
}

static const char *vcpu_label(const struct model *m, uint16_t dom,
                              uint8_t vcpu, char *buf, size_t size)
{
    char d[8];

    if (dom < MODEL_MAX_DOMS && m->doms[dom].name[0])
        snprintf(buf, size, "%sv%u %s", panel_dom(dom, d, sizeof(d)), vcpu,
                 m->doms[dom].name);
    else
        snprintf(buf, size, "%sv%u", panel_dom(dom, d, sizeof(d)), vcpu);
    return buf;
}

static void rings_summary(const void *st, const struct model *m,
                          const struct view *v)
{
    const struct rings *r = st;
    const struct ring_move *h;
    char label[32], n[16], x[16];
    int col = 0;

    if (!r->moves && !r->exits) {
        view_text(v, 0, 0, AT_DIM, "no ring transitions yet");
        return;
    }
    for (unsigned int i = 0; i < r->nr && col < v->w; i++) {
        char d[8];

        col = view_printf(v, 0, col, AT_DOM0 + r->v[i].dom % 8, "%sv%u",
                          panel_dom(r->v[i].dom, d, sizeof(d)), r->v[i].vcpu);
        if (r->v[i].hvm) {
            col = view_text(v, 0, col, AT_SELECT, ":svm") + 1;
            continue;
        }
        col = view_printf(v, 0, col, AT_SELECT, ":r%u", r->v[i].guest_ring);
        if (in_hv(&r->v[i])) {
            char why[24];

            col = view_printf(v, 0, col, AT_NORMAL, "[in %s%s]",
                              held_by(&r->v[i], why, sizeof(why)), waits(&r->v[i], true));
        }
        col++;
    }
    if (r->last_was_exit || !r->moves) {
        const struct vcpu_ring *e = last_exited(r);

        if (e)
            view_printf(v, 0, col + 1, AT_NORMAL, "last: %s exit %s",
                        vcpu_label(m, e->dom, e->vcpu, label, sizeof(label)),
                        exit_name(e->last_exit, x, sizeof(x)));
        view_printf(v, 1, 0, AT_DIM, "%s VM exits, %s ring moves",
                    fmt_count(r->exits, n, sizeof(n)), fmt_count(r->moves, x, sizeof(x)));
        return;
    }
    h = &r->hist[(r->moves - 1) % RINGS_HIST];
    col = view_printf(v, 0, col + 1, AT_NORMAL, "last: %s %u",
                      vcpu_label(m, h->dom, h->vcpu, label, sizeof(label)), h->from);
    view_glyphs(v, 0, col, 1, AT_NORMAL, GL_ARROW);
    view_printf(v, 0, col + 1, AT_NORMAL, "%u %s", h->to, cause_name(h->cause));
    col = view_printf(v, 1, 0, AT_DIM, "%s moves:", fmt_count(r->moves, n, sizeof(n)));
    for (unsigned int c = 1; c <= RING_START; c++)
        if (r->by_cause[c])
            col = view_printf(v, 1, col + 1, AT_DIM, "%s %s", cause_name(c),
                              fmt_count(r->by_cause[c], n, sizeof(n)));
}

/* Text at (row, col): the whole sentence if it fits, else the brief one,
 * else the sentence on the next row, indented: never a cut one. Returns
 * the rows used. */
static int place(const struct view *v, int row, int col, const char *full,
                 const char *brief)
{
    int room = v->w - col, below = v->w - 4;

    if ((int)strlen(full) <= room || (int)strlen(brief) <= room) {
        view_text(v, row, col, AT_NORMAL, (int)strlen(full) <= room ? full : brief);
        return 1;
    }
    if (row + 1 >= v->h) {
        view_text(v, row, col, AT_NORMAL, brief);
        return 1;
    }
    view_text(v, row + 1, 4, AT_NORMAL, (int)strlen(full) <= below ? full : brief);
    return 2;
}

/* One vCPU's dots from column x: its own ring, a marker in ring 0 while
 * the hypervisor holds it; then, in words, what it is doing now. */
static int rings_row(const struct view *v, int row, int x, const struct vcpu_ring *c)
{
    static const uint8_t rings[] = { 0, 1, 3 };
    char why[24], full[128], brief[72];

    for (int k = 0; k < 3; k++) {
        bool own = c->guest_ring == rings[k], held = k == 0 && in_hv(c);

        view_glyphs(v, row, x + 7 * k, 1, own ? AT_SELECT : held ? AT_WARN : AT_DIM,
                    own ? GL_BULLET : held ? GL_TARGET : GL_DOT);
    }
    if (in_hv(c)) {
        const char *kind = c->cause == RING_HYPERCALL ? "hypercall" :
                           c->cause == RING_TRAP ? "trap" : "for";

        held_by(c, why, sizeof(why));
        snprintf(full, sizeof(full), "in the hypervisor: %s %s (from ring %u)%s",
                 kind, why, c->guest_ring, waits(c, false));
        snprintf(brief, sizeof(brief), "in hv: %s %s%s", kind, why, waits(c, true));
    } else {
        snprintf(full, sizeof(full), "running its own code (last move: %s from ring %u)",
                 cause_name(c->cause), c->from);
        snprintf(brief, sizeof(brief), "running (%s from %u)", cause_name(c->cause), c->from);
    }
    return place(v, row, x + 19, full, brief);
}

static void rings_full(const void *st, const struct model *m,
                       const struct view *v, const struct panel_ui *ui)
{
    const struct rings *r = st;
    char info[96], n[16];
    int row = 1, name_w = v->w >= 70 ? 18 : 12;

    snprintf(info, sizeof(info), v->w >= 80 ? "%s transitions  (0 = hypervisor, 1 = guest kernel, 3 = guest user)"
                                            : "%s moves (0 hv, 1 kernel, 3 user)",
             fmt_count(r->moves, n, sizeof(n)));
    view_title(v, 0, ui && ui->focused, "Rings", info);
    if (!r->moves && !r->exits) {
        view_text(v, 1, 1, AT_DIM, "no ring transitions yet");
        return;
    }
    view_printf(v, row++, 1, AT_BOLD, "%-*s ring0  ring1  ring3  %s", name_w, "vCPU",
                v->w >= name_w + 75 ? "now (the bullet: the ring the guest's code runs in)"
                                    : "now");
    for (unsigned int i = 0; i < r->nr && row < v->h; i++, row++) {
        const struct vcpu_ring *c = &r->v[i];
        char label[32];

        view_printf(v, row, 1, AT_DOM0 + c->dom % 8, "%-*.*s", name_w, name_w,
                    vcpu_label(m, c->dom, c->vcpu, label, sizeof(label)));
        if (c->hvm) {
            char x[16];

            view_printf(v, row, 1 + name_w + 1, AT_SELECT,
                        "guest mode (SVM)  %s VM exits, last: %s",
                        fmt_count(c->exits, n, sizeof(n)),
                        exit_name(c->last_exit, x, sizeof(x)));
            continue;
        }
        row += rings_row(v, row, 1 + name_w + 3, c) - 1;
    }
    if (r->untracked && row < v->h)
        view_printf(v, row++, 1, AT_WARN, "(%llu moves of further vCPUs not shown)",
                    (unsigned long long)r->untracked);
    if (row + 1 >= v->h)
        return;
    {
        int col = view_text(v, ++row, 1, AT_BOLD, "by cause:");
        char item[40];

        for (unsigned int c = 1; c <= RING_START; c++)
            if (r->by_cause[c]) {
                snprintf(item, sizeof(item), "%s %s", cause_name(c),
                         fmt_count(r->by_cause[c], n, sizeof(n)));
                col = view_flow(v, &row, col, 3, AT_NORMAL, item);
            }
        row++;
    }
    for (uint64_t i = 0; row < v->h && i < RINGS_HIST && i < r->moves; i++, row++) {
        const struct ring_move *h = &r->hist[(r->moves - 1 - i) % RINGS_HIST];
        char label[32];
        int col;

        col = view_printf(v, row, 1, AT_DIM, "%10.6f ", (h->t_ns - m->first_ns) / 1e9);
        col = view_printf(v, row, col, AT_DOM0 + h->dom % 8, "%-*.*s ", name_w, name_w,
                          vcpu_label(m, h->dom, h->vcpu, label, sizeof(label)));
        col = view_printf(v, row, col, AT_NORMAL, "%u", h->from);
        view_glyphs(v, row, col, 1, AT_NORMAL, GL_ARROW);
        view_printf(v, row, col + 1, AT_NORMAL, "%u %-9s vec 0x%-3x eip 0x%08x",
                    h->to, cause_name(h->cause), h->vector, h->eip);
    }
}

const struct panel panel_rings = {
    .name = "Rings",
    .help = "each vCPU's ring: 0 hypervisor, 1 guest kernel, 3 guest user",
    .state_size = sizeof(struct rings),
    .subs = rings_subs,
    .summary = rings_summary,
    .full = rings_full,
};
