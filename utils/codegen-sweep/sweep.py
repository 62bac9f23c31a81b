#!/usr/bin/env python3
"""Runs LLVM's own llvm/test/CodeGen/X86 inputs through llc with GotFree.so.

Every .ll input with an x86-64 ELF llc RUN line is compiled with the options
of its first such RUN line (minus what selects the output or stops the
pipeline) in two modes, each with and without the plugin:

  rewrite  -relocation-model=static -code-model=kernel  (-gotfree-mode=rewrite)
  pie      -relocation-model=pic                        (-gotfree-mode=pie)

with -verify-machineinstrs and -filetype=obj. A file whose build without the
plugin fails is LLVM's own failure and is not counted against gotfree.
Otherwise each (file, mode) is classified:

  ok           compiled, and gotfree-check finds no GOT or absolute
               relocation in the object
  crash        llc died (a signal or an LLVM fatal error)
  verifier     the machine verifier rejected the code
  diagnostic   a gotfree diagnostic (grouped by message, names elided)
  leftover     the object still has a GOT or absolute relocation, by
               gotfree-check's category and relocation type
  other-error  any other error

Writes OUT/results.tsv (one line per file and mode) and OUT/summary.txt;
prints the summary, ending with "codegen-sweep: N passed, N failed": a
file and mode passes when it is ok or its diagnostic is one of --expected's
(documented refusals); LLVM's own failures are not counted. --sample N takes
every k-th file of the sorted list so that about N files run (a fixed,
reproducible sample).
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys
from collections import Counter

LLVM_BIN = "/usr/lib/llvm-22/bin"
MODES = {
    "rewrite": ["-relocation-model=static", "-code-model=kernel"],
    "pie": ["-relocation-model=pic"],
}
# Options that select another output, stop or restart the pipeline, or that
# each mode sets itself.
DROP_WITH_VALUE = {"-o", "-filetype", "-mtriple", "-march", "-relocation-model",
                   "-code-model", "-x"}
DROP_PREFIXES = ("-stop-", "-start-", "-run-pass", "-print-", "-debug-only",
                 "-filetype=", "-relocation-model=", "-code-model=",
                 "-mtriple=", "-march=", "-o=", "-view-", "-pass-remarks",
                 "-stats", "-time-", "-dump-", "-x86-asm-syntax",
                 "--x86-asm-syntax", "-asm-show-inst", "-show-mc-encoding",
                 "-split-dwarf-file", "-split-dwarf-output", "-gotfree-",
                 "-verify-machineinstrs", "-load=", "-mir-",
                 "-debug-pass", "-exception-model=sjlj")
NON_ELF = re.compile(r"darwin|macos|ios|windows|win32|mingw|cygwin|msvc|"
                     r"uefi|ps4|ps5|nacl|amdhsa|coff|-elf.*x32|gnux32|i[3-6]86")


def run_lines(text):
    """The RUN lines of a test, continuations joined."""
    lines, cur = [], ""
    for m in re.finditer(r"RUN:(.*)", text):
        part = m.group(1).rstrip()
        if part.endswith("\\"):
            cur += part[:-1] + " "
            continue
        lines.append(cur + part)
        cur = ""
    return lines


def llc_args(text):
    """The options of the first x86-64 ELF llc RUN line, or None."""
    file_triple = re.search(r'target triple\s*=\s*"([^"]+)"', text)
    for line in run_lines(text):
        # The llc command up to the first pipe or redirection.
        m = re.search(r"(?:^|[\s;&|])llc\s(.*)", line)
        if not m or "%s" not in line:
            continue
        # "llc < %s -mtriple=..." reads the input from stdin.
        cmd = re.sub(r"<\s*%s", " %s", " " + m.group(1))
        cmd = re.split(r"\s[|<>]|\s2>", cmd)[0]
        try:
            words = shlex.split(cmd.replace("%s", ""))
        except ValueError:
            continue
        # llc takes "--opt" for "-opt"; one spelling for the option lists.
        words = [w[1:] if w.startswith("--") and len(w) > 2 else w for w in words]
        triple = None
        for i, w in enumerate(words):
            if w.startswith("-mtriple="):
                triple = w.split("=", 1)[1]
            elif w == "-mtriple" and i + 1 < len(words):
                triple = words[i + 1]
            elif w.startswith("-march="):
                triple = triple or w.split("=", 1)[1]
        triple = triple or (file_triple.group(1) if file_triple else "")
        if not triple.startswith("x86_64") or NON_ELF.search(triple):
            continue
        if "%" in cmd.replace("%s", "") or "-global-isel" in words:
            continue
        args, skip = [], False
        for w in words:
            if skip:
                skip = False
                continue
            if w in DROP_WITH_VALUE:
                skip = True
                continue
            if w.startswith(DROP_PREFIXES):
                continue
            args.append(w)
        return ["-mtriple=x86_64-unknown-linux-gnu"] + args
    return None


def select_inputs(tests, sample=0):
    """(file, llc arguments) of every input of the tests directory with an
    x86-64 ELF llc RUN line, sorted; with sample, every k-th of them so that
    about sample run (a fixed, reproducible sample)."""
    files = []
    for root, _, names in os.walk(tests):
        for n in names:
            if n.endswith(".ll"):
                files.append(os.path.join(root, n))
    files.sort()
    inputs = []
    for f in files:
        with open(f, errors="replace") as fh:
            args = llc_args(fh.read())
        if args is not None:
            inputs.append((f, args))
    if sample and len(inputs) > sample:
        step = len(inputs) / sample
        inputs = [inputs[int(i * step)] for i in range(sample)]
    return inputs


def message_class(stderr):
    for line in stderr.splitlines():
        m = re.search(r"(error|warning): .*?gotfree: (.*)", line)
        if m:
            msg = re.sub(r"'[^']*'", "'X'", m.group(2))
            msg = re.sub(r"\b\d+\b", "N", msg)
            return msg[:160]
    return None


def classify(path, mode, args, plugin, check, work):
    base = os.path.join(work, os.path.basename(path) + "." + mode)
    common = [f"{LLVM_BIN}/llc", "-verify-machineinstrs", "-filetype=obj",
              path] + args + MODES[mode]
    try:
        ref = subprocess.run(common + ["-o", base + ".ref.o"],
                             capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "llvm-fails", "timeout"
    if ref.returncode != 0:
        return "llvm-fails", ""
    cmd = common[:1] + [f"-load={plugin}", f"-gotfree-mode={mode}"] + \
        common[1:] + ["-o", base + ".o"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "crash", "timeout"
    try:
        if r.returncode != 0:
            if "Bad machine code" in r.stderr:
                m = re.search(r"\*\*\* Bad machine code: (.*?) \*\*\*", r.stderr)
                return "verifier", m.group(1) if m else ""
            msg = message_class(r.stderr)
            if msg:
                return "diagnostic", msg
            if r.returncode < 0 or "PLEASE submit a bug report" in r.stderr or \
                    "LLVM ERROR" in r.stderr:
                first = next((l for l in r.stderr.splitlines()
                              if "LLVM ERROR" in l or "Assertion" in l), "")
                return "crash", first[:160]
            first = next((l for l in r.stderr.splitlines() if "error" in l), "")
            return "other-error", re.sub(r"'[^']*'", "'X'", first)[:160]
        msg = message_class(r.stderr)
        if msg:  # a warning
            return "diagnostic", "warning: " + msg
        c = subprocess.run([check, "--allow=jump-table", base + ".o"],
                           capture_output=True, text=True, timeout=120)
        found = Counter()
        for line in c.stdout.splitlines():
            m = re.match(r"(got-ref|abs-reloc): .*\[(R_X86_64_\w+)", line)
            if m:
                found[f"{m.group(1)} {m.group(2)}"] += 1
        if c.returncode == 2:
            if "not an ELF file" in c.stderr:
                return "ok", "no object (the options write none)"
            return "other-error", "gotfree-check: " + c.stderr.strip()[:120]
        if found:
            return "leftover", ", ".join(sorted(found))
        return "ok", ""
    finally:
        for suffix in (".o", ".ref.o"):
            try:
                os.unlink(base + suffix)
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--check", required=True, help="gotfree-check binary")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--expected", help="file of expected diagnostic classes")
    ap.add_argument("tests", help="llvm/test/CodeGen/X86 directory")
    ap.add_argument("out")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    work = os.path.join(a.out, "work")
    os.makedirs(work, exist_ok=True)

    inputs = select_inputs(a.tests, a.sample)

    results = []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        futs = {pool.submit(classify, f, mode, args, a.plugin, a.check, work):
                (f, mode) for f, args in inputs for mode in MODES}
        for fut in concurrent.futures.as_completed(futs):
            f, mode = futs[fut]
            kind, detail = fut.result()
            results.append((os.path.relpath(f, a.tests), mode, kind, detail))
    results.sort()
    with open(os.path.join(a.out, "results.tsv"), "w") as out:
        for r in results:
            out.write("\t".join(r) + "\n")

    lines = [f"codegen-sweep: {len(inputs)} files x {len(MODES)} modes"]
    kinds = Counter((m, k) for _, m, k, _ in results)
    for mode in MODES:
        lines.append(f"  {mode}: " + ", ".join(
            f"{k}={kinds[(mode, k)]}" for k in
            ("ok", "llvm-fails", "crash", "verifier", "diagnostic",
             "leftover", "other-error")))
    for kind in ("crash", "verifier", "diagnostic", "leftover", "other-error"):
        details = Counter((m, d) for _, m, k, d in results if k == kind)
        if details:
            lines.append(f"{kind}:")
            for (m, d), n in details.most_common():
                lines.append(f"  {n:5d} {m}: {d}")
    expected = set()
    if a.expected:
        with open(a.expected) as fh:
            expected = {l.rstrip("\n") for l in fh
                        if l.strip() and not l.startswith("#")}
    passed = failed = 0
    for f, m, k, d in results:
        if k == "ok" or (k == "diagnostic" and d in expected):
            passed += 1
        elif k != "llvm-fails":
            failed += 1
            lines.append(f"FAIL: {f} ({m}): {k}: {d}")
    lines.append(f"codegen-sweep: {passed} passed, {failed} failed")
    summary = "\n".join(lines)
    with open(os.path.join(a.out, "summary.txt"), "w") as out:
        out.write(summary + "\n")
    print(summary)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
