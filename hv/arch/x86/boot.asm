; boot.asm - from the boot loader to C.
;
; GRUB enters here in 32-bit protected mode, paging off, eax = multiboot
; magic, ebx = physical address of the information block. We load a tiny
; GDT, switch on PAE paging with boot page tables built at assembly time,
; jump to our linked (high) address and call start_hv(magic, info).
;
; The boot page tables map the first 128 MB twice with 2 MB pages: at 0
; (so the next instruction after enabling paging still exists) and at
; 0xF8000000, the direct map where the image is linked. C replaces them
; with the real idle page tables at once (mm.c).

%define HV_VIRT_OFFSET  0xF8000000
%define PHYS(x)         ((x) - HV_VIRT_OFFSET)
%define HV_STACK_SIZE   8192

MB_MAGIC    equ 0x1BADB002
MB_FLAGS    equ 0x00000003          ; page-align modules, give memory info

section .multiboot
align 4
    dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

section .text
global hv_entry
extern start_hv
hv_entry:
    cli
    mov     esp, PHYS(cpu0_stack_top)
    mov     edi, eax                    ; keep the magic
    lgdt    [PHYS(boot_gdtr)]
    jmp     0x08:PHYS(.flat)
.flat:
    mov     ax, 0x10
    mov     ds, ax
    mov     es, ax
    mov     ss, ax

    mov     eax, cr4
    or      eax, 1 << 5                 ; CR4.PAE
    mov     cr4, eax
    mov     eax, PHYS(boot_l3)
    mov     cr3, eax
    mov     eax, cr0
    or      eax, (1 << 31) | (1 << 16)  ; CR0.PG, CR0.WP
    mov     cr0, eax

    mov     eax, .high
    jmp     eax
.high:
    mov     esp, cpu0_stack_top
    push    ebx                         ; info (physical)
    push    edi                         ; magic
    call    start_hv
.stuck:
    hlt
    jmp     .stuck

section .data
align 8
boot_gdt:
    dq 0
    dq 0x00cf9a000000ffff               ; 0x08: flat 32-bit code, ring 0
    dq 0x00cf92000000ffff               ; 0x10: flat data, ring 0
boot_gdtr:
    dw 3 * 8 - 1
    dd PHYS(boot_gdt)

align 4096
boot_l2_low:                            ; 0 .. 128 MB at 0
%assign i 0
%rep 64
    dq (i << 21) | 0x83                 ; present, writable, 2 MB page
%assign i i + 1
%endrep
    times 512 - 64 dq 0

boot_l2_high:                           ; 0 .. 128 MB at 0xF8000000
    times 448 dq 0
%assign i 0
%rep 64
    dq (i << 21) | 0x83
%assign i i + 1
%endrep

align 32
boot_l3:                                ; PDPT entries: only "present"
    dd PHYS(boot_l2_low) + 1, 0
    dd 0, 0
    dd 0, 0
    dd PHYS(boot_l2_high) + 1, 0

section .bss
align 16
global cpu0_stack_top
cpu0_stack:
    resb HV_STACK_SIZE
cpu0_stack_top:
