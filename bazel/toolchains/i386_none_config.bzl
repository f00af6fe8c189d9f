"""A freestanding i386 C toolchain: Debian's GCC with -m32 and no OS.

Everything that runs on the bare machine (the hypervisor and the guest
kernels) is compiled by this toolchain. It is selected by platform
(//bazel/platforms:i386_none), which rules reach through the i386 transition
in //bazel/rules:i386.bzl, so host tools and bare-metal images build in the
same `bazel build //...`.
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
)

_COMPILE = [
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
]

_LINK = [ACTION_NAMES.cpp_link_executable]

# Why each flag: -m32 for i386; -ffreestanding because there is no libc;
# -mgeneral-regs-only so ring-0 code never touches FPU/SSE state that belongs
# to guests; no PIC, no stack protector, no unwind tables: none of them have
# anything to stand on in a hypervisor.
_CFLAGS = [
    "-m32",
    "-march=i686",
    "-ffreestanding",
    "-fno-pic",
    "-fno-pie",
    "-fno-stack-protector",
    "-fno-asynchronous-unwind-tables",
    "-fomit-frame-pointer",
    "-fcf-protection=none",
    "-mgeneral-regs-only",
    "-mno-red-zone",
    "-std=gnu11",
    "-O2",
    "-g",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wno-unused-parameter",
    "-Wno-missing-field-initializers",
    "-Wno-override-init",
]

# libgcc supplies 64-bit division for 32-bit code (__udivdi3 and friends).
_LDFLAGS = [
    "-m32",
    "-nostdlib",
    "-static",
    "-no-pie",
    "-Wl,--build-id=none",
    "-Wl,-z,noexecstack",
    "-Wl,--no-warn-rwx-segments",
]

def _impl(ctx):
    features = [
        feature(
            name = "i386_freestanding_compile",
            enabled = True,
            flag_sets = [flag_set(actions = _COMPILE, flag_groups = [flag_group(flags = _CFLAGS)])],
        ),
        feature(
            name = "i386_freestanding_link",
            enabled = True,
            flag_sets = [flag_set(actions = _LINK, flag_groups = [flag_group(flags = _LDFLAGS)])],
        ),
        feature(
            name = "libgcc_last",
            enabled = True,
            flag_sets = [flag_set(actions = _LINK, flag_groups = [flag_group(flags = ["-lgcc"])])],
        ),
        feature(name = "supports_pic", enabled = False),
        # Bazel strips fastbuild binaries (-Wl,-S) through a feature of
        # this name; declared empty, the hypervisor and every guest kernel
        # keep their debug info, for GDB (./xenlab gdb).
        feature(name = "strip_debug_symbols"),
    ]
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        toolchain_identifier = "i386-none-gcc",
        host_system_name = "x86_64-linux-gnu",
        target_system_name = "i386-none-elf",
        target_cpu = "x86_32",
        target_libc = "none",
        compiler = "gcc",
        abi_version = "none",
        abi_libc_version = "none",
        cxx_builtin_include_directories = [
            "/usr/lib/gcc/x86_64-linux-gnu/12/include",
        ],
        tool_paths = [
            tool_path(name = "gcc", path = "/usr/bin/gcc"),
            tool_path(name = "ld", path = "/usr/bin/ld"),
            tool_path(name = "ar", path = "/usr/bin/ar"),
            tool_path(name = "cpp", path = "/usr/bin/cpp"),
            tool_path(name = "nm", path = "/usr/bin/nm"),
            tool_path(name = "objdump", path = "/usr/bin/objdump"),
            tool_path(name = "objcopy", path = "/usr/bin/objcopy"),
            tool_path(name = "strip", path = "/usr/bin/strip"),
            tool_path(name = "gcov", path = "/bin/false"),
        ],
    )

i386_none_config = rule(
    implementation = _impl,
    attrs = {},
    provides = [CcToolchainConfigInfo],
)
