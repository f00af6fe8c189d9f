// insn_len_test.cc - the SVM instruction-length decoder (hv/arch/x86/hvm/
// insn_len.c) on the bytes a guest might put at rip: prefixes counted,
// the opcode the exit names required, fifteen bytes at most, and bytes
// that run out before the instruction does told apart from wrong ones.
#include <gtest/gtest.h>

#include <cerrno>
#include <vector>

extern "C" int insn_len_bytes(const uint8_t *b, unsigned int n, const uint8_t *op,
                              unsigned int oplen);

namespace {

const uint8_t kCpuid[] = {0x0f, 0xa2};
const uint8_t kWrmsr[] = {0x0f, 0x30};

struct Case {
    const char *what;
    std::vector<uint8_t> bytes;
    const uint8_t *op;
    int want;
};

const Case kCases[] = {
    {"bare cpuid", {0x0f, 0xa2, 0x90}, kCpuid, 2},
    {"ds cpuid", {0x3e, 0x0f, 0xa2}, kCpuid, 3},
    {"every legacy prefix", {0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3,
                             0x0f, 0x30},
     kWrmsr, 13},
    {"fourteen prefixes: 16 bytes", {0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
                                     0x3e, 0x3e, 0x3e, 0x3e, 0x0f, 0xa2},
     kCpuid, -EINVAL},
    {"thirteen prefixes: 15 bytes", {0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
                                     0x3e, 0x3e, 0x3e, 0x0f, 0xa2},
     kCpuid, 15},
    {"another instruction", {0x0f, 0x32}, kWrmsr, -EINVAL},
    {"a REX-like byte is no prefix here", {0x48, 0x0f, 0xa2}, kCpuid, -EINVAL},
    {"bytes end in the prefixes", {0x3e, 0x66}, kCpuid, -EFAULT},
    {"bytes end in the opcode", {0x3e, 0x0f}, kCpuid, -EFAULT},
    {"nothing readable", {}, kCpuid, -EFAULT},
};

TEST(InsnLen, Cases)
{
    for (const Case &c : kCases)
        EXPECT_EQ(insn_len_bytes(c.bytes.data(), (unsigned int)c.bytes.size(), c.op, 2), c.want)
            << c.what;
}

}  // namespace
