; entry.asm - every interrupt and exception comes in here, and leaves here.
;
; Each of the 256 vectors has a generated stub that makes the stack look
; the same (an error-code slot holding error_code | vector << 16), then
; jumps to common_entry, which completes a struct cpu_user_regs (Xen's
; layout, public/arch-x86_32.h) and calls trap_entry(regs) in traps.c:
;
;   higher  | gs fs ds es   |  only meaningful when entered from a guest
;           | ss esp        |  pushed by the CPU on a ring change only
;           | eflags cs eip |  pushed by the CPU
;           | vector|error  |  stub (or CPU error code + stub)
;   esp ->  | eax ebp edi esi edx ecx ebx |  common_entry
;
; Leaving is the reverse, through return_to_frame, which also starts a
; vCPU from a prepared frame. Reloading a guest's selectors or its iret
; frame can fault if the guest left them invalid; those instructions are
; in the exception table and land in bad_frame, which crashes that domain
; and carries on with the next vCPU.
;
; "From a guest" means RPL 1-3 in the saved cs, or EFLAGS.VM: in
; virtual-8086 mode cs is a plain number (0x0100 has RPL 0). No guest can
; enter that mode (pv_guest_eflags in x86.h), and a frame that would
; return to it is refused all the same (bad_frame).

%define HV_DS           0xe010
%define HYPERCALL_VECTOR 0x82
%define X86_EFLAGS_VM   (1 << 17)

%define UREGS_cs        36
%define UREGS_eflags    40
%define UREGS_es        52
%define UREGS_ds        56
%define UREGS_fs        60
%define UREGS_gs        64
%define UREGS_size      68

section .text

; One stub per vector. For 8, 10-14, 17, 21, 29 and 30 the CPU pushed an
; error code; we put the vector in its upper half. Otherwise we push both.
%assign v 0
%rep 256
vector_ %+ v:
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
    mov     word [esp + 2], v
%else
    push    dword v << 16
%endif
    jmp     common_entry
%assign v v + 1
%endrep

; Save the general registers in cpu_user_regs order (ebx lowest).
%macro SAVE_GPRS 0
    cld
    push    eax
    push    ebp
    push    edi
    push    esi
    push    edx
    push    ecx
    push    ebx
%endmacro

; A guest's selectors: keep them in the frame, then use our own flat ones
; (a guest's segments end below the hypervisor; ours do not).
%macro SAVE_GUEST_SEGMENTS 0
    mov     [esp + UREGS_es], es
    mov     [esp + UREGS_ds], ds
    mov     [esp + UREGS_fs], fs
    mov     [esp + UREGS_gs], gs
    mov     eax, HV_DS
    mov     ds, eax
    mov     es, eax
%endmacro

; Jump to %1 if the frame is the hypervisor's own (RPL 0, not V86).
%macro JMP_IF_HV_FRAME 1
    test    byte [esp + UREGS_cs], 3
    jnz     %%guest
    test    dword [esp + UREGS_eflags], X86_EFLAGS_VM
    jz      %1
%%guest:
%endmacro

extern trap_entry
common_entry:
    SAVE_GPRS
    JMP_IF_HV_FRAME .saved
    SAVE_GUEST_SEGMENTS
.saved:
    push    esp
    call    trap_entry
    add     esp, 4
    jmp     return_to_frame

; int $0x82 while GDB single-steps this vCPU (debug.c points the gate
; here only then): the same trip, and the step ends with the hypercall.
extern hypercall_trap_stepped
global hypercall_entry_stepped
hypercall_entry_stepped:
    push    dword HYPERCALL_VECTOR << 16
    SAVE_GPRS
    SAVE_GUEST_SEGMENTS
    push    esp
    call    hypercall_trap_stepped
    add     esp, 4
    jmp     return_to_frame

; int $0x82 from ring 1: the hypercall path, with no need to ask where it
; came from or which vector it is.
extern hypercall_trap
global hypercall_entry
hypercall_entry:
    push    dword HYPERCALL_VECTOR << 16
    SAVE_GPRS
    SAVE_GUEST_SEGMENTS
    push    esp
    call    hypercall_trap
    add     esp, 4

global return_to_frame
return_to_frame:
    JMP_IF_HV_FRAME .restore
    test    dword [esp + UREGS_eflags], X86_EFLAGS_VM
    jnz     bad_frame
.es: mov    es, [esp + UREGS_es]
.ds: mov    ds, [esp + UREGS_ds]
.fs: mov    fs, [esp + UREGS_fs]
.gs: mov    gs, [esp + UREGS_gs]
.restore:
    pop     ebx
    pop     ecx
    pop     edx
    pop     esi
    pop     edi
    pop     ebp
    pop     eax
    add     esp, 4                      ; error code and vector
.iret:
    iret

section .ex_table
    dd return_to_frame.es, bad_frame
    dd return_to_frame.ds, bad_frame
    dd return_to_frame.fs, bad_frame
    dd return_to_frame.gs, bad_frame
    dd return_to_frame.iret, bad_frame

section .text
; A guest frame could not be loaded. Back to the top frame, let C crash
; the domain and fill the frame with the next vCPU, and try again.
extern bad_guest_frame
extern cpu0_stack_top
bad_frame:
    mov     eax, HV_DS
    mov     ds, eax
    mov     es, eax
    lea     esp, [cpu0_stack_top - UREGS_size]
    push    esp
    call    bad_guest_frame
    add     esp, 4
    jmp     return_to_frame

; XENLAB_VECTOR_BARE: the cheapest possible trip through ring 0.
global bare_iret
bare_iret:
    iret

; Start running from the frame at the top of the stack (a fresh vCPU).
global resume_top_frame
resume_top_frame:
    lea     esp, [cpu0_stack_top - UREGS_size]
    jmp     return_to_frame

; The double-fault task: a fresh TSS with its own stack, because a double
; fault usually means the hypervisor's stack is gone.
extern double_fault
global double_fault_task
double_fault_task:
    call    double_fault
    jmp     double_fault_task

section .rodata
global vector_table
vector_table:
%assign v 0
%rep 256
    dd vector_ %+ v
%assign v v + 1
%endrep
