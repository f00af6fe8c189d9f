"""pv_guest: a paravirtual guest kernel linked with libguest.

    pv_guest(name = "hello.elf", srcs = ["hello.c"])

builds an ELF32 kernel at 0xC0000000 with the Xen notes, for
//bazel/platforms:i386_none, and puts it at bazel-bin/<package>/<name>
for ISOs, the launcher and GDB.
"""

load(":i386.bzl", "BARE_METAL", "bare_metal_image")

def pv_guest(name, srcs, deps = [], copts = [], visibility = None):
    native.cc_binary(
        name = name + ".bin",
        srcs = srcs,
        copts = copts,
        deps = ["//guest:libguest"] + deps,
        additional_linker_inputs = ["//guest:guest.ld"],
        linkopts = ["-Wl,-T,$(location //guest:guest.ld)"],
        target_compatible_with = BARE_METAL,
    )
    bare_metal_image(
        name = name,
        binary = ":" + name + ".bin",
        visibility = visibility,
    )
