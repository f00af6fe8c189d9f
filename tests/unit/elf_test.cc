// elf_test.cc - hv/common/elf.c, the domain builder's first line of
// defence: every malformed kernel image is refused with the right
// problem, and no image, however broken, makes the parser read outside
// it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" {
#include <hv/elf.h>
}

namespace {

constexpr uint32_t kBase = 0xC0000000;

// A small, valid PV kernel image, built field by field.
struct Image {
    std::vector<uint8_t> bytes;

    template <typename T> void put(size_t off, T v)
    {
        if (bytes.size() < off + sizeof(T))
            bytes.resize(off + sizeof(T));
        memcpy(&bytes[off], &v, sizeof(T));
    }
    template <typename T> T get(size_t off) const
    {
        T v;
        memcpy(&v, &bytes[off], sizeof(T));
        return v;
    }
};

constexpr size_t kPhoff = 52, kNotes = 0x100, kText = 0x1000;

// Append a "Xen" note; returns its offset.
size_t add_note(Image &im, size_t at, uint32_t type, const void *desc,
                uint32_t len)
{
    im.put<uint32_t>(at, 4);
    im.put<uint32_t>(at + 4, len);
    im.put<uint32_t>(at + 8, type);
    memcpy(&im.bytes[at + 12], "Xen", 4);
    im.bytes.resize(std::max(im.bytes.size(), at + 16 + ((len + 3) & ~3u)));
    memcpy(&im.bytes[at + 16], desc, len);
    return at + 16 + ((len + 3) & ~3u);
}

Image valid_image(const char *pae = "yes")
{
    Image im;
    im.bytes.assign(kText + 0x2000, 0);
    memcpy(&im.bytes[0], "\177ELF", 4);
    im.bytes[4] = 1;                        // 32-bit
    im.bytes[5] = 1;                        // little endian
    im.bytes[6] = 1;
    im.put<uint16_t>(16, 2);                // ET_EXEC
    im.put<uint16_t>(18, 3);                // EM_386
    im.put<uint32_t>(20, 1);
    im.put<uint32_t>(24, kBase + 0x10);     // e_entry
    im.put<uint32_t>(28, kPhoff);
    im.put<uint16_t>(42, 32);               // e_phentsize
    im.put<uint16_t>(44, 2);                // e_phnum

    size_t n = kNotes;
    uint32_t vb = kBase, hc = kBase + 0x1000;
    n = add_note(im, n, 3, &vb, 4);         // VIRT_BASE
    n = add_note(im, n, 2, &hc, 4);         // HYPERCALL_PAGE
    n = add_note(im, n, 9, pae, strlen(pae) + 1);
    n = add_note(im, n, 6, "xenlab", 7);    // GUEST_OS

    // PT_LOAD: file [kText, kText + 0x2000) at kBase, memsz 0x3000.
    im.put<uint32_t>(kPhoff + 0, 1);
    im.put<uint32_t>(kPhoff + 4, kText);
    im.put<uint32_t>(kPhoff + 8, kBase);
    im.put<uint32_t>(kPhoff + 16, 0x2000);
    im.put<uint32_t>(kPhoff + 20, 0x3000);
    // PT_NOTE
    im.put<uint32_t>(kPhoff + 32, 4);
    im.put<uint32_t>(kPhoff + 36, kNotes);
    im.put<uint32_t>(kPhoff + 48, (uint32_t)(n - kNotes));
    return im;
}

int parse(const Image &im, elf_image *img, trace_build_problem *p)
{
    return elf_parse(im.bytes.data(), im.bytes.size(), img, p);
}

TEST(Elf, ValidImageParses)
{
    Image im = valid_image();
    elf_image img;
    trace_build_problem p;
    ASSERT_EQ(parse(im, &img, &p), 0);
    EXPECT_EQ(img.nr_segs, 1u);
    EXPECT_EQ(img.vstart, kBase);
    EXPECT_EQ(img.vend, kBase + 0x3000);
    EXPECT_EQ(img.entry, kBase + 0x10);
    EXPECT_EQ(img.virt_base, kBase);
    EXPECT_EQ(img.hypercall_page, kBase + 0x1000);
    EXPECT_TRUE(img.pae);
    EXPECT_STREQ(img.guest_os, "xenlab");
}

TEST(Elf, BimodalAndExtendedCr3CountAsPae)
{
    for (const char *mode : {"bimodal", "yes[extended-cr3]"}) {
        elf_image img;
        trace_build_problem p;
        EXPECT_EQ(parse(valid_image(mode), &img, &p), 0) << mode;
    }
}

struct Corruption {
    const char *what;
    void (*apply)(Image &);
    trace_build_problem expect;
};

const Corruption kCorruptions[] = {
    {"empty", [](Image &im) { im.bytes.clear(); }, BUILD_NOT_ELF},
    {"shorter than a header", [](Image &im) { im.bytes.resize(40); }, BUILD_NOT_ELF},
    {"bad magic", [](Image &im) { im.bytes[1] = 'X'; }, BUILD_NOT_ELF},
    {"64-bit", [](Image &im) { im.bytes[4] = 2; }, BUILD_NOT_I386},
    {"big endian", [](Image &im) { im.bytes[5] = 2; }, BUILD_NOT_I386},
    {"x86-64 machine", [](Image &im) { im.put<uint16_t>(18, 62); }, BUILD_NOT_I386},
    {"relocatable", [](Image &im) { im.put<uint16_t>(16, 1); }, BUILD_BAD_HEADERS},
    {"no program headers", [](Image &im) { im.put<uint16_t>(44, 0); }, BUILD_BAD_HEADERS},
    {"odd phentsize", [](Image &im) { im.put<uint16_t>(42, 40); }, BUILD_BAD_HEADERS},
    {"phoff beyond the file", [](Image &im) { im.put<uint32_t>(28, 0xfffffff0); }, BUILD_BAD_HEADERS},
    {"huge phnum", [](Image &im) { im.put<uint16_t>(44, 0xffff); }, BUILD_BAD_HEADERS},
    {"segment beyond the file", [](Image &im) { im.put<uint32_t>(kPhoff + 16, 0x100000); }, BUILD_BAD_HEADERS},
    {"segment offset wraps", [](Image &im) { im.put<uint32_t>(kPhoff + 4, 0xfffff000); }, BUILD_BAD_HEADERS},
    {"filesz above memsz", [](Image &im) { im.put<uint32_t>(kPhoff + 20, 0x1000); }, BUILD_BAD_HEADERS},
    {"segment in the hypervisor's slice",
     [](Image &im) { im.put<uint32_t>(kPhoff + 8, 0xF5800000); }, BUILD_BAD_ADDRESSES},
    {"segment wraps around 4 GB",
     [](Image &im) { im.put<uint32_t>(kPhoff + 20, 0x7fffffff); }, BUILD_BAD_ADDRESSES},
    {"no notes", [](Image &im) { im.put<uint32_t>(kPhoff + 32, 0); }, BUILD_NO_NOTES},
    {"note segment beyond the file",
     [](Image &im) { im.put<uint32_t>(kPhoff + 48, 0x100000); }, BUILD_BAD_HEADERS},
    {"note descsz overflows",
     [](Image &im) { im.put<uint32_t>(kNotes + 4, 0xfffffffe); }, BUILD_BAD_NOTE},
    {"note namesz overflows",
     [](Image &im) { im.put<uint32_t>(kNotes, 0xffffffff); }, BUILD_BAD_NOTE},
    {"note runs past its segment",
     [](Image &im) { im.put<uint32_t>(kNotes + 4, 0x400); }, BUILD_BAD_NOTE},
    {"not PAE", [](Image &im) {
         // The PAE_MODE note is the third: find "yes" and make it "no\0".
         auto it = std::search(im.bytes.begin(), im.bytes.end(), "yes", "yes" + 3);
         memcpy(&*it, "no\0", 3);
     }, BUILD_NOT_PAE},
    {"entry outside the image",
     [](Image &im) { im.put<uint32_t>(24, 0x1000); }, BUILD_BAD_ADDRESSES},
    {"hypercall page not page-aligned",
     [](Image &im) { im.put<uint32_t>(kNotes + 16 + 4 + 16, kBase + 0x1004); }, BUILD_BAD_ADDRESSES},
    {"VIRT_BASE above the image",
     [](Image &im) { im.put<uint32_t>(kNotes + 16, kBase + 0x1000); }, BUILD_BAD_ADDRESSES},
};

TEST(Elf, EveryCorruptionIsRefusedWithItsReason)
{
    for (const Corruption &c : kCorruptions) {
        Image im = valid_image();
        c.apply(im);
        elf_image img;
        trace_build_problem p = (trace_build_problem)0;
        EXPECT_EQ(parse(im, &img, &p), -EINVAL) << c.what;
        EXPECT_EQ(p, c.expect) << c.what;
    }
}

// Random damage: the parser either accepts (with addresses that make
// sense) or names a problem; it never reads outside the buffer. Run under
// the address sanitizer this also proves the bounds checks.
TEST(Elf, RandomMutationsNeverEscapeTheImage)
{
    std::mt19937 rng(7);
    const Image base = valid_image();
    for (int round = 0; round < 20000; round++) {
        Image im = base;
        int flips = 1 + rng() % 8;
        for (int i = 0; i < flips; i++) {
            size_t at = rng() % 0x200;          // headers and notes
            im.bytes[at] = (uint8_t)rng();
        }
        if (rng() % 4 == 0)
            im.bytes.resize(rng() % im.bytes.size());
        // A private copy of exactly the right size: reading past it is an
        // out-of-bounds access the sanitizer (or valgrind) would catch.
        std::vector<uint8_t> exact(im.bytes);
        elf_image img;
        trace_build_problem p = (trace_build_problem)0;
        int rc = elf_parse(exact.data(), exact.size(), &img, &p);
        if (rc == 0) {
            EXPECT_LE(img.vend, 0xF5800000u);
            EXPECT_GE(img.entry, img.vstart);
            EXPECT_LT(img.entry, img.vend);
            EXPECT_TRUE(img.pae);
        } else {
            EXPECT_EQ(rc, -EINVAL);
            EXPECT_GE((int)p, (int)BUILD_NOT_ELF);
            EXPECT_LE((int)p, (int)BUILD_BAD_NOTE);
        }
    }
}

}  // namespace
