"""grub_iso: a bootable hybrid ISO (CD or USB stick) made by grub-mkrescue.

    grub_iso(name = "xenlab_iso", boots = [":plain", "//lessons/01-rings:lesson"])

The ISO's boot menu has one entry per xenlab_boot target, in order, after
the header `grub_head` (menu settings), then a submenu with the autoplay
entries of those that have one (lessons); every hypervisor and guest file
lands in /boot/xenlab/. grub-mkrescue writes an image that boots from a
CD and, written with dd, from a USB stick on a BIOS (or CSM) PC.
"""

load(":boot.bzl", "BootInfo")

# The submenu of lessons that go on by themselves (xenlab_boot's autoplay).
AUTOPLAY_MENU = "Class demo: a lesson on autoplay (each step goes on by itself)"

def _grub_iso_impl(ctx):
    out = ctx.actions.declare_file(ctx.label.name + ".iso")
    cfg = ctx.actions.declare_file(ctx.label.name + ".grub.cfg")
    boots = [b[BootInfo] for b in ctx.attr.boots]
    files = {}
    for b in boots:
        for f in b.files:
            files[f.basename] = f
    autoplay = [b.grub_autoplay for b in boots if b.grub_autoplay]
    command = "cat %s > %s" % (" ".join([ctx.file.grub_head.path] + [b.grub.path for b in boots]), cfg.path)
    if autoplay:
        command += " && { echo 'submenu \"%s\" {'; cat %s; echo '}'; } >> %s" % (
            AUTOPLAY_MENU,
            " ".join([f.path for f in autoplay]),
            cfg.path,
        )
    ctx.actions.run_shell(
        command = command,
        inputs = [ctx.file.grub_head] + [b.grub for b in boots] + autoplay,
        outputs = [cfg],
        mnemonic = "GrubCfg",
    )
    cmds = [
        "set -eu",
        "root=$(mktemp -d)",
        "trap 'rm -rf \"$root\"' EXIT",
        "mkdir -p \"$root/boot/grub\" \"$root/boot/xenlab\"",
        "cp %s \"$root/boot/grub/grub.cfg\"" % cfg.path,
    ]
    for name, f in files.items():
        cmds.append("cp -L %s \"$root/boot/xenlab/%s\"" % (f.path, name))
    cmds.append(
        "grub-mkrescue --compress=xz -o %s \"$root\" > grub-mkrescue.log 2>&1 " % out.path +
        "|| { cat grub-mkrescue.log >&2; exit 1; }",
    )
    ctx.actions.run_shell(
        command = "\n".join(cmds),
        inputs = files.values() + [cfg],
        outputs = [out],
        mnemonic = "GrubIso",
        progress_message = "Making bootable ISO %s" % out.short_path,
        use_default_shell_env = True,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles([out]))]

grub_iso = rule(
    implementation = _grub_iso_impl,
    attrs = {
        "grub_head": attr.label(allow_single_file = True, mandatory = True),
        "boots": attr.label_list(providers = [BootInfo]),
    },
)
