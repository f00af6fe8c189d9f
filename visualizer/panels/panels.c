/*
 * panels.c - the table of panels, in the order Tab visits them, and the
 * small formatting helpers their renderers share.
 */
#include <stdio.h>
#include <public/xen.h>
#include "panel.h"

const struct panel *const panel_table[PANEL_NR] = {
    [PANEL_EVENTS] = &panel_events,
    [PANEL_RINGS] = &panel_rings,
    [PANEL_SCHED] = &panel_sched,
    [PANEL_MEMORY] = &panel_memory,
    [PANEL_TLB] = &panel_tlb,
    [PANEL_IORING] = &panel_ioring,
    [PANEL_COUNTERS] = &panel_counters,
    [PANEL_LESSON] = &panel_lesson,
    [PANEL_CONSOLE] = &panel_console,
};

/* The hypervisor is "hv", whether a record names it as the idle domain
 * (its own records) or as DOMID_XEN (the owner of its own rings). */
const char *panel_dom(uint16_t dom, char *buf, size_t size)
{
    if (dom == DOMID_IDLE || dom == DOMID_XEN)
        snprintf(buf, size, "hv");
    else
        snprintf(buf, size, "d%u", dom);
    return buf;
}
