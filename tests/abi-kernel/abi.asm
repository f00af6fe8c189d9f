; abi.asm - entry, notes and stubs of the ABI test kernel.
;
; This kernel is written from Xen's public documentation alone: it uses
; neither libguest nor xenlab's headers, so it checks that xenlab honours
; the ABI itself, not merely xenlab's own reading of it.

section .note.Xen note
%macro NOTE 3
    align 4
    dd 4, %%e - %%d, %1
    db "Xen", 0
%%d: %2 %3
%%e:
    align 4
%endmacro
    NOTE 6, db, {"abi-test", 0}         ; XEN_ELFNOTE_GUEST_OS
    NOTE 5, db, {"xen-3.0", 0}          ; XEN_ELFNOTE_XEN_VERSION
    NOTE 3, dd, 0xC0000000              ; XEN_ELFNOTE_VIRT_BASE
    NOTE 1, dd, start                   ; XEN_ELFNOTE_ENTRY
    NOTE 2, dd, hypercall_page          ; XEN_ELFNOTE_HYPERCALL_PAGE
    NOTE 9, db, {"yes", 0}              ; XEN_ELFNOTE_PAE_MODE
    NOTE 8, db, {"generic", 0}          ; XEN_ELFNOTE_LOADER

section .text.entry
global start
extern abi_main
start:
    mov     esp, stack_top
    push    esi                         ; start_info, as the ABI promises
    call    abi_main
.hang:
    jmp     .hang

section .text
align 4096
global hypercall_page
hypercall_page:
    times 4096 db 0xcc

; Event upcall: count it, clear the pending flag, return re-enabling
; events through the iret hypercall (number 23), as the ABI describes.
extern on_event
global event_entry
event_entry:
    pushad
    call    on_event
    popad
    jmp     hypercall_page + 23 * 32

; Page fault (vector 14): error code on the stack, then eip, cs, eflags.
extern on_page_fault
global page_fault_entry
page_fault_entry:
    pushad
    push    esp
    call    on_page_fault
    add     esp, 4
    popad
    add     esp, 4                      ; the error code
    iret

section .bss
align 16
    resb 8192
stack_top:
