; head.asm - where a xenlab guest kernel begins, and how traps reach it.
;
; 1. The Xen ELF notes: the domain builder reads them to learn that this
;    is a PAE PV kernel, where it starts, and where its hypercall page is.
; 2. _start: the builder enters here in ring 1 with esi = start_info.
; 3. The hypercall page, filled in by the builder.
; 4. Trap stubs: one per vector, generated, all joining trap_common,
;    which saves the registers as a struct guest_frame and calls C.
; 5. The event callback: the hypervisor's "interrupt" entry. It returns
;    with the iret hypercall, which restores the event mask from the
;    saved IF in the same step (a plain iret cannot touch the mask).

%define FLAT_KERNEL_DS      0xe021
%define HYPERVISOR_iret     23
%define VIRT_BASE           0xC0000000

%macro ELFNOTE 3                        ; type, data directive, value
    align 4
    dd 4                                ; name size: "Xen" and its NUL
    dd %%end - %%desc
    dd %1
    db "Xen", 0
%%desc:
    %2 %3
%%end:
    align 4
%endmacro

section .note.Xen note
    ELFNOTE 6, db, {"xenlab", 0}            ; GUEST_OS
    ELFNOTE 7, db, {"1", 0}                 ; GUEST_VERSION
    ELFNOTE 5, db, {"xen-3.0", 0}           ; XEN_VERSION
    ELFNOTE 3, dd, VIRT_BASE                ; VIRT_BASE
    ELFNOTE 1, dd, _start                   ; ENTRY
    ELFNOTE 2, dd, hypercall_page           ; HYPERCALL_PAGE
    ELFNOTE 9, db, {"yes", 0}               ; PAE_MODE
    ELFNOTE 8, db, {"generic", 0}           ; LOADER
    ELFNOTE 10, db, {"", 0}                 ; FEATURES

section .text.head
global _start
global _start_of_image
extern guest_start
_start_of_image:
_start:
    cld
    mov     esp, kernel_stack_top
    push    esi                             ; struct start_info *
    call    guest_start
.stop:
    jmp     .stop                           ; guest_start does not return

section .text
align 4096
global hypercall_page
hypercall_page:
    times 4096 db 0xcc                      ; int3 until the builder fills it

; Vectors with a CPU error code: 8, 10-14, 17, 21, 29, 30.
%assign v 0
%rep 256
trap_ %+ v:
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
%else
    push    dword 0
%endif
    push    dword v
    jmp     trap_common
%assign v v + 1
%endrep

extern guest_trap
trap_common:
    pushad
    push    ds
    push    es
    mov     eax, FLAT_KERNEL_DS
    mov     ds, eax
    mov     es, eax
    push    esp                             ; struct guest_frame *
    call    guest_trap
    add     esp, 4
    pop     es
    pop     ds
    popad
    add     esp, 8                          ; vector, error
    iret

extern guest_do_events
global event_callback
event_callback:
    pushad
    push    ds
    push    es
    mov     eax, FLAT_KERNEL_DS
    mov     ds, eax
    mov     es, eax
    call    guest_do_events
    pop     es
    pop     ds
    popad
    jmp     hypercall_page + HYPERVISOR_iret * 32

extern guest_failsafe
global failsafe_callback
failsafe_callback:
    call    guest_failsafe

section .rodata
global trap_stubs
trap_stubs:
%assign v 0
%rep 256
    dd trap_ %+ v
%assign v v + 1
%endrep

section .bss
align 16
kernel_stack:
    resb 16384
global kernel_stack_top
kernel_stack_top:

; ---- Ring 3 ----------------------------------------------------------------
; enter_user(eip, esp, save): save our callee-saved registers and stack in
; save[5], then iret to ring 3 at eip with stack esp. leave_user(save,
; code), called later from a ring-1 trap handler, makes enter_user return
; code, abandoning the trap frame (as a process's exit does).

%define FLAT_USER_CS        0xe02b
%define FLAT_USER_DS        0xe033

section .text
global enter_user
enter_user:
    mov     eax, [esp + 12]
    mov     [eax], ebx
    mov     [eax + 4], esi
    mov     [eax + 8], edi
    mov     [eax + 12], ebp
    mov     [eax + 16], esp
    mov     ecx, [esp + 4]
    mov     edx, [esp + 8]
    push    dword FLAT_USER_DS              ; ss
    push    edx                             ; esp
    pushfd                                  ; eflags (IF on, IOPL 0)
    push    dword FLAT_USER_CS              ; cs
    push    ecx                             ; eip
    mov     eax, FLAT_USER_DS
    mov     ds, eax
    mov     es, eax
    iret

global leave_user
leave_user:
    mov     ecx, [esp + 4]
    mov     eax, [esp + 8]
    mov     ebx, [ecx]
    mov     esi, [ecx + 4]
    mov     edi, [ecx + 8]
    mov     ebp, [ecx + 12]
    mov     esp, [ecx + 16]
    ret
