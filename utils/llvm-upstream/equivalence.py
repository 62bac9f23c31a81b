#!/usr/bin/env python3
"""Plugin <-> in-tree equivalence of the X86 series (llvm-pass/upstream).

Every input is compiled to an object twice per mode, with -verify-machineinstrs:

  plugin   stock llc -load=GotFree.so -gotfree-mode=MODE
  in-tree  patched llc, the input with the "nogot" module flag added, and in
           rewrite mode (a kernel's code model) -x86-relative-jump-tables
           -x86-annotate-tablejump, which is what the plugin does by default
           for a kernel

with the modes of the CodeGen/X86 sweep (utils/codegen-sweep/sweep.py):

  rewrite  -relocation-model=static -code-model=kernel
  pie      -relocation-model=pic

Each object gets a relocation census: gotfree-check's GOT-forming and
absolute relocations (the contract: none) and the histogram of relocation
types per section. A (file, mode) is

  identical   both compile, both keep the contract, same histogram
  differs     both compile and keep the contract, the histograms differ: the
              difference is listed with the reason it is put down to
  refused     both refuse the input with a diagnostic
  asm-scope   the plugin refuses an inline asm operand the series does not
              check (inline asm is outside its contract; see the cover
              letter)
  contract    either object has a GOT or absolute relocation
  one-fails   one side compiles and the other does not
  llvm-fails  stock llc without the plugin cannot compile it (not counted)

Writes OUT/equivalence.tsv and OUT/summary.txt and prints the summary; its
last line is "equivalence: N passed, N failed" (identical, differs,
refused and asm-scope pass, each listed; contract and one-fails fail). The
.text bytes of both sides are summed over the inputs both compile.
"""
import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "codegen-sweep"))
import sweep  # noqa: E402
from nogot_flag import add_nogot_flag  # noqa: E402

LLVM_BIN = sweep.LLVM_BIN
MODES = sweep.MODES
INTREE_MODE_ARGS = {
    "rewrite": ["-x86-relative-jump-tables", "-x86-annotate-tablejump"],
    "pie": [],
}
def census(obj, check):
    """(forbidden relocations, {(section, type): count}, .text bytes) of obj,
    or None when it is no ELF object."""
    c = subprocess.run([check, "--allow=jump-table", obj], capture_output=True,
                       text=True, timeout=120)
    if c.returncode == 2:
        return None
    forbidden = collections.Counter()
    for line in c.stdout.splitlines():
        m = re.match(r"(got-ref|abs-reloc): .*\[(R_X86_64_\w+)", line)
        if m:
            forbidden[m.group(2)] += 1
    r = subprocess.run([f"{LLVM_BIN}/llvm-readelf", "-r", "-S", "--wide", obj],
                       capture_output=True, text=True, timeout=120).stdout
    hist = collections.Counter()
    section = None
    for line in r.splitlines():
        m = re.match(r"Relocation section '\.rela?(\S*)'", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"\s*[0-9a-f]{8,}\s+[0-9a-f]+\s+(R_X86_64_\w+)", line)
        if m and section is not None and not section.startswith(".debug"):
            hist[(section, m.group(1))] += 1
    text = 0
    for m in re.finditer(r"^\s*\[\s*\d+\]\s+\S+\s+PROGBITS\s+[0-9a-f]+\s+[0-9a-f]+"
                         r"\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S*)X\S*\s", r, re.M):
        text += int(m.group(1), 16)
    return forbidden, hist, text


def reasons(plugin, intree):
    """The differences of two histograms, each with the reason for it."""
    delta = collections.Counter(intree)
    delta.subtract(plugin)
    delta = {k: v for k, v in delta.items() if v}
    out = []
    sections = sorted({s for s, _ in delta})
    for sec in sections:
        d = {t: v for (s, t), v in delta.items() if s == sec}
        desc = ", ".join(f"{t.replace('R_X86_64_', '')} {v:+d}" for t, v in sorted(d.items()))
        if sec == ".discard.tablejump_annotate":
            why = "jump-table annotations: a table jump more or fewer after tail duplication"
        elif sec.startswith(".rodata") or sec.startswith(".data.rel.ro"):
            why = ("jump-table format: the plugin gives tables outside a kernel "
                   "8-byte entries (absolute-rip, R_X86_64_64), the series keeps "
                   "the 4-byte relative entries of PIC code (R_X86_64_PC32)")
            if sec.startswith(".rodata.cst") or not (set(d) & {"R_X86_64_64", "R_X86_64_PC32"}):
                why = "constant data relocations"
        elif sec in (".eh_frame", ".gcc_except_table") or sec.startswith(".data.DW.ref"):
            why = ("exception-table encodings: the plugin makes them PC-relative "
                   "in rewrite mode (through DW.ref words), the series leaves "
                   "TargetLoweringObjectFile's absolute ones (R_X86_64_64 in the "
                   "kernel code model)")
        elif sec.startswith(".text") and d.get("R_X86_64_32S", 0) < 0 and \
                set(d) <= {"R_X86_64_32S", "R_X86_64_PC32"}:
            why = ("a reference the plugin keeps absolute by policy (%gs: per-CPU "
                   "data under segment-refs=keep, inline asm in a kernel), which "
                   "the series makes RIP-relative")
        elif sec.startswith(".text") and set(d) <= {"R_X86_64_PLT32", "R_X86_64_PC32"} \
                and sum(d.values()) == 0:
            why = ("calls: the plugin keeps @PLT on calls to symbols that are not "
                   "dso_local, the series makes them direct (both PC-relative, no GOT)")
        elif sec.startswith(".text") and set(d) <= {"R_X86_64_PLT32", "R_X86_64_PC32",
                                                    "R_X86_64_GOTPCRELX",
                                                    "R_X86_64_REX_GOTPCRELX"}:
            why = ("more or fewer RIP-relative references: instruction selection "
                   "and the plugin's rewrites (with its LEA sharing) place the LEAs "
                   "differently")
        elif sec.startswith(".text") and "R_X86_64_64" in d:
            why = "64-bit absolute addresses in code (movabsq)"
        elif sec.startswith(".data") or sec.startswith(".init_array") or sec.startswith(".fini_array"):
            why = "data relocations"
        else:
            why = "other"
        out.append((sec, desc, why))
    return out


def compile_one(cmd, out, timeout=180):
    try:
        r = subprocess.run(cmd + ["-o", out], capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, "timeout"
    if r.returncode == 0:
        return True, ""
    line = next((l for l in r.stderr.splitlines() if "error" in l or "LLVM ERROR" in l),
                r.stderr.strip().splitlines()[0] if r.stderr.strip() else "")
    return False, line.strip()[:200]


def run(path, args, mode, a, work):
    base = os.path.join(work, re.sub(r"[^\w.-]", "_", os.path.relpath(path, "/")) + "." + mode)
    ref = [f"{LLVM_BIN}/llc", "-verify-machineinstrs", "-filetype=obj", path] + args + MODES[mode]
    ok, _ = compile_one(ref, base + ".ref.o")
    if not ok:
        return "llvm-fails", "", 0, 0
    with open(path, errors="replace") as fh:
        ir = add_nogot_flag(fh.read())
    with open(base + ".nogot.ll", "w") as fh:
        fh.write(ir)
    plugin_cmd = [f"{LLVM_BIN}/llc", f"-load={a.plugin}", f"-gotfree-mode={mode}",
                  "-verify-machineinstrs", "-filetype=obj", path] + args + MODES[mode]
    intree_cmd = [a.llc, "-verify-machineinstrs", "-filetype=obj", base + ".nogot.ll"] + \
        args + MODES[mode] + INTREE_MODE_ARGS[mode]
    try:
        p_ok, p_err = compile_one(plugin_cmd, base + ".plugin.o")
        t_ok, t_err = compile_one(intree_cmd, base + ".intree.o")
        if not p_ok and not t_ok:
            return "refused", f"plugin: {p_err} | in-tree: {t_err}", 0, 0
        if not p_ok and "gotfree: inline asm" in p_err:
            return "asm-scope", f"plugin: {p_err}", 0, 0
        if not p_ok or not t_ok:
            side = "plugin" if not p_ok else "in-tree"
            return "one-fails", f"{side}: {p_err or t_err}", 0, 0
        pc = census(base + ".plugin.o", a.check)
        tc = census(base + ".intree.o", a.check)
        if pc is None or tc is None:
            return "identical", "no object (the options write none)", 0, 0
        bad = []
        if pc[0]:
            bad.append("plugin: " + ", ".join(f"{t} x{n}" for t, n in sorted(pc[0].items())))
        if tc[0]:
            bad.append("in-tree: " + ", ".join(f"{t} x{n}" for t, n in sorted(tc[0].items())))
        if bad:
            return "contract", "; ".join(bad), pc[2], tc[2]
        if pc[1] == tc[1]:
            return "identical", "", pc[2], tc[2]
        return "differs", " || ".join(f"{s}: {d}: {w}" for s, d, w in
                                      reasons(pc[1], tc[1])), pc[2], tc[2]
    finally:
        for suffix in (".ref.o", ".plugin.o", ".intree.o", ".nogot.ll"):
            try:
                os.unlink(base + suffix)
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--llc", required=True, help="the patched llc")
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--check", required=True, help="gotfree-check binary")
    ap.add_argument("--sweep-tests", help="llvm/test/CodeGen/X86 directory")
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--gotfree-tests", help="gotfree's test/ directory")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("out")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="work-", dir=a.out)

    inputs = []
    if a.gotfree_tests:
        for root, _, names in os.walk(a.gotfree_tests):
            for n in sorted(names):
                if not n.endswith(".ll") or "Inputs" in root:
                    continue
                f = os.path.join(root, n)
                text = open(f, errors="replace").read()
                if not re.search(r"RUN:.*(%llc_gf|\bllc\b|%clang_gf)", text):
                    continue  # not a code generation input (opt tests)
                inputs.append(("test", f, ["-mtriple=x86_64-unknown-linux-gnu", "-O2"]))
    if a.sweep_tests:
        for f, args in sweep.select_inputs(a.sweep_tests, a.sample):
            inputs.append(("sweep", f, args))

    results = []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        futs = {pool.submit(run, f, args, mode, a, work): (kind, f, mode)
                for kind, f, args in inputs for mode in MODES}
        for fut in concurrent.futures.as_completed(futs):
            kind, f, mode = futs[fut]
            k, detail, ptext, ttext = fut.result()
            root = a.gotfree_tests if kind == "test" else a.sweep_tests
            results.append((kind, os.path.relpath(f, root), mode, k, detail, ptext, ttext))
    results.sort()
    os.rmdir(work) if not os.listdir(work) else None
    with open(os.path.join(a.out, "equivalence.tsv"), "w") as out:
        for r in results:
            out.write("\t".join(str(x) for x in r) + "\n")

    lines = []
    for kind in ("test", "sweep"):
        rs = [r for r in results if r[0] == kind]
        if not rs:
            continue
        counted = [r for r in rs if r[3] != "llvm-fails"]
        kinds = collections.Counter(r[3] for r in rs)
        lines.append(f"{kind}: {len(counted)} compared (file x mode), " + ", ".join(
            f"{k}={kinds[k]}" for k in ("identical", "differs", "refused", "asm-scope",
                                        "contract", "one-fails", "llvm-fails")))
    why = collections.Counter()
    for r in results:
        if r[3] == "differs":
            for w in {part.split(": ", 2)[2] for part in r[4].split(" || ")}:
                why[(r[2], w)] += 1
    if why:
        lines.append("differences (file x mode, by reason):")
        for (mode, w), n in why.most_common():
            lines.append(f"  {n:4d} {mode}: {w}")
    ptext = sum(r[5] for r in results if r[3] in ("identical", "differs"))
    ttext = sum(r[6] for r in results if r[3] in ("identical", "differs"))
    if ptext:
        lines.append(f".text bytes (inputs both compile): plugin {ptext}, in-tree {ttext} "
                     f"({(ttext - ptext) * 100.0 / ptext:+.2f}%)")
    passed = failed = 0
    for r in results:
        kind, f, mode, k, detail = r[:5]
        if k in ("identical", "differs", "refused", "asm-scope"):
            passed += 1
            if k in ("refused", "asm-scope"):
                lines.append(f"{k.upper()}: {kind}/{f} ({mode}): {detail}")
        elif k != "llvm-fails":
            failed += 1
            lines.append(f"FAIL: {kind}/{f} ({mode}): {k}: {detail}")
    lines.append(f"equivalence: {passed} passed, {failed} failed")
    summary = "\n".join(lines)
    with open(os.path.join(a.out, "summary.txt"), "w") as out:
        out.write(summary + "\n")
    print(summary)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
