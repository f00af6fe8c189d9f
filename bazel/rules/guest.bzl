"""pv_guest: a paravirtual guest kernel linked with libguest.

    pv_guest(name = "hello.elf", srcs = ["hello.c"])

builds an ELF32 kernel at 0xC0000000 with the Xen notes, for
//bazel/platforms:i386_none, and puts it at bazel-bin/<package>/<name>
for ISOs, the launcher and GDB.

hvm_guest: an unmodified kernel for a hardware-assisted domain.

    hvm_guest(name = "unmodified", srcs = ["unmodified.c"])

builds <name>.elf (linked at 1 MB by guest/flat.ld, with guest/flat.c's
start of day; its symbols are for GDB) and <name>.img, the flat image
a module line with "hvm" boots.
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

def hvm_guest(name, srcs, deps = [], copts = [], visibility = None):
    native.cc_binary(
        name = name + ".bin",
        srcs = srcs,
        copts = copts,
        deps = ["//guest:flat"] + deps,
        additional_linker_inputs = ["//guest:flat.ld"],
        linkopts = ["-Wl,-T,$(location //guest:flat.ld)"],
        target_compatible_with = BARE_METAL,
    )
    bare_metal_image(
        name = name + ".elf",
        binary = ":" + name + ".bin",
        visibility = visibility,
    )
    native.genrule(
        name = name + "_img",
        srcs = [":" + name + ".elf"],
        outs = [name + ".img"],
        cmd = "objcopy -O binary $< $@",
        visibility = visibility,
    )
