"""grub_iso: a bootable hybrid ISO (CD or USB stick) made by grub-mkrescue.

The ISO holds /boot/grub/grub.cfg (the `grub_cfg` file) and every file in
`files` under /boot/xenlab/ with its base name. grub-mkrescue writes an
image that boots from a CD and, written with dd, from a USB stick on a
BIOS (or CSM) PC. Files are built for i386 (see i386.bzl).
"""

load(":i386.bzl", "ALLOWLIST", "i386_transition")

def _grub_iso_impl(ctx):
    out = ctx.actions.declare_file(ctx.label.name + ".iso")
    files = ctx.files.files
    cmds = [
        "set -eu",
        "root=$(mktemp -d)",
        "trap 'rm -rf \"$root\"' EXIT",
        "mkdir -p \"$root/boot/grub\" \"$root/boot/xenlab\"",
        "cp %s \"$root/boot/grub/grub.cfg\"" % ctx.file.grub_cfg.path,
    ]
    for f in files:
        cmds.append("cp -L %s \"$root/boot/xenlab/%s\"" % (f.path, f.basename))
    cmds.append(
        "grub-mkrescue --compress=xz -o %s \"$root\" > grub-mkrescue.log 2>&1 " % out.path +
        "|| { cat grub-mkrescue.log >&2; exit 1; }",
    )
    ctx.actions.run_shell(
        command = "\n".join(cmds),
        inputs = files + [ctx.file.grub_cfg],
        outputs = [out],
        mnemonic = "GrubIso",
        progress_message = "Making bootable ISO %s" % out.short_path,
        use_default_shell_env = True,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles([out]))]

grub_iso = rule(
    implementation = _grub_iso_impl,
    attrs = dict(
        ALLOWLIST,
        grub_cfg = attr.label(allow_single_file = True, mandatory = True),
        files = attr.label_list(cfg = i386_transition, allow_files = True),
    ),
)
