#!/usr/bin/env python3
"""Run time and relocation data of the speedtest1 builds of sqlite-build.sh.

Usage: sqlite-run.py OUTDIR [--size-ir N] [--size-wall N] [--runs N]
For every OUTDIR/<config>/speedtest1 (the first configuration is the
baseline): instructions executed (valgrind --tool=callgrind, "Collected"),
wall time (median of N runs, configurations interleaved round by round),
whether the output (timings stripped) equals the baseline's, and the sizes
of .rela.dyn / .relr.dyn of the default and the RELR (speedtest1-relr) links.
Prints markdown. No thresholds.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

from benchlib import callgrind_ir, is_pie, ratio_cell, section_sizes


def workload(exe, size):
    return [exe, "--memdb", "--verify", "--size", str(size), "--testset", "main"]


def strip_times(text):
    return re.sub(r" +[0-9]+\.[0-9]+s$", "", text, flags=re.M)


def speedtest_ir(exe, size, outdir):
    ir, out = callgrind_ir(workload(exe, size), os.path.join(outdir, "callgrind.out"),
                           "sqlite-run")
    return ir, strip_times(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--size-ir", type=int, default=20)
    ap.add_argument("--size-wall", type=int, default=60)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    configs = sorted(c for c in os.listdir(args.outdir)
                     if os.path.isfile(os.path.join(args.outdir, c, "speedtest1")))
    missing = sorted(c for c in os.listdir(args.outdir)
                     if os.path.isdir(os.path.join(args.outdir, c)) and c not in configs)
    exes = {c: os.path.join(args.outdir, c, "speedtest1") for c in configs}
    ir, outputs = {}, {}
    for c in configs:
        ir[c], outputs[c] = speedtest_ir(exes[c], args.size_ir, os.path.join(args.outdir, c))
    walls = {c: [] for c in configs}
    for i in range(args.runs):
        order = configs if i % 2 == 0 else list(reversed(configs))
        for c in order:
            t0 = time.monotonic()
            subprocess.run(["nice", "-n", "19"] + workload(exes[c], args.size_wall),
                           stdout=subprocess.DEVNULL, check=True)
            walls[c].append(time.monotonic() - t0)
    base = configs[0]
    print("speedtest1 `--memdb --verify --testset main`: instructions at --size %d "
          "(callgrind), wall time at --size %d (median of %d, interleaved)\n"
          % (args.size_ir, args.size_wall, args.runs))
    print("| configuration | instructions (Ir) | ratio | wall s (median) | ratio | output = baseline |")
    print("|---|---:|---:|---:|---:|---|")
    for c in configs:
        w, wb = statistics.median(walls[c]), statistics.median(walls[base])
        print("| %s | %d | %s | %.3f | %.3f (%+.1f%%) | %s |"
              % (c, ir[c], ratio_cell(ir[c], ir[base]), w, w / wb,
                 100 * (w / wb - 1), "yes" if outputs[c] == outputs[base] else "**NO**"))
    for c in missing:
        print("| %s | (did not link: see %s/speedtest1.link.log) | | | | |" % (c, c))
    print("\nDynamic relocation sections of the static links (bytes; 24 per RELA entry)\n")
    print("| configuration | link | .rela.dyn | .relr.dyn (RELR link) | .rela.dyn (RELR link) | .text | .data.rel.ro | .got |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for c in configs:
        s = section_sizes(exes[c])
        relr = os.path.join(args.outdir, c, "speedtest1-relr")
        pie = is_pie(exes[c])
        r = section_sizes(relr) if pie and os.path.isfile(relr) else {}
        kind = "static-pie" if pie else "static (non-PIE)"
        print("| %s | %s | %d | %s | %s | %d | %d | %d |"
              % (c, kind, s.get(".rela.dyn", 0),
                 r.get(".relr.dyn", 0) if r else "-", r.get(".rela.dyn", 0) if r else "-",
                 s.get(".text", 0), s.get(".data.rel.ro", 0), s.get(".got", 0)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
