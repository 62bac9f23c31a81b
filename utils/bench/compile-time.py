#!/usr/bin/env python3
"""Compile-time overhead of the plugin: the same translation unit and flags
with and without -fplugin=GotFree.so, interleaved (ABBA order per round, so
drift in the machine's load hits both sides alike), median of N runs.

Usage: compile-time.py [--runs N] [--plugin SO] [--kernel-tree DIR]
                       [--kernel-obj REL.o ...] [--sqlite-dir DIR]
Units: SQLite's sqlite3.c (-O2 -mcmodel=kernel -fno-pie), and kernel objects
recompiled with the exact command of the cached baseline build (its .cmd
file, output redirected to a temporary file, dependency output dropped).
Prints child CPU time (user+sys) and wall time medians and their ratios.
With --instructions, instead counts the instructions clang executes
(valgrind --tool=callgrind, one run per side: the count does not depend on
the machine's load, unlike the times; clang runs cc1 in process).
No thresholds: this is a measurement, not a test.
"""
import argparse
import re
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CLANG = "/usr/lib/llvm-22/bin/clang"


def kernel_command(tree, rel_obj, out_obj):
    """The compile command of REL_OBJ from its Kbuild .cmd file."""
    d, b = os.path.split(rel_obj)
    with open(os.path.join(tree, d, "." + b + ".cmd")) as f:
        line = f.readline()
    cmd = line.split(":=", 1)[1].split(";")[0]
    args = shlex.split(cmd)
    result, skip = [], False
    for a in args:
        if skip:
            result.append(out_obj)
            skip = False
        elif a == "-o":
            result.append(a)
            skip = True
        elif a.startswith("-Wp,-MMD") or a.startswith("-Wp,-MD"):
            continue  # would write a .d file into the cached tree
        else:
            result.append(a)
    return result


def run(cmd, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(["nice", "-n", "19"] + cmd, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def count_instructions(cmd, cwd):
    cg = subprocess.run(["nice", "-n", "19", "valgrind", "--tool=callgrind",
                         "--callgrind-out-file=/dev/null"] + cmd, cwd=cwd,
                        capture_output=True, text=True, check=True)
    m = re.search(r"Collected : (\d+)", cg.stderr)
    if not m:
        raise SystemExit("compile-time: error: no instruction count from callgrind")
    return int(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--kernel-tree")
    ap.add_argument("--kernel-obj", nargs="*", default=[])
    ap.add_argument("--sqlite-dir")
    ap.add_argument("--instructions", action="store_true")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="gf-ctime-")
    out = os.path.join(tmp, "out.o")
    units = []  # (name, cwd, command without plugin)
    if args.sqlite_dir:
        units.append(("sqlite3.c", tmp,
                      [CLANG, "-O2", "-g0", "-DSQLITE_THREADSAFE=0",
                       "-DSQLITE_OMIT_LOAD_EXTENSION", "-DSQLITE_OMIT_DEPRECATED",
                       "-mcmodel=kernel", "-fno-pie", "-c",
                       os.path.join(args.sqlite_dir, "sqlite3.c"), "-o", out]))
    for rel in args.kernel_obj:
        units.append(("linux " + rel[:-2] + ".c", args.kernel_tree,
                      kernel_command(args.kernel_tree, rel, out)))
    plug = ["-fplugin=" + args.plugin]
    if args.instructions:
        print("| unit | instructions without | with plugin | ratio |")
        print("|---|---:|---:|---:|")
        for name, cwd, cmd in units:
            a = count_instructions(cmd, cwd)
            b = count_instructions(cmd[:1] + plug + cmd[1:], cwd)
            print("| %s | %d | %d | %.5f (%+.3f%%) |" % (name, a, b, b / a, 100 * (b / a - 1)))
            sys.stdout.flush()
        shutil.rmtree(tmp)
        return 0
    print("| unit | runs | CPU s without | CPU s with | CPU ratio | wall s without | wall s with | wall ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    tot = {"a": [0.0, 0.0], "b": [0.0, 0.0]}
    for name, cwd, cmd in units:
        with_plugin = cmd[:1] + plug + cmd[1:]
        a, b = [], []  # (cpu, wall) without / with
        run(cmd, cwd)  # warm the page cache; not counted
        for i in range(args.runs):
            order = [(a, cmd), (b, with_plugin)]
            if i % 2:
                order.reverse()
            for sink, c in order:
                sink.append(run(c, cwd))
        ca = statistics.median(x[0] for x in a)
        cb = statistics.median(x[0] for x in b)
        wa = statistics.median(x[1] for x in a)
        wb = statistics.median(x[1] for x in b)
        tot["a"][0] += ca; tot["a"][1] += wa
        tot["b"][0] += cb; tot["b"][1] += wb
        print("| %s | %d+%d | %.2f | %.2f | %.4f (%+.2f%%) | %.2f | %.2f | %.4f (%+.2f%%) |"
              % (name, args.runs, args.runs, ca, cb, cb / ca, 100 * (cb / ca - 1),
                 wa, wb, wb / wa, 100 * (wb / wa - 1)))
        sys.stdout.flush()
    ca, wa = tot["a"]
    cb, wb = tot["b"]
    print("| **sum of medians** | | %.2f | %.2f | %.4f (%+.2f%%) | %.2f | %.2f | %.4f (%+.2f%%) |"
          % (ca, cb, cb / ca, 100 * (cb / ca - 1), wa, wb, wb / wa, 100 * (wb / wa - 1)))
    shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
