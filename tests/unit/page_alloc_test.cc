// page_alloc_test.cc - hv/common/page_alloc.c: which frames start free,
// and that frames are never handed out twice or freed when not ours.
#include <gtest/gtest.h>

#include <set>

extern "C" {
#include <hv/page_alloc.h>
#include "harness.h"
}

namespace {

boot_info qemu_like_map()
{
    // What QEMU's BIOS reports for -m 128, including the high reserved
    // window above 4 GB that once wiped the whole free list.
    boot_info bi = {};
    bi.ranges[0] = {0, 0x9fc00, MEM_RAM};
    bi.ranges[1] = {0x9fc00, 0x400, 2};
    bi.ranges[2] = {0xf0000, 0x10000, 2};
    bi.ranges[3] = {0x100000, 0x7ee0000, MEM_RAM};
    bi.ranges[4] = {0x7fe0000, 0x20000, 2};
    bi.ranges[5] = {0xfffc0000, 0x40000, 2};
    bi.ranges[6] = {0xfd00000000ull, 0x300000000ull, 2};
    bi.nr_ranges = 7;
    bi.mods[0] = {0x400000, 0x402800, "guest"};
    bi.nr_mods = 1;
    return bi;
}

TEST(PageAlloc, FreeFramesAreRamMinusLowMemoryImageAndModules)
{
    boot_info bi = qemu_like_map();
    page_alloc_init(&bi, 0x100000, 0x180000);
    // RAM above 1 MB: 0x100000..0x7fe0000 = 32480 frames; minus the image
    // (128 frames) and the module (3 frames, its last one partial).
    EXPECT_EQ(frames_free(), 32480u - 128u - 3u);
    EXPECT_EQ(frames_total(), frames_free());
    EXPECT_FALSE(frame_is_free(0x9f));          // below 1 MB
    EXPECT_FALSE(frame_is_free(0x100));         // image
    EXPECT_FALSE(frame_is_free(0x402));         // module's partial frame
    EXPECT_TRUE(frame_is_free(0x403));
    EXPECT_TRUE(frame_is_free(0x180));
    EXPECT_FALSE(frame_is_free(0x7fe0));        // reserved top
}

TEST(PageAlloc, NeverHandsOutAFrameTwice)
{
    boot_info bi = qemu_like_map();
    page_alloc_init(&bi, 0x100000, 0x180000);
    unsigned long total = frames_free();
    std::set<mfn_t> seen;
    for (;;) {
        mfn_t m = alloc_frame(0);
        if (m == INVALID_MFN)
            break;
        ASSERT_TRUE(seen.insert(m).second) << "frame " << m << " twice";
        ASSERT_GE(m, 0x100u);
    }
    EXPECT_EQ(seen.size(), total);
    EXPECT_EQ(frames_free(), 0u);
    for (mfn_t m : seen)
        ASSERT_EQ(free_frame(m), 0);
    EXPECT_EQ(frames_free(), total);
}

TEST(PageAlloc, LimitKeepsFramesBelowIt)
{
    boot_info bi = qemu_like_map();
    page_alloc_init(&bi, 0x100000, 0x180000);
    for (int i = 0; i < 1000; i++) {
        mfn_t m = alloc_frame(0x1000);
        ASSERT_NE(m, INVALID_MFN);
        ASSERT_LT(m, 0x1000u);
    }
}

TEST(PageAlloc, FreeingWhatIsNotOursIsRefused)
{
    boot_info bi = qemu_like_map();
    page_alloc_init(&bi, 0x100000, 0x180000);
    unsigned long before = frames_free();
    EXPECT_EQ(free_frame(0x100), -EINVAL);      // hypervisor image
    EXPECT_EQ(free_frame(0x50), -EINVAL);       // low memory
    EXPECT_EQ(free_frame(0x7ff0), -EINVAL);     // reserved
    EXPECT_EQ(free_frame(MAX_FRAMES + 5), -EINVAL);
    mfn_t m = alloc_frame(0);
    EXPECT_EQ(free_frame(m), 0);
    EXPECT_EQ(free_frame(m), -EINVAL);          // double free
    EXPECT_EQ(frames_free(), before);
}

TEST(PageAlloc, ContiguousRunsAreFreeAndConsecutive)
{
    boot_info bi = qemu_like_map();
    page_alloc_init(&bi, 0x100000, 0x180000);
    EXPECT_EQ(frames_end(), 0x7fe0u);
    unsigned long before = frames_free();
    mfn_t a = alloc_frames(100, 0);
    ASSERT_NE(a, INVALID_MFN);
    for (mfn_t m = a; m < a + 100; m++)
        EXPECT_FALSE(frame_is_free(m));
    // The module sits at frames 0x400-0x402: no run may cross it.
    EXPECT_TRUE(a + 100 <= 0x400 || a > 0x402);
    EXPECT_EQ(frames_free(), before - 100);
    EXPECT_EQ(alloc_frames(0, 0), INVALID_MFN);
    EXPECT_EQ(alloc_frames(1u << 20, 0), INVALID_MFN);
    mfn_t low = alloc_frames(4, 0x200);
    ASSERT_NE(low, INVALID_MFN);
    EXPECT_LE(low + 4, 0x200u);
}

}  // namespace
