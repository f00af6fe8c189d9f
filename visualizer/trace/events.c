/*
 * events.c - the table of trace events: names and field formats.
 *
 * Add a row when the hypervisor learns a new event; every reader picks it
 * up. Rows follow the ABI comments in hv/include/public/trace.h. An event
 * missing from this table still prints, as its id and raw words.
 */
#include <stdio.h>
#include <public/xen.h>
#include "events.h"

#define ENUM(tbl) F_ENUM, tbl, sizeof(tbl) / sizeof(tbl[0])

static const char *const boot_phase_names[] = {
    [BOOT_PHASE_ENTRY] = "entry",
    [BOOT_PHASE_CONSOLE] = "console",
    [BOOT_PHASE_CPU_TABLES] = "cpu-tables",
    [BOOT_PHASE_MULTIBOOT] = "multiboot",
    [BOOT_PHASE_MEMORY] = "memory",
    [BOOT_PHASE_PAGING] = "paging",
    [BOOT_PHASE_TIME] = "time",
    [BOOT_PHASE_DONE] = "done",
};

static const char *const exit_code_names[] = {
    "success", "domain-failed", "panic",
};

static const char *const vector_names[] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#CSO",
    "#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
    "#VE", "#CP",
};

static const char *const hypercall_names[] = {
    "set_trap_table", "mmu_update", "set_gdt", "stack_switch",
    "set_callbacks", "fpu_taskswitch", "sched_op_compat", "platform_op",
    "set_debugreg", "get_debugreg", "update_descriptor", "11",
    "memory_op", "multicall", "update_va_mapping", "set_timer_op",
    "event_channel_op_compat", "xen_version", "console_io",
    "physdev_op_compat", "grant_table_op", "vm_assist",
    "update_va_mapping_otherdomain", "iret", "vcpu_op", "set_segment_base",
    "mmuext_op", "xsm_op", "nmi_op", "sched_op", "callback_op",
    "xenoprof_op", "event_channel_op", "physdev_op", "hvm_op", "sysctl",
    "domctl", "kexec_op", "tmem_op", "argo_op", "xenpmu_op", "dm_op",
    "hypfs_op", "43", "44", "45", "46", "47", "arch_0", "arch_1", "arch_2",
    "arch_3", "arch_4", "arch_5", "arch_6", "arch_7", "56", "57", "58",
    "59", "xenlab_op",
};

static const char *const outcome_names[] = {
    [TRAP_BOUNCED] = "bounced", [TRAP_EMULATED] = "emulated",
    [TRAP_FIXED] = "fixed", [TRAP_KILLED] = "killed",
    [TRAP_IGNORED] = "ignored",
};

static const char *const privop_names[] = {
    [PRIVOP_UNKNOWN] = "unknown", [PRIVOP_CLI] = "cli", [PRIVOP_STI] = "sti",
    [PRIVOP_HLT] = "hlt", [PRIVOP_IN] = "in", [PRIVOP_OUT] = "out",
    [PRIVOP_MOV_TO_CR3] = "mov-to-cr3", [PRIVOP_MOV_FROM_CR3] = "mov-from-cr3",
    [PRIVOP_MOV_CR_OTHER] = "mov-cr", [PRIVOP_LGDT] = "lgdt",
    [PRIVOP_LIDT] = "lidt", [PRIVOP_INVLPG] = "invlpg",
    [PRIVOP_WRMSR] = "wrmsr", [PRIVOP_RDMSR] = "rdmsr",
    [PRIVOP_CLTS] = "clts", [PRIVOP_WBINVD] = "wbinvd",
};

static const char *const mm_reason_names[] = {
    [MM_OK] = "ok", [MM_NOT_OWNER] = "not-owner",
    [MM_WRITABLE_PAGETABLE] = "writable-pagetable",
    [MM_HYPERVISOR_SLOT] = "hypervisor-slot", [MM_BAD_TYPE] = "bad-type",
    [MM_BAD_FLAGS] = "bad-flags", [MM_BAD_FRAME] = "bad-frame",
    [MM_NOT_PAGETABLE] = "not-pagetable", [MM_BAD_COMMAND] = "bad-command",
    [MM_BAD_ADDRESS] = "bad-address", [MM_IN_USE] = "in-use",
};

static const char *const mmuext_names[] = {
    "pin_l1", "pin_l2", "pin_l3", "pin_l4", "unpin", "new_baseptr",
    "tlb_flush_local", "invlpg_local", "tlb_flush_multi", "invlpg_multi",
    "tlb_flush_all", "invlpg_all", "flush_cache", "set_ldt", "14",
    "new_user_baseptr",
};

static const char *const runstate_names[] = {
    "running", "runnable", "blocked", "offline",
};

static const char *const shutdown_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

static const char *const ring_cause_names[] = {
    [RING_HYPERCALL] = "hypercall", [RING_TRAP] = "trap",
    [RING_INTERRUPT] = "interrupt", [RING_IRET] = "iret",
    [RING_BOUNCE] = "bounce", [RING_UPCALL] = "upcall",
    [RING_START] = "start",
};

static const char *const tlb_reason_names[] = {
    [TLB_DOMAIN_SWITCH] = "domain-switch", [TLB_NEW_BASEPTR] = "new-baseptr",
    [TLB_INVLPG] = "invlpg", [TLB_MMUEXT_FLUSH] = "mmuext-flush",
    [TLB_UPDATE_VA] = "update-va", [TLB_HV_OWN_SPACE] = "hv-own-space",
    [TLB_MMU_UPDATE] = "mmu-update", [TLB_GRANT] = "grant",
    [TLB_STALE] = "stale",
};

static const char *const tlb_scope_names[] = {
    [TLB_SCOPE_PAGE] = "page", [TLB_SCOPE_LOCAL] = "local",
    [TLB_SCOPE_ALL] = "all",
};

static const char *const balloon_dir_names[] = { "inflate", "deflate" };

static const char *const evtchn_kind_names[] = {
    "closed", "unbound", "interdomain", "pirq", "virq", "ipi",
};

static const char *const ioring_op_names[] = {
    [IORING_REQ_PRODUCE] = "req-produce", [IORING_REQ_CONSUME] = "req-consume",
    [IORING_RSP_PRODUCE] = "rsp-produce", [IORING_RSP_CONSUME] = "rsp-consume",
    [IORING_NOTIFY] = "notify",
};

static const char *const ioring_kind_names[] = {
    [IORING_CONSOLE] = "console", [IORING_BLOCK] = "block",
    [IORING_NET_TX] = "net-tx", [IORING_NET_RX] = "net-rx",
    [IORING_STORE] = "store",
};

static const char *const ioring_problem_names[] = {
    [IORING_BAD_OP] = "bad-op", [IORING_BAD_SEGMENTS] = "bad-segments",
    [IORING_BAD_SECTOR] = "bad-sector", [IORING_BAD_GRANT] = "bad-grant",
    [IORING_BAD_SIZE] = "bad-size", [IORING_OVERFLOW] = "overflow",
    [IORING_BAD_MESSAGE] = "bad-message",
};

/* Xen's xsd_sockmsg_type values (public/io/xs_wire.h). */
static const char *const xenstore_op_names[] = {
    "control", "directory", "read", "get_perms", "watch", "unwatch",
    "transaction_start", "transaction_end", "introduce", "release",
    "get_domain_path", "write", "mkdir", "rm", "set_perms", "watch_event",
    "error", "is_domain_introduced", "resume", "set_target", "restrict",
    "reset_watches", "directory_part",
};

static const char *const debug_stop_names[] = {
    [1] = "breakpoint", [2] = "step", [3] = "interrupt", [4] = "watchpoint",
};

static const char *const debug_resume_names[] = {
    [1] = "continue", [2] = "step",
};

static const char *const debug_refusal_names[] = {
    [DEBUG_BAD_CHECKSUM] = "bad-checksum", [DEBUG_MALFORMED] = "malformed",
    [DEBUG_TOO_LONG] = "too-long", [DEBUG_NO_THREAD] = "no-thread",
    [DEBUG_BAD_ADDRESS] = "bad-address", [DEBUG_HV_SLICE] = "hypervisor-slice",
    [DEBUG_READ_ONLY] = "read-only", [DEBUG_NO_ROOM] = "no-room",
};

static const char *const checkpoint_names[] = { "waiting", "released", "auto" };

static const char *const build_problem_names[] = {
    [BUILD_NOT_ELF] = "not-elf", [BUILD_NOT_I386] = "not-i386",
    [BUILD_BAD_HEADERS] = "bad-headers", [BUILD_NO_NOTES] = "no-xen-notes",
    [BUILD_NOT_PAE] = "not-pae", [BUILD_BAD_ADDRESSES] = "bad-addresses",
    [BUILD_TOO_BIG] = "too-big", [BUILD_NO_MEMORY] = "no-memory",
    [BUILD_BAD_NOTE] = "bad-note", [BUILD_BAD_DEVICES] = "bad-devices",
    [BUILD_NO_SVM] = "no-svm",
};

const struct event_format event_formats[] = {
    { TRC_LOST_RECORDS, "gen.lost", G_META,
      { { "count", F_DEC } } },
    { TRC_XL_STREAM, "hv.stream", G_META,
      { { "magic", F_HEX }, { "version", F_DEC }, { "tsc_khz", F_DEC },
        { "cpus", F_DEC }, { "mask", F_HEX } } },
    { TRC_XL_BOOT_PHASE, "hv.boot", G_BOOT,
      { { "phase", ENUM(boot_phase_names) }, { "a", F_DEC },
        { "b", F_DEC } } },
    { TRC_XL_EXCEPTION, "hv.exception", G_FAULT,
      { { "vector", ENUM(vector_names) }, { "error", F_HEX },
        { "eip", F_HEX }, { "cs", F_HEX }, { "cr2", F_HEX },
        { "eflags", F_HEX } } },
    { TRC_XL_SHUTDOWN, "hv.shutdown", G_BOOT,
      { { "code", ENUM(exit_code_names) } } },
    { TRC_XL_CONTROL, "hv.control", G_META,
      { { "ok", F_DEC }, { "text", F_STR } } },

    { TRC_SCHED_RUNSTATE_CHANGE, "sched.runstate", G_SCHED,
      { { "dom", F_DEC }, { "vcpu", F_DEC }, { "from", ENUM(runstate_names) },
        { "to", ENUM(runstate_names) } } },
    { TRC_SCHED_SWITCH, "sched.switch", G_SCHED,
      { { "prev", F_DEC }, { "prev_vcpu", F_DEC }, { "next", F_DEC },
        { "next_vcpu", F_DEC } } },
    { TRC_SCHED_YIELD, "sched.yield", G_SCHED,
      { { "dom", F_DEC }, { "vcpu", F_DEC } } },
    { TRC_SCHED_SHUTDOWN, "sched.shutdown", G_SCHED,
      { { "dom", F_DEC }, { "vcpu", F_DEC },
        { "reason", ENUM(shutdown_names) } } },

    { TRC_PV_HYPERCALL, "pv.hypercall", G_HYPERCALL,
      { { "op", ENUM(hypercall_names) }, { "result", F_SDEC },
        { "ebx", F_HEX }, { "ecx", F_HEX }, { "edx", F_HEX },
        { "esi", F_HEX }, { "edi", F_HEX } } },
    { TRC_PV_HYPERCALL_PREEMPTED, "pv.hypercall_preempted", G_HYPERCALL,
      { { "op", ENUM(hypercall_names) }, { "ebx", F_HEX }, { "ecx", F_HEX },
        { "edx", F_HEX }, { "esi", F_HEX }, { "edi", F_HEX } } },
    { TRC_PV_TRAP, "pv.trap", G_FAULT,
      { { "vector", ENUM(vector_names) }, { "error", F_HEX },
        { "eip", F_HEX }, { "from", F_DEC },
        { "outcome", ENUM(outcome_names) }, { "handler", F_HEX } } },
    { TRC_PV_PAGE_FAULT, "pv.page_fault", G_FAULT,
      { { "addr", F_HEX }, { "error", F_HEX }, { "eip", F_HEX },
        { "from", F_DEC }, { "outcome", ENUM(outcome_names) } } },
    { TRC_PV_EMULATE_PRIVOP, "pv.privop", G_FAULT,
      { { "eip", F_HEX }, { "bytes", F_HEX }, { "insn", ENUM(privop_names) },
        { "outcome", ENUM(outcome_names) }, { "operand", F_HEX } } },

    { TRC_MEM_MMU_UPDATE, "mem.mmu_update", G_MEM,
      { { "ptr", F_HEX }, { "ptr_hi", F_HEX }, { "val", F_HEX },
        { "val_hi", F_HEX }, { "result", F_SDEC },
        { "reason", ENUM(mm_reason_names) } } },
    { TRC_MEM_MMUEXT_OP, "mem.mmuext_op", G_MEM,
      { { "cmd", ENUM(mmuext_names) }, { "arg1", F_HEX }, { "arg2", F_HEX },
        { "result", F_SDEC }, { "reason", ENUM(mm_reason_names) } } },
    { TRC_MEM_UPDATE_VA, "mem.update_va", G_MEM,
      { { "va", F_HEX }, { "val", F_HEX }, { "val_hi", F_HEX },
        { "flags", F_HEX }, { "result", F_SDEC },
        { "reason", ENUM(mm_reason_names) } } },

    { TRC_HVM_VMEXIT, "hvm.vmexit", G_HVM,
      { { "exit", F_SVM_EXIT }, { "rip", F_HEX }, { "info1", F_HEX },
        { "info2", F_HEX }, { "len", F_DEC } } },
    { TRC_HVM_NPF, "hvm.npf", G_HVM,
      { { "gpa", F_HEX }, { "gpa_hi", F_HEX }, { "error", F_HEX },
        { "outcome", ENUM(outcome_names) } } },

    { TRC_XL_RING_TRANSITION, "ring.transition", G_RING,
      { { "from", F_DEC }, { "to", F_DEC }, { "cause", ENUM(ring_cause_names) },
        { "vector", F_HEX }, { "eip", F_HEX } } },
    { TRC_XL_TLB_FLUSH, "tlb.flush", G_MEM,
      { { "reason", ENUM(tlb_reason_names) }, { "scope", ENUM(tlb_scope_names) },
        { "va", F_HEX }, { "dom", F_DEC } } },
    { TRC_XL_BALLOON_STEP, "balloon.step", G_MEM,
      { { "dom", F_DEC }, { "dir", ENUM(balloon_dir_names) },
        { "pages", F_DEC }, { "total", F_DEC }, { "free", F_DEC },
        { "target", F_DEC }, { "max", F_DEC } } },
    { TRC_XL_EVTCHN_SEND, "evtchn.send", G_IO,
      { { "from", F_DEC }, { "port", F_DEC }, { "to", F_DEC },
        { "to_port", F_DEC }, { "newly_pending", F_DEC } } },
    { TRC_XL_EVTCHN_UPCALL, "evtchn.upcall", G_IO,
      { { "dom", F_DEC }, { "vcpu", F_DEC }, { "sel", F_HEX },
        { "callback", F_HEX }, { "port", F_DEC }, { "from", F_DEC },
        { "pending", F_DEC } } },
    { TRC_XL_EVTCHN_BIND, "evtchn.bind", G_IO,
      { { "dom", F_DEC }, { "port", F_DEC }, { "kind", ENUM(evtchn_kind_names) },
        { "remote", F_DEC }, { "remote_port", F_DEC } } },
    { TRC_XL_EVTCHN_CLOSE, "evtchn.close", G_IO,
      { { "dom", F_DEC }, { "port", F_DEC } } },
    { TRC_XL_IORING_OP, "ioring.op", G_IO,
      { { "ring", F_HEX }, { "req_prod", F_DEC }, { "req_cons", F_DEC },
        { "rsp_prod", F_DEC }, { "rsp_cons", F_DEC },
        { "op", ENUM(ioring_op_names) }, { "size", F_DEC } } },
    { TRC_XL_IORING_SETUP, "ioring.setup", G_IO,
      { { "ring", F_HEX }, { "front", F_DEC }, { "back", F_DEC },
        { "size", F_DEC }, { "kind", ENUM(ioring_kind_names) } } },
    { TRC_XL_XENSTORE_OP, "xenstore.op", G_IO,
      { { "dom", F_DEC }, { "type", ENUM(xenstore_op_names) },
        { "result", F_SDEC }, { "path", F_STR } } },
    { TRC_XL_IORING_BAD, "ioring.bad", G_IO,
      { { "ring", F_HEX }, { "problem", ENUM(ioring_problem_names) },
        { "slot", F_DEC }, { "value", F_HEX } } },
    { TRC_XL_GRANT_MAP, "grant.map", G_IO,
      { { "granter", F_DEC }, { "ref", F_DEC }, { "by", F_DEC },
        { "flags", F_HEX }, { "result", F_SDEC }, { "frame", F_HEX } } },
    { TRC_XL_GRANT_UNMAP, "grant.unmap", G_IO,
      { { "granter", F_DEC }, { "ref", F_DEC }, { "by", F_DEC },
        { "flags", F_HEX }, { "result", F_SDEC }, { "frame", F_HEX } } },
    { TRC_XL_GRANT_COPY, "grant.copy", G_IO,
      { { "src", F_DEC }, { "dst", F_DEC }, { "bytes", F_DEC },
        { "result", F_SDEC }, { "src_ref", F_DEC }, { "dst_ref", F_DEC },
        { "flags", F_HEX } } },
    { TRC_XL_DEBUG_STOP, "debug.stop", G_DEBUG,
      { { "dom", F_DEC }, { "vcpu", F_DEC }, { "reason", ENUM(debug_stop_names) },
        { "eip", F_HEX } } },
    { TRC_XL_DEBUG_RESUME, "debug.resume", G_DEBUG,
      { { "dom", F_DEC }, { "vcpu", F_DEC }, { "mode", ENUM(debug_resume_names) },
        { "eip", F_HEX } } },
    { TRC_XL_DEBUG_REFUSED, "debug.refused", G_DEBUG,
      { { "why", ENUM(debug_refusal_names) }, { "packet", F_STR } } },
    { TRC_XL_LESSON_CHECKPOINT, "lesson.checkpoint", G_LESSON,
      { { "lesson", F_DEC }, { "step", F_DEC },
        { "state", ENUM(checkpoint_names) } } },
    { TRC_XL_LESSON_MARK, "lesson.mark", G_LESSON,
      { { "lesson", F_DEC }, { "what", F_DEC }, { "v0", F_DEC },
        { "v1", F_DEC }, { "v2", F_DEC }, { "v3", F_DEC }, { "v4", F_DEC } } },
    { TRC_XL_DOMAIN_CREATE, "domain.create", G_SCHED,
      { { "dom", F_DEC }, { "pages", F_DEC }, { "max", F_DEC },
        { "flags", F_HEX }, { "name", F_STR } } },
    { TRC_XL_DOMAIN_DESTROY, "domain.destroy", G_SCHED,
      { { "dom", F_DEC }, { "reason", ENUM(shutdown_names) },
        { "free", F_DEC } } },
    { TRC_XL_DOMAIN_BUILD_FAILED, "domain.build_failed", G_FAULT,
      { { "module", F_DEC }, { "errno", F_SDEC },
        { "problem", ENUM(build_problem_names) } } },
};

const size_t nr_event_formats = sizeof(event_formats) / sizeof(event_formats[0]);

/*
 * id -> row, by open addressing: a multiplicative hash picks a slot, and
 * a collision moves on to the next one. Built on first use; the table is
 * a few times larger than the catalogue, so a probe rarely goes past one.
 */
#define LOOKUP_BITS 8
#define LOOKUP_SIZE (1u << LOOKUP_BITS)

static int16_t lookup[LOOKUP_SIZE];     /* row + 1; 0 = empty */
static int lookup_ready;

static unsigned int lookup_slot(uint32_t id)
{
    return (id * 0x9e3779b1u) >> (32 - LOOKUP_BITS);
}

static void lookup_build(void)
{
    _Static_assert(sizeof(event_formats) / sizeof(event_formats[0]) <
                   LOOKUP_SIZE / 2, "grow LOOKUP_BITS");
    for (size_t i = 0; i < nr_event_formats; i++) {
        unsigned int s = lookup_slot(event_formats[i].id);

        while (lookup[s])
            s = (s + 1) & (LOOKUP_SIZE - 1);
        lookup[s] = (int16_t)(i + 1);
    }
    lookup_ready = 1;
}

int event_index(uint32_t id)
{
    unsigned int s;

    if (!lookup_ready)
        lookup_build();
    for (s = lookup_slot(id); lookup[s]; s = (s + 1) & (LOOKUP_SIZE - 1))
        if (event_formats[lookup[s] - 1].id == id)
            return lookup[s] - 1;
    return -1;
}

const struct event_format *event_format(uint32_t id)
{
    int i = event_index(id);

    return i < 0 ? NULL : &event_formats[i];
}

/* AMD's exit codes (APM vol. 2, appendix C) that a teaching guest meets. */
static const struct {
    uint32_t code;
    const char *name;
} svm_exits[] = {
    { 0x000, "cr0-read" }, { 0x010, "cr0-write" }, { 0x013, "cr3-write" },
    { 0x040, "exc-#DE" }, { 0x041, "exc-#DB" }, { 0x043, "exc-#BP" },
    { 0x046, "exc-#UD" }, { 0x04d, "exc-#GP" }, { 0x04e, "exc-#PF" },
    { 0x060, "intr" }, { 0x061, "nmi" }, { 0x062, "smi" }, { 0x063, "init" },
    { 0x064, "vintr" }, { 0x072, "cpuid" }, { 0x075, "swint" }, { 0x076, "invd" },
    { 0x077, "pause" }, { 0x078, "hlt" }, { 0x079, "invlpg" }, { 0x07a, "invlpga" },
    { 0x07b, "ioio" }, { 0x07c, "msr" }, { 0x07d, "task-switch" },
    { 0x07f, "shutdown" }, { 0x080, "vmrun" }, { 0x081, "vmmcall" },
    { 0x082, "vmload" }, { 0x083, "vmsave" }, { 0x084, "stgi" }, { 0x085, "clgi" },
    { 0x086, "skinit" }, { 0x089, "wbinvd" }, { 0x08a, "monitor" },
    { 0x08b, "mwait" }, { 0x08c, "mwait-armed" }, { 0x08d, "xsetbv" },
    { 0x400, "npf" }, { 0xffffffff, "invalid" },
};

const char *svm_exit_name(uint32_t code)
{
    for (size_t i = 0; i < sizeof(svm_exits) / sizeof(svm_exits[0]); i++)
        if (svm_exits[i].code == code)
            return svm_exits[i].name;
    return NULL;
}

bool event_hypercall_failed(const struct trace_rec *rec)
{
    return TRACE_REC_ID(rec->event) == TRC_PV_HYPERCALL &&
           rec->data[0] != __HYPERVISOR_iret && (int32_t)rec->data[1] < 0 &&
           (int32_t)rec->data[1] >= -4095;
}

static const struct {
    uint32_t cls;
    const char *name;
} class_names[] = {
    { TRC_GEN, "gen" },
    { TRC_SCHED, "sched" },
    { TRC_HVM, "hvm" },
    { TRC_MEM, "mem" },
    { TRC_PV, "pv" },
    { TRC_XENLAB, "xenlab" },
};

const char *event_class_name(uint32_t id)
{
    for (size_t i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++)
        if (TRC_CLS(id) == TRC_CLS(class_names[i].cls))
            return class_names[i].name;
    return "unknown";
}

static int put_value(char *buf, size_t size, const struct field_format *f,
                     uint32_t v)
{
    switch (f->kind) {
    case F_ENUM:
        if (v < f->nr_names && f->names[v])
            return snprintf(buf, size, "%s", f->names[v]);
        return snprintf(buf, size, "%u", v);
    case F_HEX:
        return snprintf(buf, size, "0x%x", v);
    case F_SVM_EXIT:
        return svm_exit_name(v) ? snprintf(buf, size, "%s", svm_exit_name(v))
                                : snprintf(buf, size, "0x%x", v);
    case F_SDEC:
        return snprintf(buf, size, "%d", (int32_t)v);
    default:
        return snprintf(buf, size, "%u", v);
    }
}

int event_field_value(const struct event_format *fmt, unsigned int i,
                      uint32_t v, char *buf, size_t size)
{
    if (i >= TRACE_EXTRA_MAX || fmt->fields[i].kind == F_NONE)
        return snprintf(buf, size, "0x%x", v);
    return put_value(buf, size, &fmt->fields[i], v);
}

static int put_field(char *buf, size_t size, const struct field_format *f,
                     uint32_t v)
{
    int n = snprintf(buf, size, " %s=", f->name);

    if (n < 0 || (size_t)n >= size)
        return n;
    return n + put_value(buf + n, size - n, f, v);
}

int event_describe(const struct trace_rec *rec, char *buf, size_t size)
{
    uint32_t id = TRACE_REC_ID(rec->event);
    unsigned int n = TRACE_REC_NDATA(rec->event);
    const struct event_format *fmt = event_format(id);
    int len;

    if (fmt)
        len = snprintf(buf, size, "%s", fmt->name);
    else
        len = snprintf(buf, size, "%s.0x%07x", event_class_name(id), id);

    for (unsigned int i = 0; i < n && len >= 0 && (size_t)len < size; i++) {
        if (fmt && fmt->fields[i].kind == F_STR) {
            char text[4 * TRACE_EXTRA_MAX + 1];
            unsigned int c = 0;

            /* The rest of the words hold NUL-padded bytes; show the
             * printable ones, so a hostile name cannot forge output. */
            for (unsigned int w = i; w < n; w++)
                for (unsigned int b = 0; b < 4; b++) {
                    char ch = (char)(rec->data[w] >> (8 * b));
                    if (ch > ' ' && ch < 0x7f)
                        text[c++] = ch;
                    else if (ch)
                        text[c++] = '?';
                }
            text[c] = '\0';
            len += snprintf(buf + len, size - len, " %s=%s",
                            fmt->fields[i].name, c ? text : "-");
            break;
        }
        if (fmt && fmt->fields[i].kind != F_NONE)
            len += put_field(buf + len, size - len, &fmt->fields[i],
                             rec->data[i]);
        else
            len += snprintf(buf + len, size - len, " w%u=0x%x", i,
                            rec->data[i]);
    }
    return len;
}
