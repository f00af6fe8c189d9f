"""xenlab_boot: one way to boot xenlab - the hypervisor, its command line,
and the guest kernels to load as modules (module 0 becomes domain 0).

    xenlab_boot(
        name = "lesson",
        title = "Lesson 01: rings and privileged instructions",
        cmdline = "",
        guests = [":rings.elf"],
        guest_args = ["name=rings mem=4M"],
    )

produces <name>.boot, a plain-text manifest the launcher boots with QEMU
(-kernel/-initrd), and <name>.grub, the same boot as a GRUB menu entry
for the ISO (grub_iso in iso.bzl). One description, two boot paths.
With autoplay = SECS, also <name>.autoplay.grub: the same entry with
autoplay=SECS, for the ISO's class-demo submenu (lessons that go on by
themselves on a PC with nobody at the keyboard).

Manifest lines:
    title TEXT
    hypervisor PATH            (relative to bazel-bin, or to the runfiles)
    cmdline WORDS
    module PATH WORDS          (one per guest, in domain order)
"""

BootInfo = provider(fields = ["title", "grub", "grub_autoplay", "files"])

def _menuentry(title, cmdline, guests, args):
    entry = [
        'menuentry "%s" {' % title,
        "    multiboot /boot/xenlab/hv.elf " + cmdline,
    ]
    for g, a in zip(guests, args):
        entry.append("    module /boot/xenlab/%s %s %s" % (g.basename, g.basename, a))
    return "\n".join(entry + ["    boot", "}", ""])

def _impl(ctx):
    hv = ctx.files._hypervisor[0]
    guests = ctx.files.guests
    args = ctx.attr.guest_args + [""] * (len(guests) - len(ctx.attr.guest_args))
    # More argument lines than guests: the last guest boots once per line.
    if guests:
        guests = guests + [guests[-1]] * (len(args) - len(guests))
    conf = ctx.actions.declare_file(ctx.label.name + ".boot")
    grub = ctx.actions.declare_file(ctx.label.name + ".grub")

    lines = [
        "title " + ctx.attr.title,
        "hypervisor " + hv.short_path,
        "cmdline " + ctx.attr.cmdline,
    ]
    for g, a in zip(guests, args):
        lines.append("module %s %s" % (g.short_path, a))
    ctx.actions.write(conf, "\n".join(lines) + "\n")
    ctx.actions.write(grub, _menuentry(ctx.attr.title, ctx.attr.cmdline, guests, args))
    grub_autoplay = None
    if ctx.attr.autoplay > 0:
        grub_autoplay = ctx.actions.declare_file(ctx.label.name + ".autoplay.grub")
        ctx.actions.write(grub_autoplay, _menuentry(
            "%s (autoplay)" % ctx.attr.title,
            ("%s autoplay=%d" % (ctx.attr.cmdline, ctx.attr.autoplay)).strip(),
            guests,
            args,
        ))
    files = [hv] + guests
    return [
        DefaultInfo(
            files = depset([conf]),
            runfiles = ctx.runfiles(files = files + [conf]),
        ),
        BootInfo(title = ctx.attr.title, grub = grub, grub_autoplay = grub_autoplay, files = files),
    ]

xenlab_boot = rule(
    implementation = _impl,
    attrs = {
        "title": attr.string(mandatory = True),
        "cmdline": attr.string(default = ""),
        # bare_metal_image targets (pv_guest makes them): already i386,
        # and placed in bazel-bin where the launcher looks for them.
        "guests": attr.label_list(allow_files = True),
        # One line per domain; extra lines repeat the last guest.
        "guest_args": attr.string_list(),
        # Seconds a step waits in the ISO's autoplay entry; 0: no such entry.
        "autoplay": attr.int(default = 0),
        "_hypervisor": attr.label(default = "//hv:hv.elf"),
    },
)
