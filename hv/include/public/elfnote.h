/*
 * elfnote.h - the notes a PV kernel carries to tell the domain builder
 * how to load it. Each is an ELF note with owner name "Xen" and one of
 * these types; strings are NUL-terminated, numbers are native words.
 */
#ifndef XENLAB_PUBLIC_ELFNOTE_H
#define XENLAB_PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO             0
#define XEN_ELFNOTE_ENTRY            1  /* virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE   2  /* virtual address to fill */
#define XEN_ELFNOTE_VIRT_BASE        3  /* virtual address of pfn 0 */
#define XEN_ELFNOTE_PADDR_OFFSET     4
#define XEN_ELFNOTE_XEN_VERSION      5  /* e.g. "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS         6  /* e.g. "xenlab" */
#define XEN_ELFNOTE_GUEST_VERSION    7
#define XEN_ELFNOTE_LOADER           8  /* "generic" */
#define XEN_ELFNOTE_PAE_MODE         9  /* "yes", "bimodal" or "no" */
#define XEN_ELFNOTE_FEATURES        10  /* "feat|feat|!feat" */
#define XEN_ELFNOTE_BSD_SYMTAB      11
#define XEN_ELFNOTE_HV_START_LOW    12
#define XEN_ELFNOTE_L1_MFN_VALID    13
#define XEN_ELFNOTE_SUSPEND_CANCEL  14
#define XEN_ELFNOTE_INIT_P2M        15
#define XEN_ELFNOTE_MOD_START_PFN   16
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17
#define XEN_ELFNOTE_PHYS32_ENTRY    18

#define XEN_ELFNOTE_NAME "Xen"

#endif /* XENLAB_PUBLIC_ELFNOTE_H */
