/*
 * multiboot.c - reading the boot loader's information block defensively.
 *
 * Everything the loader hands over lives at physical addresses it chose;
 * each is reached through arch_phys_to_virt(), which refuses addresses the
 * hypervisor cannot see. Strings are copied with a bound, lists with a
 * limit, and every oddity is recorded as a problem (enum mb_problem) for
 * the caller to print and trace:
 *
 *   info block -> cmdline string
 *              -> module list  -> { start, end, string } x mods_count
 *              -> memory map   -> { size, base, len, type } ... (size-linked)
 *
 * Only the magic, an unreadable block, or having no memory information at
 * all are fatal; anything else drops the bad item and carries on.
 */
#include <hv/arch.h>
#include <klib.h>
#include <hv/multiboot.h>

static const char *const problem_text[] = {
    [MB_BAD_MAGIC]              = "not booted by a Multiboot loader (bad magic)",
    [MB_INFO_UNREADABLE]        = "information block outside addressable memory",
    [MB_NO_MEMORY_INFO]         = "loader gave no memory map and no memory sizes",
    [MB_CMDLINE_UNREADABLE]     = "command line outside addressable memory",
    [MB_CMDLINE_TRUNCATED]      = "command line too long, truncated",
    [MB_MODULES_UNREADABLE]     = "module list outside addressable memory",
    [MB_TOO_MANY_MODULES]       = "too many modules, extra ones ignored",
    [MB_MODULE_BAD_RANGE]       = "module has an empty or inverted range, ignored",
    [MB_MODULE_NAME_UNREADABLE] = "module string outside addressable memory",
    [MB_MODULE_NAME_TRUNCATED]  = "module string too long, truncated",
    [MB_MMAP_UNREADABLE]        = "memory map outside addressable memory",
    [MB_MMAP_BAD_ENTRY]         = "memory map entry malformed, rest of map ignored",
    [MB_TOO_MANY_RANGES]        = "too many memory ranges, extra ones ignored",
};

const char *multiboot_problem_str(enum mb_problem p)
{
    if ((unsigned int)p < ARRAY_SIZE(problem_text) && problem_text[p])
        return problem_text[p];
    return "unknown problem";
}

static void problem(struct boot_info *bi, enum mb_problem code, uint32_t arg)
{
    if (bi->nr_problems < MB_MAX_PROBLEMS) {
        bi->problems[bi->nr_problems].code = code;
        bi->problems[bi->nr_problems].arg = arg;
    }
    bi->nr_problems++;
}

/*
 * Copy a NUL-terminated string from physical memory into dst[size].
 * Returns 0, -EFAULT if unreadable, -E2BIG if it had to be cut.
 */
static int copy_string(paddr_t pa, char *dst, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        const char *c = arch_phys_to_virt(pa + i, 1);

        if (!c) {
            dst[i] = '\0';
            return -EFAULT;
        }
        dst[i] = *c;
        if (!*c)
            return 0;
    }
    dst[size - 1] = '\0';
    return -E2BIG;
}

static void add_range(struct boot_info *bi, uint64_t base, uint64_t len,
                      uint32_t type)
{
    if (bi->nr_ranges == MB_MAX_RANGES) {
        problem(bi, MB_TOO_MANY_RANGES, bi->nr_ranges);
        return;
    }
    bi->ranges[bi->nr_ranges].base = base;
    bi->ranges[bi->nr_ranges].len = len;
    bi->ranges[bi->nr_ranges].type = type;
    bi->nr_ranges++;
    if (type == MEM_RAM)
        bi->ram_bytes += len;
}

static void parse_mmap(struct boot_info *bi, paddr_t addr, uint32_t length)
{
    paddr_t pos = addr, end = addr + length;

    while (pos < end) {
        const uint32_t *size = arch_phys_to_virt(pos, 4);
        const uint8_t *e;
        uint64_t base, len;
        uint32_t type;

        if (!size) {
            problem(bi, MB_MMAP_UNREADABLE, (uint32_t)pos);
            return;
        }
        /* An entry is 4 bytes of size, then at least base, len, type. */
        if (*size < 20 || pos + 4 + *size > end) {
            problem(bi, MB_MMAP_BAD_ENTRY, (uint32_t)(pos - addr));
            return;
        }
        e = arch_phys_to_virt(pos + 4, 20);
        if (!e) {
            problem(bi, MB_MMAP_UNREADABLE, (uint32_t)pos);
            return;
        }
        memcpy(&base, e, 8);
        memcpy(&len, e + 8, 8);
        memcpy(&type, e + 16, 4);
        if (len && base + len > base)
            add_range(bi, base, len, type);
        pos += 4 + *size;
    }
}

static void parse_modules(struct boot_info *bi, paddr_t addr, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        const struct multiboot_module *m =
            arch_phys_to_virt(addr + (paddr_t)i * sizeof(*m), sizeof(*m));
        struct boot_module *bm;
        int rc;

        if (!m) {
            problem(bi, MB_MODULES_UNREADABLE, i);
            return;
        }
        if (bi->nr_mods == MB_MAX_MODULES) {
            problem(bi, MB_TOO_MANY_MODULES, count);
            return;
        }
        if (m->mod_end <= m->mod_start) {
            problem(bi, MB_MODULE_BAD_RANGE, i);
            continue;
        }
        bm = &bi->mods[bi->nr_mods++];
        bm->start = m->mod_start;
        bm->end = m->mod_end;
        bm->cmdline[0] = '\0';
        if (!m->string)
            continue;
        rc = copy_string(m->string, bm->cmdline, sizeof(bm->cmdline));
        if (rc == -EFAULT)
            problem(bi, MB_MODULE_NAME_UNREADABLE, i);
        else if (rc == -E2BIG)
            problem(bi, MB_MODULE_NAME_TRUNCATED, i);
    }
}

int multiboot_parse(uint32_t magic, paddr_t info_pa, struct boot_info *bi)
{
    const struct multiboot_info *mbi;

    memset(bi, 0, sizeof(*bi));
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
        problem(bi, MB_BAD_MAGIC, magic);
        return -EINVAL;
    }
    mbi = arch_phys_to_virt(info_pa, sizeof(*mbi));
    if (!mbi) {
        problem(bi, MB_INFO_UNREADABLE, (uint32_t)info_pa);
        return -EINVAL;
    }

    if (mbi->flags & MBI_CMDLINE) {
        int rc = copy_string(mbi->cmdline, bi->cmdline, sizeof(bi->cmdline));

        if (rc == -EFAULT)
            problem(bi, MB_CMDLINE_UNREADABLE, mbi->cmdline);
        else if (rc == -E2BIG)
            problem(bi, MB_CMDLINE_TRUNCATED, MB_CMDLINE_MAX);
    }

    if (mbi->flags & MBI_MODULES)
        parse_modules(bi, mbi->mods_addr, mbi->mods_count);

    if (mbi->flags & MBI_MMAP)
        parse_mmap(bi, mbi->mmap_addr, mbi->mmap_length);

    /* No usable map: fall back on the two sizes (below 1 MB, above 1 MB). */
    if (bi->ram_bytes == 0 && (mbi->flags & MBI_MEMORY)) {
        add_range(bi, 0, (uint64_t)mbi->mem_lower * 1024, MEM_RAM);
        add_range(bi, 0x100000, (uint64_t)mbi->mem_upper * 1024, MEM_RAM);
    }
    if (bi->ram_bytes == 0) {
        problem(bi, MB_NO_MEMORY_INFO, mbi->flags);
        return -EINVAL;
    }
    return 0;
}
