/*
 * page_alloc.h - who owns each physical frame of the machine.
 *
 * Every 4 KB frame of RAM is either free, the hypervisor's, or (later) a
 * domain's. The allocator starts from the boot loader's memory map and
 * keeps out what must not be handed out: the first megabyte, the
 * hypervisor image, and the modules (guest kernels) GRUB loaded.
 */
#ifndef HV_PAGE_ALLOC_H
#define HV_PAGE_ALLOC_H

#include "multiboot.h"
#include "types.h"

#define INVALID_MFN     (~(mfn_t)0)
#define MAX_FRAMES      (1u << 20)      /* 4 GB of RAM */

/* What is marked free: RAM ranges minus [0, 1 MB), hv image, modules. */
void page_alloc_init(const struct boot_info *bi,
                     paddr_t hv_start, paddr_t hv_end);

/*
 * Take one free frame; below `limit` (a frame number, 0 = anywhere) so
 * callers that need a direct-mapped frame can ask for one.
 * Returns INVALID_MFN when none is left.
 */
mfn_t alloc_frame(mfn_t limit);

/* Take n consecutive free frames below limit (0 = anywhere). */
mfn_t alloc_frames(unsigned int n, mfn_t limit);
/* Give a frame back; -EINVAL if it is not ours or already free. */
int free_frame(mfn_t mfn);
bool frame_is_free(mfn_t mfn);

unsigned long frames_free(void);
unsigned long frames_total(void);       /* frames managed: free + in use */

/* One past the highest frame the allocator manages. */
mfn_t frames_end(void);

#endif /* HV_PAGE_ALLOC_H */
