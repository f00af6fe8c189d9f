"""qemu_test: boot the real hypervisor in QEMU through ./xenlab, then check.

The test script receives the launcher and the trace viewer as its first
two arguments, then the boot arguments for `xenlab run` (--iso FILE,
--kernel FILE --append ARGS, or --boot MANIFEST). It boots with
    "$1" run "${@:3}" --hvviz "$2" --rundir "$TEST_TMPDIR/run" --quiet
and inspects console.log and trace.bin in that directory. Nothing is
mocked: it is the same QEMU, ISO and launcher a student uses.
`extra_args` come last (e.g. the location of another tool it drives).
"""

def qemu_test(name, script, iso = None, kernel = None, boot = None, append = "", data = [], extra_args = [], size = "medium", tags = [], **kwargs):
    data = data + ["//:xenlab", "//visualizer:hvviz"]
    args = ["$(location //:xenlab)", "$(location //visualizer:hvviz)"]
    if boot:
        data.append(boot)
        args += ["--boot", "$(location %s)" % boot]
    if iso:
        data.append(iso)
        args += ["--iso", "$(location %s)" % iso]
    if kernel:
        data.append(kernel)
        args += ["--kernel", "$(location %s)" % kernel, "--append", "'%s'" % append]
    native.sh_test(
        name = name,
        srcs = [script],
        data = data,
        args = args + extra_args,
        size = size,
        tags = ["qemu"] + tags,
        **kwargs
    )
