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
import sys

from benchlib import callgrind_ir, function_ir, ratio_cell, section_sizes, top_deltas

HERE = os.path.dirname(os.path.abspath(__file__))
MIX = os.path.join(HERE, "lua", "mix.lua")


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
            top = top_deltas(funcs[c], funcs[base], args.functions) if c != base else ""
            print("| %s | %d | %s | %d | %s | %s | %s |"
                  % (c, ir[c], ratio_cell(ir[c], ir[base]), text,
                     ratio_cell(text, btext), "yes" if out[c] == out[base] else "**NO**",
                     top))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
