// cmdline_test.cc - hv/common/cmdline.c: finding key=value options.
#include <gtest/gtest.h>

extern "C" {
#include <hv/cmdline.h>
}

namespace {

struct Case {
    const char *line, *key;
    bool found;
    const char *value;
};

TEST(Cmdline, TableOfCases)
{
    const Case cases[] = {
        {"/boot/hv.elf lesson=1 selftest=ud", "lesson", true, "1"},
        {"/boot/hv.elf lesson=1 selftest=ud", "selftest", true, "ud"},
        {"/boot/hv.elf lesson=1", "less", false, ""},       // prefix only
        {"/boot/hv.elf lessons=1", "lesson", false, ""},
        {"/boot/hv.elf  debug  x=2", "debug", true, ""},    // bare key
        {"a=1 a=2", "a", true, "1"},                        // first wins
        {"", "a", false, ""},
        {"k=", "k", true, ""},
        {"k=verylongvaluethatdoesnotfit", "k", true, "verylon"},
    };
    for (const Case &c : cases) {
        char val[8] = "unset";
        bool found = cmdline_get(c.line, c.key, val, sizeof(val));
        EXPECT_EQ(found, c.found) << c.line << " / " << c.key;
        if (c.found) {
            EXPECT_STREQ(val, c.value) << c.line << " / " << c.key;
        }
    }
}

}  // namespace
