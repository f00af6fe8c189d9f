; vmrun.asm - into a hardware-assisted guest and back (svm.c has the why).
;
; VMRUN saves the hypervisor's esp, eip, eflags, eax and segment state in
; the host save area and restores them at #VMEXIT; the other general
; registers are left as the guest had them, so they are swapped here.
; The hypervisor runs with IF clear; around VMRUN it is set (with GIF
; clear) so that a real interrupt arriving in the guest is a VM exit.
;
; VMRUN does not switch FS, GS, TR, LDTR or the SYSCALL/SYSENTER MSRs
; either: a guest's ltr would otherwise leave the host's next ring change
; taking its stack from a TSS of the guest's choosing. So the host's are
; put aside with VMSAVE and the guest's loaded with VMLOAD before VMRUN,
; and the other way round after it, all with GIF clear.

%define UREGS_size      68

section .text

; A hardware-assisted vCPU's frame resumes here (a ring-0 iret leaves esp
; inside that frame): move below it, then run the vCPU's loop.
extern cpu0_stack_top
extern hvm_vcpu_loop
extern svm_host_state_pa
global hvm_vcpu_start
hvm_vcpu_start:
    lea     esp, [cpu0_stack_top - UREGS_size]
    call    hvm_vcpu_loop
    ud2

; void svm_vmrun(uint32_t vmcb_pa, struct hvm_gprs *g)
;   g: ebx ecx edx esi edi ebp, at offsets 0, 4, ... 20
global svm_vmrun
svm_vmrun:
    push    ebp
    push    ebx
    push    esi
    push    edi
    mov     eax, [esp + 24]             ; g
    push    eax
    mov     ebx, [eax + 0]
    mov     ecx, [eax + 4]
    mov     edx, [eax + 8]
    mov     esi, [eax + 12]
    mov     edi, [eax + 16]
    mov     ebp, [eax + 20]
    clgi                                ; no interrupt until the guest runs,
    mov     eax, [svm_host_state_pa]
    vmsave                              ; the host's FS GS TR LDTR MSRs aside
    mov     eax, [esp + 24]             ; the VMCB's physical address
    vmload                              ; the guest's in
    sti                                 ; where one (IF, with V_INTR_MASKING)
    vmrun                               ; makes it exit (INTR)
    cli
    vmsave                              ; the guest's back to its VMCB (eax)
    mov     eax, [svm_host_state_pa]
    vmload                              ; the host's in, before anything runs
    stgi
    push    ebx                         ; the guest's ebx, while ebx holds g
    mov     ebx, [esp + 4]
    mov     [ebx + 4], ecx
    mov     [ebx + 8], edx
    mov     [ebx + 12], esi
    mov     [ebx + 16], edi
    mov     [ebx + 20], ebp
    pop     eax
    mov     [ebx + 0], eax
    pop     eax                         ; g
    pop     edi
    pop     esi
    pop     ebx
    pop     ebp
    ret
