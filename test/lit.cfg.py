# lit configuration for the gotfree test suite.
import os
import shutil

import lit.formats
from lit.llvm import llvm_config

config.name = "gotfree"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".ll", ".mir", ".c", ".s", ".test", ".cpp"]
# test/kernel holds the kernel configuration and init program of the
# end-to-end stage (utils/test-stages/kernel.sh), not lit tests.
config.excludes = ["Inputs", "kernel", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.gotfree_obj_root, "test")

# Every tool comes from LLVM 22: /usr/bin holds LLVM 14.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()

plugin = config.gotfree_plugin
utils = os.path.join(config.gotfree_src_root, "utils")
config.substitutions.append(("%gotfree_so", plugin))
config.substitutions.append(("%gotfree_check", config.gotfree_check))
config.substitutions.append(("%gotfree_shuffle", config.gotfree_shuffle))
config.substitutions.append(("%gotfree_utils", utils))
config.substitutions.append(("%gotfree_src", config.gotfree_src_root))
# llc with every gotfree MIR pass registered for -run-pass.
config.substitutions.append(
    ("%llc_gf", "llc -load=%s -verify-machineinstrs" % plugin))
config.substitutions.append(("%opt_gf", "opt -load-pass-plugin=%s" % plugin))
config.substitutions.append(("%clang_gf", "clang -fplugin=%s" % plugin))

if os.path.exists(os.path.join(config.llvm_tools_dir, "clang-format")):
    config.available_features.add("clang-format")
if os.path.exists(config.gotfree_check):
    config.available_features.add("gotfree-check")
if os.path.exists(config.gotfree_shuffle):
    config.available_features.add("gotfree-shuffle")
if shutil.which("csmith") and os.path.isdir("/usr/include/csmith"):
    config.available_features.add("csmith")
if shutil.which("ld.bfd"):
    config.available_features.add("gnu-ld")
patched_lld = os.environ.get("GOTFREE_PATCHED_LLD", "")
if patched_lld and os.path.exists(patched_lld):
    config.available_features.add("patched-lld")
    config.substitutions.append(("%ld_lld_patched", patched_lld))

# Long-running differential and end-to-end tests scale with this knob.
config.environment["GOTFREE_CSMITH_SEEDS"] = os.environ.get(
    "GOTFREE_CSMITH_SEEDS", "150")
for var in ("HOME", "GOTFREE_CACHE"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
