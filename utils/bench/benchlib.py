"""Helpers shared by the run-time benchmarks (sqlite-run.py, lua-run.py):
instruction counts from callgrind and section sizes from llvm-readelf."""
import re
import subprocess

READELF = "/usr/lib/llvm-22/bin/llvm-readelf"


def callgrind_ir(cmd, out_file, tool, stdin=None, text=True):
    """Runs cmd under callgrind at nice 19, its standard input from the file
    stdin if given; returns (instructions, stdout), stdout as bytes unless
    text. tool names the caller in the error when callgrind reports no
    count."""
    with open(stdin or "/dev/null", "rb") as inp:
        cg = subprocess.run(
            ["nice", "-n", "19", "valgrind", "--tool=callgrind",
             "--callgrind-out-file=" + out_file] + cmd,
            stdin=inp, capture_output=True, check=True)
    err = cg.stderr.decode(errors="replace")
    m = re.search(r"Collected : (\d+)", err)
    if not m:
        raise SystemExit("%s: error: no 'Collected' line from callgrind for %s"
                         % (tool, cmd[0]))
    return int(m.group(1)), cg.stdout.decode() if text else cg.stdout


def section_sizes(exe):
    """{section name: size} of an ELF file."""
    out = subprocess.run([READELF, "-S", "--wide", exe], capture_output=True,
                         text=True, check=True).stdout
    sizes = {}
    for line in out.splitlines():
        m = re.match(r"^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if m:
            sizes[m.group(1)] = int(m.group(2), 16)
    return sizes


def is_pie(exe):
    """Whether the linked ELF file exe is position independent (ET_DYN)."""
    with open(exe, "rb") as f:
        header = f.read(18)
    return len(header) == 18 and header[:4] == b"\x7fELF" and header[16:18] == b"\x03\x00"


def ratio_cell(value, base):
    """'1.00123 (+0.123%)'."""
    return "%.5f (%+.3f%%)" % (value / base, 100 * (value / base - 1))


# "1,234 (0.5%)  file:function [object]" in callgrind_annotate's table.
FUNC_LINE = re.compile(r"^\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?\S*?:(\S+)")


def function_ir(out_file):
    """{function: self instructions} from a callgrind output file, recursion
    levels ("f'2") merged."""
    text = subprocess.run(["callgrind_annotate", "--threshold=100", out_file],
                          capture_output=True, text=True, check=True).stdout
    funcs = {}
    for line in text.splitlines():
        m = FUNC_LINE.match(line)
        if m:
            name = re.sub(r"'\d+$", "", m.group(2))
            funcs[name] = funcs.get(name, 0) + int(m.group(1).replace(",", ""))
    return funcs


def top_deltas(funcs, base, n):
    """The n functions whose counts differ most from base's, as markdown."""
    deltas = sorted(((funcs.get(f, 0) - base.get(f, 0), f)
                     for f in set(funcs) | set(base)), key=lambda d: -abs(d[0]))[:n]
    return ", ".join("`%s` %+d" % (f, d) for d, f in deltas if d)
