// multiboot_test.cc - hv/common/multiboot.c on good and malformed boot
// information. Each malformed case must produce its problem code, keep
// what is still usable, and never read outside "physical memory".
#include <gtest/gtest.h>

#include <cstring>
#include <string>

extern "C" {
#include <hv/multiboot.h>
#include "harness.h"
}

namespace {

// Addresses inside the harness's fake physical memory.
constexpr uint32_t kInfo = 0x1000, kCmd = 0x2000, kMods = 0x3000,
                   kModStr = 0x4000, kMmap = 0x5000;

class MultibootTest : public ::testing::Test {
protected:
    void SetUp() override { harness_reset(); }

    multiboot_info &info() { return *reinterpret_cast<multiboot_info *>(harness_phys + kInfo); }

    void put_string(uint32_t at, const std::string &s)
    {
        memcpy(harness_phys + at, s.c_str(), s.size() + 1);
    }

    void add_mmap(uint32_t idx, uint64_t base, uint64_t len, uint32_t type,
                  uint32_t size = 20)
    {
        uint8_t *e = harness_phys + kMmap + idx * 24;
        memcpy(e, &size, 4);
        memcpy(e + 4, &base, 8);
        memcpy(e + 12, &len, 8);
        memcpy(e + 20, &type, 4);
        info().flags |= MBI_MMAP;
        info().mmap_addr = kMmap;
        info().mmap_length = (idx + 1) * 24;
    }

    void add_module(uint32_t idx, uint32_t start, uint32_t end, uint32_t str)
    {
        auto *m = reinterpret_cast<multiboot_module *>(harness_phys + kMods) + idx;
        m->mod_start = start;
        m->mod_end = end;
        m->string = str;
        info().flags |= MBI_MODULES;
        info().mods_addr = kMods;
        info().mods_count = idx + 1;
    }

    bool has_problem(mb_problem p)
    {
        for (unsigned i = 0; i < std::min(bi.nr_problems, (unsigned)MB_MAX_PROBLEMS); i++)
            if (bi.problems[i].code == p)
                return true;
        return false;
    }

    int parse(uint32_t magic = MULTIBOOT_BOOTLOADER_MAGIC)
    {
        return multiboot_parse(magic, kInfo, &bi);
    }

    boot_info bi;
};

TEST_F(MultibootTest, WellFormedInformationIsCopied)
{
    info().flags = MBI_CMDLINE;
    info().cmdline = kCmd;
    put_string(kCmd, "/boot/hv.elf lesson=1");
    put_string(kModStr, "guest.elf dom0");
    add_module(0, 0x200000, 0x230000, kModStr);
    add_mmap(0, 0, 0x9fc00, MEM_RAM);
    add_mmap(1, 0x100000, 0x7f00000, MEM_RAM);
    add_mmap(2, 0xfd00000000ull, 0x300000000ull, 2);

    ASSERT_EQ(parse(), 0);
    EXPECT_STREQ(bi.cmdline, "/boot/hv.elf lesson=1");
    ASSERT_EQ(bi.nr_mods, 1u);
    EXPECT_EQ(bi.mods[0].start, 0x200000u);
    EXPECT_EQ(bi.mods[0].end, 0x230000u);
    EXPECT_STREQ(bi.mods[0].cmdline, "guest.elf dom0");
    ASSERT_EQ(bi.nr_ranges, 3u);
    EXPECT_EQ(bi.ranges[2].base, 0xfd00000000ull);
    EXPECT_EQ(bi.ram_bytes, 0x9fc00ull + 0x7f00000ull);
    EXPECT_EQ(bi.nr_problems, 0u);
}

TEST_F(MultibootTest, WrongMagicIsFatal)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    EXPECT_EQ(parse(0x12345678), -EINVAL);
    EXPECT_TRUE(has_problem(MB_BAD_MAGIC));
}

TEST_F(MultibootTest, InfoBlockOutsideMemoryIsFatal)
{
    EXPECT_EQ(multiboot_parse(MULTIBOOT_BOOTLOADER_MAGIC, 0xfffff000u, &bi), -EINVAL);
    EXPECT_TRUE(has_problem(MB_INFO_UNREADABLE));
}

TEST_F(MultibootTest, NoMemoryInformationIsFatal)
{
    info().flags = 0;
    EXPECT_EQ(parse(), -EINVAL);
    EXPECT_TRUE(has_problem(MB_NO_MEMORY_INFO));
}

TEST_F(MultibootTest, MemorySizesStandInForAMissingMap)
{
    info().flags = MBI_MEMORY;
    info().mem_lower = 639;
    info().mem_upper = 130048;
    ASSERT_EQ(parse(), 0);
    EXPECT_EQ(bi.ram_bytes, (639ull + 130048ull) * 1024);
}

TEST_F(MultibootTest, CommandLineOutsideMemory)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    info().flags |= MBI_CMDLINE;
    info().cmdline = 0x7ffffff0;
    ASSERT_EQ(parse(), 0);
    EXPECT_TRUE(has_problem(MB_CMDLINE_UNREADABLE));
    EXPECT_STREQ(bi.cmdline, "");
}

TEST_F(MultibootTest, CommandLineRunningOffTheEndOfMemory)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    info().flags |= MBI_CMDLINE;
    info().cmdline = HARNESS_PHYS_SIZE - 4;
    memset(harness_phys + HARNESS_PHYS_SIZE - 4, 'x', 4);   // no NUL
    ASSERT_EQ(parse(), 0);
    EXPECT_TRUE(has_problem(MB_CMDLINE_UNREADABLE));
}

TEST_F(MultibootTest, OverlongCommandLineIsTruncated)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    info().flags |= MBI_CMDLINE;
    info().cmdline = kCmd;
    put_string(kCmd, std::string(MB_CMDLINE_MAX + 100, 'a'));
    ASSERT_EQ(parse(), 0);
    EXPECT_TRUE(has_problem(MB_CMDLINE_TRUNCATED));
    EXPECT_EQ(strlen(bi.cmdline), (size_t)MB_CMDLINE_MAX - 1);
}

TEST_F(MultibootTest, TooManyModulesKeepsTheFirstOnes)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    for (uint32_t i = 0; i < MB_MAX_MODULES + 3; i++)
        add_module(i, 0x200000 + i * 0x1000, 0x200800 + i * 0x1000, 0);
    ASSERT_EQ(parse(), 0);
    EXPECT_EQ(bi.nr_mods, (unsigned)MB_MAX_MODULES);
    EXPECT_TRUE(has_problem(MB_TOO_MANY_MODULES));
}

TEST_F(MultibootTest, EmptyOrInvertedModuleIsDropped)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    add_module(0, 0x200000, 0x200000, 0);     // empty
    add_module(1, 0x300000, 0x280000, 0);     // inverted
    add_module(2, 0x400000, 0x401000, 0);     // fine
    ASSERT_EQ(parse(), 0);
    ASSERT_EQ(bi.nr_mods, 1u);
    EXPECT_EQ(bi.mods[0].start, 0x400000u);
    EXPECT_EQ(bi.nr_problems, 2u);
    EXPECT_TRUE(has_problem(MB_MODULE_BAD_RANGE));
}

TEST_F(MultibootTest, ModuleListOutsideMemory)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    info().flags |= MBI_MODULES;
    info().mods_addr = HARNESS_PHYS_SIZE - 8;    // entry runs off the end
    info().mods_count = 2;
    ASSERT_EQ(parse(), 0);
    EXPECT_EQ(bi.nr_mods, 0u);
    EXPECT_TRUE(has_problem(MB_MODULES_UNREADABLE));
}

TEST_F(MultibootTest, HugeModuleCountStopsAtTheEndOfMemory)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    info().flags |= MBI_MODULES;
    info().mods_addr = HARNESS_PHYS_SIZE - 16 * 4;
    info().mods_count = 0xffffffffu;
    ASSERT_EQ(parse(), 0);
    EXPECT_LE(bi.nr_mods, (unsigned)MB_MAX_MODULES);
}

TEST_F(MultibootTest, ModuleStringProblemsKeepTheModule)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    put_string(kModStr, std::string(MB_MODLINE_MAX + 10, 'm'));
    add_module(0, 0x200000, 0x201000, kModStr);
    add_module(1, 0x300000, 0x301000, 0xfffffff0u);
    ASSERT_EQ(parse(), 0);
    ASSERT_EQ(bi.nr_mods, 2u);
    EXPECT_TRUE(has_problem(MB_MODULE_NAME_TRUNCATED));
    EXPECT_TRUE(has_problem(MB_MODULE_NAME_UNREADABLE));
    EXPECT_EQ(strlen(bi.mods[0].cmdline), (size_t)MB_MODLINE_MAX - 1);
}

TEST_F(MultibootTest, MalformedMapEntryStopsTheMapButKeepsEarlierRanges)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    add_mmap(1, 0x300000, 0x100000, MEM_RAM, 4);   // size too small
    add_mmap(2, 0x500000, 0x100000, MEM_RAM);
    ASSERT_EQ(parse(), 0);
    EXPECT_EQ(bi.nr_ranges, 1u);
    EXPECT_TRUE(has_problem(MB_MMAP_BAD_ENTRY));
}

TEST_F(MultibootTest, MapEntryClaimingToRunPastTheMap)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM, 0x10000);
    info().flags |= MBI_MEMORY;
    info().mem_upper = 1024;
    ASSERT_EQ(parse(), 0);
    EXPECT_TRUE(has_problem(MB_MMAP_BAD_ENTRY));
    EXPECT_EQ(bi.ram_bytes, 1024ull * 1024);       // fell back on sizes
}

TEST_F(MultibootTest, MapOutsideMemory)
{
    info().flags = MBI_MMAP | MBI_MEMORY;
    info().mmap_addr = 0x7ff00000;
    info().mmap_length = 48;
    info().mem_upper = 2048;
    ASSERT_EQ(parse(), 0);
    EXPECT_TRUE(has_problem(MB_MMAP_UNREADABLE));
}

TEST_F(MultibootTest, TooManyRangesAreCountedNotOverrun)
{
    for (uint32_t i = 0; i < MB_MAX_RANGES + 5; i++)
        add_mmap(i, 0x100000ull * (i + 1), 0x1000, MEM_RAM);
    ASSERT_EQ(parse(), 0);
    EXPECT_EQ(bi.nr_ranges, (unsigned)MB_MAX_RANGES);
    EXPECT_TRUE(has_problem(MB_TOO_MANY_RANGES));
}

TEST_F(MultibootTest, ProblemsBeyondTheListAreStillCounted)
{
    add_mmap(0, 0x100000, 0x100000, MEM_RAM);
    for (uint32_t i = 0; i < 20; i++)
        add_module(i, 0x200000, 0x100000, 0);      // all inverted
    ASSERT_EQ(parse(), 0);
    EXPECT_EQ(bi.nr_problems, 20u);
    EXPECT_EQ(bi.nr_mods, 0u);
}

TEST(MultibootText, EveryProblemHasAMessage)
{
    for (int p = MB_BAD_MAGIC; p <= MB_TOO_MANY_RANGES; p++)
        EXPECT_STRNE(multiboot_problem_str((mb_problem)p), "unknown problem") << p;
    EXPECT_STREQ(multiboot_problem_str((mb_problem)999), "unknown problem");
}

}  // namespace
