"""nasm_object: assemble one NASM source into an ELF32 object file.

The object can be listed in the srcs of a cc_binary or cc_library built
for //bazel/platforms:i386_none. Includes are resolved relative to the
source's directory and to every directory of `hdrs`.
"""

def _nasm_object_impl(ctx):
    out = ctx.actions.declare_file(ctx.label.name + ".o")
    args = ctx.actions.args()
    args.add_all(["-f", "elf32", "-g", "-F", "dwarf", "-w+all", "-o", out])
    dirs = {ctx.file.src.dirname: True}
    for h in ctx.files.hdrs:
        dirs[h.dirname] = True
    for d in dirs:
        args.add("-I" + d + "/")
    args.add(ctx.file.src)
    ctx.actions.run(
        executable = "/usr/bin/nasm",
        arguments = [args],
        inputs = [ctx.file.src] + ctx.files.hdrs,
        outputs = [out],
        mnemonic = "Nasm",
        progress_message = "Assembling %s" % ctx.file.src.short_path,
    )
    return [DefaultInfo(files = depset([out]))]

nasm_object = rule(
    implementation = _nasm_object_impl,
    attrs = {
        "src": attr.label(allow_single_file = [".asm"], mandatory = True),
        "hdrs": attr.label_list(allow_files = [".inc", ".asm"]),
    },
)
