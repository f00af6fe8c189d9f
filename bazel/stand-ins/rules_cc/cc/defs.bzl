"""rules_cc, offline: every rule is Bazel 4's native one, re-exported.

Bazel 4 loads @rules_cc//cc:defs.bzl from its own tools; Debian's
bazel-rules-cc is written for a newer Bazel, so this file stands in for it.
"""

cc_binary = native.cc_binary
cc_import = native.cc_import
cc_library = native.cc_library
cc_proto_library = native.cc_proto_library
cc_test = native.cc_test
cc_toolchain = native.cc_toolchain
cc_toolchain_suite = native.cc_toolchain_suite
fdo_prefetch_hints = native.fdo_prefetch_hints
fdo_profile = native.fdo_profile
objc_library = native.objc_library
