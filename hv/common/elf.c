/*
 * elf.c - checking a guest kernel's ELF32 image before loading it.
 *
 * What a PV kernel image must be:
 *
 *   ELF header   32-bit, little endian, i386, executable
 *   PT_LOAD      segments inside the file, below HYPERVISOR_VIRT_START,
 *                at or above the kernel's VIRT_BASE
 *   PT_NOTE      "Xen" notes: at least PAE_MODE (this hypervisor is PAE
 *                only); ENTRY, VIRT_BASE and HYPERCALL_PAGE if given
 *                must lie inside the loaded image
 *
 * Every offset is checked against the size before it is read; a note
 * whose length runs past its segment ends the parse with BUILD_BAD_NOTE.
 */
#include <hv/elf.h>
#include <klib.h>
#include <public/arch-x86_32.h>
#include <public/elfnote.h>

#define EI_NIDENT   16
#define ET_EXEC     2
#define EM_386      3
#define PT_LOAD     1
#define PT_NOTE     4

struct elf32_ehdr {
    uint8_t  e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
    uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz,
             p_flags, p_align;
};

struct elf32_note {
    uint32_t namesz, descsz, type;
};

#define ALIGN4(x)   (((x) + 3u) & ~3u)

static int bad(enum trace_build_problem *problem, enum trace_build_problem p)
{
    *problem = p;
    return -EINVAL;
}

/* Is [off, off + len) inside the file? */
static bool in_file(size_t size, uint32_t off, uint32_t len)
{
    return off <= size && len <= size - off;
}

static void note_string(char *dst, size_t dstlen, const uint8_t *desc,
                        uint32_t len)
{
    size_t n = MIN((size_t)len, dstlen - 1);

    memcpy(dst, desc, n);
    dst[n] = '\0';
    dst[strnlen(dst, n)] = '\0';
}

static uint32_t note_word(const uint8_t *desc, uint32_t len)
{
    uint32_t v = 0;

    memcpy(&v, desc, MIN(len, 4u));
    return v;
}

static int parse_notes(const uint8_t *p, uint32_t len, struct elf_image *img,
                       bool *found, enum trace_build_problem *problem)
{
    uint32_t pos = 0;

    while (len - pos >= sizeof(struct elf32_note)) {
        struct elf32_note n;
        const uint8_t *name, *desc;
        uint32_t name_room, desc_room;

        memcpy(&n, p + pos, sizeof(n));
        pos += sizeof(n);
        name_room = ALIGN4(n.namesz);
        desc_room = ALIGN4(n.descsz);
        if (name_room < n.namesz || desc_room < n.descsz ||
            name_room > len - pos || desc_room > len - pos - name_room)
            return bad(problem, BUILD_BAD_NOTE);
        name = p + pos;
        desc = name + name_room;
        pos += name_room + desc_room;

        if (n.namesz != sizeof(XEN_ELFNOTE_NAME) ||
            memcmp(name, XEN_ELFNOTE_NAME, sizeof(XEN_ELFNOTE_NAME)))
            continue;
        *found = true;
        switch (n.type) {
        case XEN_ELFNOTE_ENTRY:
            img->entry = note_word(desc, n.descsz);
            break;
        case XEN_ELFNOTE_HYPERCALL_PAGE:
            img->hypercall_page = note_word(desc, n.descsz);
            break;
        case XEN_ELFNOTE_VIRT_BASE:
            img->virt_base = note_word(desc, n.descsz);
            break;
        case XEN_ELFNOTE_PAE_MODE: {
            char mode[32];

            note_string(mode, sizeof(mode), desc, n.descsz);
            img->pae = !strncmp(mode, "yes", 3) || !strcmp(mode, "bimodal");
            break;
        }
        case XEN_ELFNOTE_GUEST_OS:
            note_string(img->guest_os, sizeof(img->guest_os), desc, n.descsz);
            break;
        case XEN_ELFNOTE_GUEST_VERSION:
            note_string(img->guest_version, sizeof(img->guest_version), desc,
                        n.descsz);
            break;
        case XEN_ELFNOTE_XEN_VERSION:
            note_string(img->xen_version, sizeof(img->xen_version), desc,
                        n.descsz);
            break;
        case XEN_ELFNOTE_LOADER:
            note_string(img->loader, sizeof(img->loader), desc, n.descsz);
            break;
        case XEN_ELFNOTE_FEATURES:
            note_string(img->features, sizeof(img->features), desc, n.descsz);
            break;
        default:
            break;              /* notes we do not need are fine */
        }
    }
    return 0;
}

int elf_parse(const uint8_t *data, size_t size, struct elf_image *img,
              enum trace_build_problem *problem)
{
    struct elf32_ehdr eh;
    bool have_notes = false, entry_from_note;
    int rc;

    memset(img, 0, sizeof(*img));
    if (size < sizeof(eh))
        return bad(problem, BUILD_NOT_ELF);
    memcpy(&eh, data, sizeof(eh));
    if (memcmp(eh.e_ident, "\177ELF", 4))
        return bad(problem, BUILD_NOT_ELF);
    if (eh.e_ident[4] != 1 || eh.e_ident[5] != 1 || eh.e_machine != EM_386)
        return bad(problem, BUILD_NOT_I386);    /* 32-bit, LE, i386 */
    if (eh.e_type != ET_EXEC || eh.e_phentsize != sizeof(struct elf32_phdr) ||
        eh.e_phnum == 0 ||
        !in_file(size, eh.e_phoff, (uint32_t)eh.e_phnum * eh.e_phentsize))
        return bad(problem, BUILD_BAD_HEADERS);

    img->vstart = ~0u;
    for (unsigned int i = 0; i < eh.e_phnum; i++) {
        struct elf32_phdr ph;

        memcpy(&ph, data + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type == PT_NOTE) {
            if (!in_file(size, ph.p_offset, ph.p_filesz))
                return bad(problem, BUILD_BAD_HEADERS);
            rc = parse_notes(data + ph.p_offset, ph.p_filesz, img,
                             &have_notes, problem);
            if (rc)
                return rc;
            continue;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (img->nr_segs == ELF_MAX_SEGMENTS ||
            !in_file(size, ph.p_offset, ph.p_filesz) ||
            ph.p_filesz > ph.p_memsz)
            return bad(problem, BUILD_BAD_HEADERS);
        if (ph.p_vaddr + ph.p_memsz < ph.p_vaddr ||
            ph.p_vaddr + ph.p_memsz > HYPERVISOR_VIRT_START)
            return bad(problem, BUILD_BAD_ADDRESSES);
        img->seg[img->nr_segs].vaddr = ph.p_vaddr;
        img->seg[img->nr_segs].offset = ph.p_offset;
        img->seg[img->nr_segs].filesz = ph.p_filesz;
        img->seg[img->nr_segs].memsz = ph.p_memsz;
        img->nr_segs++;
        img->vstart = MIN(img->vstart, ph.p_vaddr & ~0xfffu);
        img->vend = MAX(img->vend, (ph.p_vaddr + ph.p_memsz + 0xfffu) & ~0xfffu);
    }
    if (img->nr_segs == 0)
        return bad(problem, BUILD_BAD_HEADERS);
    if (!have_notes)
        return bad(problem, BUILD_NO_NOTES);
    if (!img->pae)
        return bad(problem, BUILD_NOT_PAE);

    /* Without VIRT_BASE the image's lowest address is pseudo-physical 0. */
    if (!img->virt_base)
        img->virt_base = img->vstart;
    entry_from_note = img->entry != 0;
    if (!entry_from_note)
        img->entry = eh.e_entry;
    if (img->virt_base > img->vstart || (img->virt_base & 0xfff) ||
        img->entry < img->vstart || img->entry >= img->vend ||
        (img->hypercall_page &&
         ((img->hypercall_page & 0xfff) || img->hypercall_page < img->vstart ||
          img->hypercall_page >= img->vend)))
        return bad(problem, BUILD_BAD_ADDRESSES);
    return 0;
}
