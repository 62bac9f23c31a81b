#!/usr/bin/env python3
"""Instructions of the Lua builds of lua-build.sh on the fixed script mix.

Usage: lua-run.py OUTDIR [--scale N] [--functions N]
For each dispatch variant (OUTDIR/<variant>/) and configuration (the first,
1-base, is the baseline): instructions executed by `lua lua/mix.lua SCALE`
(valgrind --tool=callgrind, "Collected"), whether the output equals the
baseline's, the .text size, and the functions whose instruction counts
differ most from the baseline's. Prints markdown. No thresholds.
"""
import argparse
import os
import re
import subprocess
import sys

from benchlib import callgrind_ir, ratio_cell, section_sizes

HERE = os.path.dirname(os.path.abspath(__file__))
MIX = os.path.join(HERE, "lua", "mix.lua")
# "1,234 (0.5%)  file:function [object]" in callgrind_annotate's table.
FUNC_LINE = re.compile(r"^\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?\S*?:(\S+)")


def function_ir(out_file):
    """{function: self instructions} from a callgrind output file."""
    text = subprocess.run(["callgrind_annotate", "--threshold=100", out_file],
                          capture_output=True, text=True, check=True).stdout
    funcs = {}
    for line in text.splitlines():
        m = FUNC_LINE.match(line)
        if m:
            name = re.sub(r"'\d+$", "", m.group(2))  # callgrind's recursion depth
            funcs[name] = funcs.get(name, 0) + int(m.group(1).replace(",", ""))
    return funcs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--scale", type=int, default=2)
    ap.add_argument("--functions", type=int, default=4)
    args = ap.parse_args()
    print("Lua 5.4 `lua utils/bench/lua/mix.lua %d`: instructions (callgrind)\n"
          % args.scale)
    for variant in ("switch", "goto"):
        vdir = os.path.join(args.outdir, variant)
        if not os.path.isdir(vdir):
            continue
        configs = sorted(c for c in os.listdir(vdir)
                         if os.path.isfile(os.path.join(vdir, c, "lua")))
        if not configs:
            continue
        ir, out, funcs = {}, {}, {}
        for c in configs:
            cg = os.path.join(vdir, c, "callgrind.out")
            ir[c], out[c] = callgrind_ir(
                [os.path.join(vdir, c, "lua"), MIX, str(args.scale)], cg, "lua-run")
            funcs[c] = function_ir(cg)
        base = configs[0]
        print("### %s dispatch\n" % variant)
        print("| configuration | instructions (Ir) | ratio | .text | ratio | output = baseline | most changed functions (Ir) |")
        print("|---|---:|---:|---:|---:|---|---|")
        btext = section_sizes(os.path.join(vdir, base, "lua")).get(".text", 0)
        for c in configs:
            text = section_sizes(os.path.join(vdir, c, "lua")).get(".text", 0)
            deltas = sorted(((funcs[c].get(f, 0) - funcs[base].get(f, 0), f)
                             for f in set(funcs[c]) | set(funcs[base])),
                            key=lambda d: -abs(d[0]))[:args.functions]
            top = ", ".join("`%s` %+d" % (f, d) for d, f in deltas if d) if c != base else ""
            print("| %s | %d | %s | %d | %s | %s | %s |"
                  % (c, ir[c], ratio_cell(ir[c], ir[base]), text,
                     ratio_cell(text, btext), "yes" if out[c] == out[base] else "**NO**",
                     top))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
