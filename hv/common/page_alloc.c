/*
 * page_alloc.c - a bitmap of free machine frames.
 *
 * One bit per 4 KB frame up to 4 GB (128 KB of bitmap). A set bit means
 * "free". Simple and easy to check: the balloon lesson relies on the
 * count of free frames plus the frames every domain holds always adding
 * up to the same total.
 */
#include <klib.h>
#include <hv/page_alloc.h>
#include <hv/page.h>

static uint32_t free_map[MAX_FRAMES / 32];     /* 1 = free */
static uint32_t owned_map[MAX_FRAMES / 32];    /* 1 = RAM we manage */
static unsigned long nr_free, nr_total;
static mfn_t search_hint, end_mfn;

#define BIT(map, m)     ((map)[(m) / 32] & (1u << ((m) % 32)))
#define SET(map, m)     ((map)[(m) / 32] |= 1u << ((m) % 32))
#define CLEAR(map, m)   ((map)[(m) / 32] &= ~(1u << ((m) % 32)))

static void reserve(paddr_t start, paddr_t end)
{
    for (paddr_t pa = start & PAGE_MASK;
         pa < end && pa < (paddr_t)MAX_FRAMES << PAGE_SHIFT; pa += PAGE_SIZE) {
        mfn_t m = (mfn_t)(pa >> PAGE_SHIFT);

        if (BIT(owned_map, m)) {
            CLEAR(owned_map, m);
            CLEAR(free_map, m);
            nr_free--;
        }
    }
}

void page_alloc_init(const struct boot_info *bi,
                     paddr_t hv_start, paddr_t hv_end)
{
    memset(free_map, 0, sizeof(free_map));
    memset(owned_map, 0, sizeof(owned_map));
    nr_free = 0;
    search_hint = 0;
    end_mfn = 0;

    /* Only whole frames inside RAM ranges become free. */
    for (unsigned int i = 0; i < bi->nr_ranges; i++) {
        const struct mem_range *r = &bi->ranges[i];
        uint64_t first = (r->base + PAGE_SIZE - 1) >> PAGE_SHIFT;
        uint64_t last = (r->base + r->len) >> PAGE_SHIFT;

        if (r->type != MEM_RAM)
            continue;
        for (uint64_t m = first; m < last && m < MAX_FRAMES; m++) {
            if (!BIT(owned_map, m)) {
                SET(owned_map, m);
                SET(free_map, m);
                nr_free++;
                end_mfn = MAX(end_mfn, (mfn_t)m + 1);
            }
        }
    }
    /* A frame reported both as RAM and as reserved stays out. */
    for (unsigned int i = 0; i < bi->nr_ranges; i++)
        if (bi->ranges[i].type != MEM_RAM)
            reserve(bi->ranges[i].base,
                    bi->ranges[i].base + bi->ranges[i].len);

    reserve(0, 0x100000);
    reserve(hv_start, hv_end);
    for (unsigned int i = 0; i < bi->nr_mods; i++)
        reserve(bi->mods[i].start, bi->mods[i].end);
    nr_total = nr_free;
}

static mfn_t scan(mfn_t from, mfn_t end)
{
    for (mfn_t m = from; m < end; m++) {
        if (!free_map[m / 32]) {
            m |= 31;            /* skip a word with nothing free */
            continue;
        }
        if (BIT(free_map, m))
            return m;
    }
    return INVALID_MFN;
}

mfn_t alloc_frame(mfn_t limit)
{
    mfn_t end = (limit && limit < MAX_FRAMES) ? limit : MAX_FRAMES;
    mfn_t m = scan(MIN(search_hint, end), end);

    if (m == INVALID_MFN)
        m = scan(0, end);
    if (m == INVALID_MFN)
        return INVALID_MFN;
    CLEAR(free_map, m);
    nr_free--;
    search_hint = m + 1;
    return m;
}

mfn_t alloc_frames(unsigned int n, mfn_t limit)
{
    mfn_t end = (limit && limit < MAX_FRAMES) ? limit : MAX_FRAMES;
    unsigned int run = 0;

    if (n == 0)
        return INVALID_MFN;
    for (mfn_t m = 0; m < end; m++) {
        run = BIT(free_map, m) ? run + 1 : 0;
        if (run == n) {
            mfn_t first = m + 1 - n;

            for (mfn_t f = first; f <= m; f++)
                CLEAR(free_map, f);
            nr_free -= n;
            return first;
        }
    }
    return INVALID_MFN;
}

int free_frame(mfn_t mfn)
{
    if (mfn >= MAX_FRAMES || !BIT(owned_map, mfn) || BIT(free_map, mfn))
        return -EINVAL;
    SET(free_map, mfn);
    nr_free++;
    return 0;
}

bool frame_is_free(mfn_t mfn)
{
    return mfn < MAX_FRAMES && BIT(free_map, mfn);
}

unsigned long frames_free(void)
{
    return nr_free;
}

unsigned long frames_total(void)
{
    return nr_total;
}

mfn_t frames_end(void)
{
    return end_mfn;
}
