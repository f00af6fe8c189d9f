"""Building bare-metal i386 code from a host build.

`bazel build //...` runs for the host platform. Targets that only make
sense on the bare machine (the hypervisor, guest kernels) are marked
target_compatible_with os:none, so the host build skips them, and are
reached through i386_transition, which switches the platform to
//bazel/platforms:i386_none for everything below it.

bare_metal_image copies such a binary into the host configuration under a
stable name (bazel-bin/<package>/<name>), for the launcher and GDB.
"""

I386_PLATFORM = "//bazel/platforms:i386_none"

BARE_METAL = ["@platforms//os:none"]

def _i386_transition_impl(settings, attr):
    return {"//command_line_option:platforms": I386_PLATFORM}

i386_transition = transition(
    implementation = _i386_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

ALLOWLIST = {
    "_allowlist_function_transition": attr.label(
        default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
    ),
}

def _bare_metal_image_impl(ctx):
    src = ctx.files.binary[0]
    out = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.symlink(output = out, target_file = src)
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles([out]))]

bare_metal_image = rule(
    implementation = _bare_metal_image_impl,
    attrs = dict(ALLOWLIST, binary = attr.label(cfg = i386_transition, mandatory = True)),
)
