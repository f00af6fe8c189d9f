// viz_steps_test.cc - visualizer/steps.c: lesson steps files, good and
// broken. A broken file must give an error that names the line and says
// what is wrong; a good one must give exactly the text the author wrote.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <sys/stat.h>

extern "C" {
#include "visualizer/steps.h"
}

namespace {

struct Parsed {
    int rc;
    std::string err;
    lesson_steps ls;
};

Parsed parse(const std::string &text)
{
    Parsed p;
    char err[256] = "";
    p.rc = steps_parse(&p.ls, text.data(), text.size(), "steps", err, sizeof(err));
    p.err = err;
    return p;
}

TEST(Steps, ParsesTitleStepsAndTheirText)
{
    Parsed p = parse(
        "# a comment\n"
        "title: Rings and privileged instructions\n"
        "\n"
        "step 1: A guest kernel in ring 1\n"
        "\n"
        "The kernel runs in ring 1.\n"
        "#GP handler: from the first step on, a '#' line is text\n"
        "  Indented\tline.   \n"
        "\n"
        "Second paragraph.\n"
        "\n"
        "step 3:   Privileged instructions  \r\n"
        "cli traps → ring 0\r\n"
        "step by step, this line is text\n");
    ASSERT_EQ(p.rc, 0) << p.err;
    EXPECT_STREQ(p.ls.title, "Rings and privileged instructions");
    ASSERT_EQ(p.ls.nr_steps, 2u);
    const lesson_step &a = p.ls.steps[0];
    EXPECT_EQ(a.number, 1u);
    EXPECT_STREQ(a.title, "A guest kernel in ring 1");
    ASSERT_EQ(a.nr_lines, 5u);      // blank lines at the ends dropped
    EXPECT_STREQ(a.lines[0], "The kernel runs in ring 1.");
    EXPECT_STREQ(a.lines[1], "#GP handler: from the first step on, a '#' line is text");
    EXPECT_STREQ(a.lines[2], "  Indented line.");
    EXPECT_STREQ(a.lines[3], "");
    EXPECT_STREQ(a.lines[4], "Second paragraph.");
    const lesson_step &b = p.ls.steps[1];
    EXPECT_EQ(b.number, 3u);
    EXPECT_STREQ(b.title, "Privileged instructions");
    ASSERT_EQ(b.nr_lines, 2u);
    EXPECT_STREQ(b.lines[0], "cli traps → ring 0");
    EXPECT_STREQ(b.lines[1], "step by step, this line is text");
    EXPECT_EQ(steps_find(&p.ls, 3), &p.ls.steps[1]);
    EXPECT_EQ(steps_find(&p.ls, 2), nullptr);
    EXPECT_EQ(steps_find(nullptr, 1), nullptr);
    steps_free(&p.ls);
}

TEST(Steps, TitleIsOptionalAndALastLineNeedsNoNewline)
{
    Parsed p = parse("step 1: Only\ntext");
    ASSERT_EQ(p.rc, 0) << p.err;
    EXPECT_EQ(p.ls.title, nullptr);
    ASSERT_EQ(p.ls.steps[0].nr_lines, 1u);
    EXPECT_STREQ(p.ls.steps[0].lines[0], "text");
    steps_free(&p.ls);
}

struct Bad {
    const char *text;
    const char *error;          // expected in the message, with the line
};

TEST(Steps, MalformedFilesAreRefusedWithTheLineAndTheReason)
{
    const std::string long_line(STEPS_MAX_LINE + 1, 'x');
    const Bad cases[] = {
        {"", "steps: no \"step N:\" lines"},
        {"# only comments\n\n", "steps: no \"step N:\" lines"},
        {"title: x\n", "no \"step N:\" lines"},
        {"Some text\nstep 1: a\n", "steps:1: text before the first"},
        {"title: a\ntitle: b\nstep 1: x\n", "steps:2: a second title"},
        {"step 2: a\nstep 1: b\n", "steps:2: step numbers must increase"},
        {"step 1: a\nstep 1: b\n", "steps:2: step numbers must increase"},
        {"step 0: a\n", "steps:1: a step number is a whole number from 1"},
        {"step 1x: a\n", "steps:1: a step number is a whole number from 1"},
        {"step 99999999999999999999: a\n", "steps:1: a step number"},
        {"step 3 no colon\n", "steps:1: a step line is \"step N: title\" (missing ':')"},
        {"step 1: a\nbell \a here\n", "steps:2: control character"},
        {"step 1: a\n\xff\xfe\n", "steps:2: not UTF-8"},
        {"step 1: a\n\xe2\x86\n", "steps:2: not UTF-8"},
    };
    for (const Bad &c : cases) {
        Parsed p = parse(c.text);
        EXPECT_EQ(p.rc, -1) << c.text;
        EXPECT_NE(p.err.find(c.error), std::string::npos)
            << "for " << c.text << " got: " << p.err;
        EXPECT_EQ(p.ls.nr_steps, 0u);       // nothing half-built survives
    }
    Parsed p = parse("step 1: a\n" + long_line + "\n");
    EXPECT_EQ(p.rc, -1);
    EXPECT_NE(p.err.find("steps:2: line too long"), std::string::npos) << p.err;
    std::string nul("step 1: a\n\0\n", 12);
    p = parse(nul);
    EXPECT_NE(p.err.find("NUL bytes"), std::string::npos) << p.err;
    std::string many;
    for (int i = 1; i <= STEPS_MAX_STEPS + 1; i++)
        many += "step " + std::to_string(i) + ": s\n";
    p = parse(many);
    EXPECT_NE(p.err.find("too many steps"), std::string::npos) << p.err;
    std::string huge(STEPS_MAX_BYTES + 1, '\n');
    p = parse(huge);
    EXPECT_NE(p.err.find("too large"), std::string::npos) << p.err;
}

std::string tmpdir()
{
    return std::string(getenv("TEST_TMPDIR"));
}

// The pane joins an author's lines into paragraphs, so that a narrow pane
// wraps them evenly; blank lines, indented lines and list items stay apart.
TEST(Steps, ParagraphsJoinLinesUpToABlankOrAListItem)
{
    Parsed p = parse("step 1: a\none\ntwo\n\nthree\n- item\n  indented\nfour\n");
    ASSERT_EQ(p.rc, 0) << p.err;
    char buf[STEPS_MAX_PARAGRAPH];
    unsigned int i = 0;
    std::vector<std::string> got;
    for (const char *s; (s = steps_paragraph(&p.ls.steps[0], &i, buf, sizeof(buf))) != nullptr;)
        got.push_back(s);
    std::vector<std::string> want = {"one two", "", "three", "- item", "  indented four"};
    EXPECT_EQ(got, want);
    steps_free(&p.ls);
}

TEST(Steps, LoadsADirectoryAndTakesTheLessonNumberFromItsName)
{
    std::string dir = tmpdir() + "/07-paging/";
    mkdir(dir.c_str(), 0755);
    FILE *f = fopen((dir + "steps").c_str(), "w");
    fputs("title: Paging\nstep 1: one\n", f);
    fclose(f);
    lesson_steps ls;
    char err[256];
    ASSERT_EQ(steps_load(&ls, dir.c_str(), err, sizeof(err)), 0) << err;
    EXPECT_EQ(ls.number, 7);
    EXPECT_STREQ(ls.title, "Paging");
    steps_free(&ls);
    // The file itself also works; it has no number.
    ASSERT_EQ(steps_load(&ls, (dir + "steps").c_str(), err, sizeof(err)), 0) << err;
    EXPECT_EQ(ls.number, -1);
    steps_free(&ls);
}

TEST(Steps, MissingFilesSayWhatAndWhere)
{
    lesson_steps ls;
    char err[256];
    std::string dir = tmpdir() + "/empty-lesson";
    mkdir(dir.c_str(), 0755);
    EXPECT_EQ(steps_load(&ls, dir.c_str(), err, sizeof(err)), -1);
    EXPECT_NE(std::string(err).find("empty-lesson/steps: No such file"), std::string::npos) << err;
    EXPECT_EQ(steps_load(&ls, "/no/such/lesson", err, sizeof(err)), -1);
    EXPECT_NE(std::string(err).find("/no/such/lesson"), std::string::npos) << err;
}

}  // namespace

namespace {

// hvviz --lint-steps: a step the pane would show bare, or could not show
// whole at 80x24, is refused; a good
// file comes back exactly as the pane shows it.
TEST(Steps, LintWantsATitleAndTextForEveryStep)
{
    const Bad cases[] = {
        {"step 1: a\ntext\nstep 2:\ntext\n", "step 2 has no title"},
        {"step 1: a\nstep 2: b\ntext\n", "step 1 has no text"},
    };
    // (Lines of one paragraph are joined; blank lines part paragraphs.)
    std::string tall = "step 1: a\n";
    for (int i = 0; i < STEPS_SMALL_ROWS; i++)
        tall += "a paragraph\n\n";
    const Bad too_tall = {tall.c_str(), "step 1 needs 18 rows in an 80x24 terminal, more than the 9"};
    for (const Bad &c : {cases[0], cases[1], too_tall}) {
        Parsed p = parse(c.text);
        ASSERT_EQ(p.rc, 0) << p.err;
        char err[256] = "";
        FILE *out = tmpfile();
        EXPECT_EQ(steps_lint(&p.ls, out, err, sizeof(err)), -1) << c.text;
        EXPECT_NE(std::string(err).find(c.error), std::string::npos) << err;
        fclose(out);
        steps_free(&p.ls);
    }
    Parsed p = parse("# header\ntitle: T\nstep 1: a\n#GP here\n\nmore\n");
    ASSERT_EQ(p.rc, 0) << p.err;
    char err[256] = "", buf[256] = "";
    FILE *out = tmpfile();
    ASSERT_EQ(steps_lint(&p.ls, out, err, sizeof(err)), 0) << err;
    rewind(out);
    size_t n = fread(buf, 1, sizeof(buf) - 1, out);
    buf[n] = '\0';
    EXPECT_STREQ(buf, "step 1: a\n#GP here\n\nmore\n");
    fclose(out);
    steps_free(&p.ls);
}

}  // namespace
