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
 * A hardware-assisted vCPU (lesson 12) has no rings to show: its kernel
 * runs in ring 0 of the CPU's guest mode and leaves it only by a VM exit.
 * Its row says "guest mode (SVM)" with its exits and the last one's name.
 */
#include <stdio.h>
#include <string.h>
#include "panel.h"

#define RINGS_VCPUS 32
#define RINGS_HIST  64

struct vcpu_ring {
    uint16_t dom;
    uint8_t vcpu;
    uint8_t ring;
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

static const struct panel_sub rings_subs[] = {
    { TRC_XL_RING_TRANSITION, on_transition },
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
        if (r->v[i].hvm)
            col = view_text(v, 0, col, AT_SELECT, ":svm") + 1;
        else
            col = view_printf(v, 0, col, AT_SELECT, ":r%u", r->v[i].ring) + 1;
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

static void rings_full(const void *st, const struct model *m,
                       const struct view *v, const struct panel_ui *ui)
{
    static const uint8_t rings[] = { 0, 1, 3 };
    const struct rings *r = st;
    char info[96], n[16];
    int row = 1, name_w = v->w >= 70 ? 18 : 12;

    snprintf(info, sizeof(info), "%s transitions  (0 = hypervisor, 1 = guest kernel, 3 = guest user)",
             fmt_count(r->moves, n, sizeof(n)));
    view_title(v, 0, ui && ui->focused, "Rings", info);
    if (!r->moves && !r->exits) {
        view_text(v, 1, 1, AT_DIM, "no ring transitions yet");
        return;
    }
    view_printf(v, row++, 1, AT_BOLD, "%-*s ring0  ring1  ring3  last move", name_w, "vCPU");
    for (unsigned int i = 0; i < r->nr && row < v->h; i++, row++) {
        const struct vcpu_ring *c = &r->v[i];
        char label[32];
        int col;

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
        for (int k = 0; k < 3; k++)
            view_glyphs(v, row, 1 + name_w + 3 + 7 * k, 1,
                        c->ring == rings[k] ? AT_SELECT : AT_DIM,
                        c->ring == rings[k] ? GL_BULLET : GL_DOT);
        col = view_printf(v, row, 1 + name_w + 22, AT_NORMAL, "%u", c->from);
        view_glyphs(v, row, col, 1, AT_NORMAL, GL_ARROW);
        view_printf(v, row, col + 1, AT_NORMAL, "%u %s vec 0x%x", c->ring,
                    cause_name(c->cause), c->vector);
    }
    if (r->untracked && row < v->h)
        view_printf(v, row++, 1, AT_WARN, "(%llu moves of further vCPUs not shown)",
                    (unsigned long long)r->untracked);
    if (row + 1 >= v->h)
        return;
    {
        int col = view_text(v, ++row, 1, AT_BOLD, "by cause:");

        for (unsigned int c = 1; c <= RING_START; c++)
            if (r->by_cause[c])
                col = view_printf(v, row, col + 1, AT_NORMAL, "%s %s",
                                  cause_name(c),
                                  fmt_count(r->by_cause[c], n, sizeof(n)));
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
    .help = "each vCPU's privilege ring now (0 hv, 1 kernel, 3 user) and its last moves",
    .state_size = sizeof(struct rings),
    .subs = rings_subs,
    .summary = rings_summary,
    .full = rings_full,
};
