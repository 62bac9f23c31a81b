#!/usr/bin/env python3
"""Instructions of the compressor builds of compress-build.sh.

Usage: compress-run.py OUTDIR [--functions N]
For zlib (`minigzip -9`, then `minigzip -d` of the result) and xz (`xz -6
-c`, then `xz -dc`) in every configuration (the first, 1-base, is the
baseline), on OUTDIR/input: instructions of each step (valgrind
--tool=callgrind, "Collected"), whether the compressed bytes equal the
baseline's and the decompressed bytes the input, and the functions whose
counts differ most from the baseline's. Prints markdown. No thresholds.
"""
import argparse
import os
import sys

from benchlib import callgrind_ir, function_ir, ratio_cell, top_deltas

# program: (executable, compress arguments, decompress arguments); the
# compressors read the file named by None from standard input.
PROGRAMS = {
    "zlib": ("minigzip", ["-9"], ["-d"]),
    "xz": ("xz", ["-6", "-c", None], ["-dc", None]),
}


def run(exe, args, infile, cg):
    """Instructions and stdout of exe on infile (argument or stdin)."""
    if None in args:
        cmd, stdin = [exe] + [infile if a is None else a for a in args], None
    else:
        cmd, stdin = [exe] + args, infile
    return callgrind_ir(cmd, cg, "compress-run", stdin=stdin, text=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--functions", type=int, default=3)
    args = ap.parse_args()
    infile = os.path.join(args.outdir, "input")
    with open(infile, "rb") as f:
        original = f.read()
    print("Compressors on `input` (%d bytes): instructions (callgrind)\n" % len(original))
    for prog, (exe, cargs, dargs) in PROGRAMS.items():
        pdir = os.path.join(args.outdir, prog)
        if not os.path.isdir(pdir):
            continue
        configs = sorted(c for c in os.listdir(pdir)
                         if os.path.isfile(os.path.join(pdir, c, exe)))
        if not configs:
            continue
        ir, packed, same, funcs = {}, {}, {}, {}
        for c in configs:
            d = os.path.join(pdir, c)
            path = os.path.join(d, exe)
            ci, packed[c] = run(path, cargs, infile, os.path.join(d, "compress.cg"))
            packed_file = os.path.join(d, "packed")
            with open(packed_file, "wb") as f:
                f.write(packed[c])
            di, unpacked = run(path, dargs, packed_file, os.path.join(d, "decompress.cg"))
            ir[c] = (ci, di)
            same[c] = unpacked == original
            funcs[c] = function_ir(os.path.join(d, "compress.cg"))
            for name, v in function_ir(os.path.join(d, "decompress.cg")).items():
                funcs[c][name] = funcs[c].get(name, 0) + v
        base = configs[0]
        print("### %s (%s %s, then %s)\n" % (prog, exe, " ".join(a or "FILE" for a in cargs),
                                           " ".join(a or "FILE" for a in dargs)))
        print("| configuration | compress (Ir) | ratio | decompress (Ir) | ratio | total ratio | output = baseline | most changed functions (Ir) |")
        print("|---|---:|---:|---:|---:|---:|---|---|")
        for c in configs:
            ok = same[c] and packed[c] == packed[base]
            top = top_deltas(funcs[c], funcs[base], args.functions) if c != base else ""
            print("| %s | %d | %s | %d | %s | %s | %s | %s |"
                  % (c, ir[c][0], ratio_cell(ir[c][0], ir[base][0]), ir[c][1],
                     ratio_cell(ir[c][1], ir[base][1]),
                     ratio_cell(sum(ir[c]), sum(ir[base])), "yes" if ok else "**NO**", top))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
