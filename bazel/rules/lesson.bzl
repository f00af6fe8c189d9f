"""xenlab_lesson: one lesson of the course, with its unattended check.

In lessons/NN-topic/BUILD:

    pv_guest(name = "rings.elf", srcs = ["rings.c"])

    xenlab_lesson(
        number = 1,
        title = "Rings and privileged instructions",
        guests = [":rings.elf"],
        guest_args = ["name=rings"],
    )

makes :lesson (the boot manifest and GRUB entry, see boot.bzl),
:steps_test (the steps file lints: every step has a title and text,
nothing the author wrote is lost), :recording_test (the lesson's recording, trace.bin, still matches its
expect file) and :check_test, which runs exactly what a student runs:

    ./xenlab lesson NN --check

on the artifacts Bazel built, and passes only if every event in the
lesson's `expect` file came and every domain finished cleanly.
"""

load(":boot.bzl", "xenlab_boot")

def xenlab_lesson(number, title, guests, guest_args = [], cmdline = "", check_size = "medium"):
    nn = ("0" + str(number))[-2:]

    # The lesson's text and recording, for tests that follow it as a
    # student would.
    native.exports_files(["README.md", "expect", "steps"] + native.glob(["trace.bin"]), visibility = ["//visibility:public"])
    xenlab_boot(
        name = "lesson",
        title = "Lesson %s: %s" % (nn, title),
        guests = guests,
        guest_args = guest_args,
        cmdline = cmdline,
        autoplay = 8,
        visibility = ["//visibility:public"],
    )
    native.sh_test(
        name = "check_test",
        srcs = ["//tests/qemu:lesson_check.sh"],
        args = [nn],
        data = [
            ":lesson",
            "expect",
            "steps",
            "//:xenlab",
            "//visualizer:hvviz",
        ],
        size = check_size,
        tags = ["qemu"],
    )

    # The steps file, linted: each step has a title and text, and the
    # lesson pane shows every line written below the first step.
    native.sh_test(
        name = "steps_test",
        size = "small",
        srcs = ["//tests/visualizer:steps_lint.sh"],
        args = [
            "$(location //visualizer:hvviz)",
            "$(location steps)",
        ],
        data = [
            "steps",
            "//visualizer:hvviz",
        ],
    )

    # The recording that `./xenlab lesson N --replay` shows (made by
    # tools/record-lessons) must still satisfy the expect file. (A new
    # lesson has none until it is recorded.)
    if not native.glob(["trace.bin"]):
        return
    native.sh_test(
        name = "recording_test",
        size = "small",
        srcs = ["//tests/visualizer:recording_check.sh"],
        args = [
            "$(location //visualizer:hvviz)",
            "$(location expect)",
            "$(location trace.bin)",
        ],
        data = [
            "expect",
            "trace.bin",
            "//visualizer:hvviz",
        ],
    )
