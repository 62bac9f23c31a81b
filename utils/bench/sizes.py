#!/usr/bin/env python3
"""Code-size comparison of object sets, bloat-o-meter style.

Usage: sizes.py [--title T] [--svg FILE] [--worst N] [--against NAME...]
                NAME=ROOT:LISTFILE ...
Each set is a directory ROOT and a file listing object paths relative to it
(one per line). The first set is the baseline. Objects are matched by
relative path. Per object: text = sum of SHF_ALLOC|SHF_EXECINSTR sections,
rodata = sum of allocated, non-writable, non-executable sections whose name
starts with ".rodata", plus ".data.rel.ro*" (where PIC puts constants that
hold addresses). Prints markdown: totals with ratios to the baseline,
then the N worst per-object regressions of each --against set (default: all
others). Writes an SVG bar chart of the ratios with --svg. No thresholds.
"""
import argparse
import os
import re
import subprocess
import sys

READELF = "/usr/lib/llvm-22/bin/llvm-readelf"
NM = "/usr/lib/llvm-22/bin/llvm-nm"
# [Nr] Name Type Address Off Size ES Flg Lk Inf Al  (Flg may be empty)
SECTION = re.compile(
    r"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)"
    r"\s+[0-9a-f]+\s+([A-Za-z]*)\s+\d+\s+\d+\s+\d+\s*$")


def section_sizes(paths):
    """Returns {path: (text, rodata)} for the given object files."""
    result = {}
    # Batches keep the command line short; one readelf call per batch.
    for i in range(0, len(paths), 200):
        batch = paths[i:i + 200]
        out = subprocess.run([READELF, "-S", "--wide"] + batch, check=True,
                             capture_output=True, text=True).stdout
        current = batch[0] if len(batch) == 1 else None
        sizes = {}
        for line in out.splitlines():
            if line.startswith("File: "):
                current = line[len("File: "):].strip()
                continue
            m = SECTION.match(line)
            if not m or current is None:
                continue
            name, kind, size, flags = m.group(1), m.group(2), int(m.group(3), 16), m.group(4)
            if "A" not in flags or kind == "NOBITS":
                continue
            text, rodata = sizes.get(current, (0, 0))
            if "X" in flags:
                text += size
            elif ("W" not in flags and name.startswith(".rodata")) or \
                    name.startswith(".data.rel.ro"):
                # PIC code moves constant tables holding addresses from
                # .rodata to .data.rel.ro (read-only after relocation):
                # count both so the move is not mistaken for a saving.
                rodata += size
            sizes[current] = (text, rodata)
        for p in batch:
            result[p] = sizes.get(p, (0, 0))
    return result


def function_sizes(path):
    """Returns {function: size} of the defined functions in one object."""
    out = subprocess.run([NM, "-S", "-t", "d", "--defined-only", path],
                         check=True, capture_output=True, text=True).stdout
    sizes = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "tTwW":
            sizes[f[3]] = sizes.get(f[3], 0) + int(f[1])
    return sizes


def load_set(spec):
    name, rest = spec.split("=", 1)
    return (name,) + load_set_paths(rest)


def load_set_paths(rest):
    root, listfile = rest.rsplit(":", 1)
    with open(listfile) as f:
        rel = [l.strip() for l in f if l.strip()]
    rel = [r for r in rel if os.path.isfile(os.path.join(root, r))]
    sizes = section_sizes([os.path.join(root, r) for r in rel])
    return {r: sizes[os.path.join(root, r)] for r in rel}, root


def pct(new, old):
    return "n/a" if old == 0 else "%+.3f%%" % (100.0 * (new - old) / old)


def svg_chart(path, title, names, text_ratios, total_ratios):
    """Grouped bars: ratio to baseline (1.0 = baseline) per configuration."""
    w, h, left, top, bottom = 640, 320, 60, 40, 60
    vals = text_ratios + total_ratios
    lo = min(min(vals), 1.0) - 0.002
    hi = max(max(vals), 1.0) + 0.002
    plot_h = h - top - bottom
    y = lambda v: top + plot_h * (hi - v) / (hi - lo)
    group = (w - left - 20) / len(names)
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
             'font-family="sans-serif" font-size="11">' % (w, h),
             '<rect width="100%" height="100%" fill="white"/>',
             '<text x="%d" y="20" font-size="14">%s</text>' % (left, title)]
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        parts.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>'
                     % (left, w - 20, y(v), y(v)))
        parts.append('<text x="%d" y="%.1f" text-anchor="end">%.4f</text>'
                     % (left - 4, y(v) + 4, v))
    parts.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="black" '
                 'stroke-dasharray="4"/>' % (left, w - 20, y(1.0), y(1.0)))
    for i, n in enumerate(names):
        x0 = left + i * group + group * 0.15
        bw = group * 0.33
        for j, (v, color) in enumerate(((text_ratios[i], "#4477aa"),
                                        (total_ratios[i], "#ee7733"))):
            top_y, base_y = min(y(v), y(lo)), y(lo)
            parts.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" '
                         'fill="%s"><title>%s %.5f</title></rect>'
                         % (x0 + j * bw, top_y, bw, base_y - top_y, color, n, v))
            parts.append('<text x="%.1f" y="%.1f" text-anchor="middle" '
                         'font-size="9">%.4f</text>' % (x0 + j * bw + bw / 2, top_y - 3, v))
        parts.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                     % (x0 + bw, h - bottom + 16, n))
    parts.append('<rect x="%d" y="%d" width="10" height="10" fill="#4477aa"/>'
                 '<text x="%d" y="%d">.text</text>' % (left, h - 22, left + 14, h - 13))
    parts.append('<rect x="%d" y="%d" width="10" height="10" fill="#ee7733"/>'
                 '<text x="%d" y="%d">.text+.rodata</text>'
                 % (left + 70, h - 22, left + 84, h - 13))
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--title", default="code size")
    ap.add_argument("--svg")
    ap.add_argument("--worst", type=int, default=15)
    ap.add_argument("--against", nargs="*")
    ap.add_argument("--functions", type=int, default=0,
                    help="also list the N worst functions (from symbol sizes)")
    ap.add_argument("sets", nargs="+")
    args = ap.parse_args()
    loaded = [load_set(s) for s in args.sets]
    sets = [(n, objs) for n, objs, _ in loaded]
    roots = {n: root for n, _, root in loaded}
    base_name, base = sets[0]
    print("### %s\n" % args.title)
    print("| configuration | objects | .text | ratio | .text+.rodata | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    bt = sum(t for t, _ in base.values())
    ba = sum(t + r for t, r in base.values())
    names, tr, ar = [], [], []
    for name, objs in sets:
        # Totals over the objects present in both this set and the baseline.
        common = [o for o in objs if o in base]
        t = sum(objs[o][0] for o in common)
        a = sum(sum(objs[o]) for o in common)
        bt_c = sum(base[o][0] for o in common)
        ba_c = sum(sum(base[o]) for o in common)
        extra = "" if len(common) == len(base) else " (%d of %d)" % (len(common), len(base))
        print("| %s | %d%s | %d | %.5f (%s) | %d | %.5f (%s) |"
              % (name, len(objs), extra, t, t / bt_c, pct(t, bt_c), a, a / ba_c, pct(a, ba_c)))
        names.append(name)
        tr.append(t / bt_c)
        ar.append(a / ba_c)
    print()
    against = args.against if args.against is not None else [n for n, _ in sets[1:]]
    for name, objs in sets:
        if name not in against:
            continue
        rows = []
        for o in objs:
            if o not in base:
                continue
            b, g = sum(base[o]), sum(objs[o])
            rows.append((g - b, o, b, g, base[o][0], objs[o][0]))
        rows.sort(key=lambda r: (-r[0], r[1]))
        grow = sum(r[0] for r in rows if r[0] > 0)
        shrink = sum(r[0] for r in rows if r[0] < 0)
        print("#### worst regressions, %s vs %s (.text+.rodata)\n" % (name, base_name))
        print("up: %d bytes in %d objects, down: %d bytes in %d objects, net %+d\n"
              % (grow, sum(1 for r in rows if r[0] > 0), shrink,
                 sum(1 for r in rows if r[0] < 0), grow + shrink))
        print("| object | %s | %s | delta | .text delta |" % (base_name, name))
        print("|---|---:|---:|---:|---:|")
        for r in rows[:args.worst]:
            print("| %s | %d | %d | %+d | %+d |" % (r[1], r[2], r[3], r[0], r[5] - r[4]))
        print()
        if args.functions:
            frows = []
            for o in objs:
                if o not in base or sum(objs[o]) == sum(base[o]):
                    continue
                fb = function_sizes(os.path.join(roots[base_name], o))
                fg = function_sizes(os.path.join(roots[name], o))
                for fn in fg:
                    if fn in fb and fg[fn] != fb[fn]:
                        frows.append((fg[fn] - fb[fn], o, fn, fb[fn], fg[fn]))
            frows.sort(key=lambda r: (-r[0], r[1], r[2]))
            print("functions, %s vs %s: %d grew, %d shrank (symbol sizes)\n"
                  % (name, base_name, sum(1 for r in frows if r[0] > 0),
                     sum(1 for r in frows if r[0] < 0)))
            print("| object | function | %s | %s | delta |" % (base_name, name))
            print("|---|---|---:|---:|---:|")
            for r in frows[:args.functions]:
                print("| %s | %s | %d | %d | %+d |" % (r[1], r[2], r[3], r[4], r[0]))
            print()
    if args.svg:
        svg_chart(args.svg, args.title + " (ratio to %s)" % base_name, names, tr, ar)
    return 0


if __name__ == "__main__":
    sys.exit(main())
