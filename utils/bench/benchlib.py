"""Helpers shared by the run-time benchmarks (sqlite-run.py, lua-run.py):
instruction counts from callgrind and section sizes from llvm-readelf."""
import re
import subprocess

READELF = "/usr/lib/llvm-22/bin/llvm-readelf"


def callgrind_ir(cmd, out_file, tool):
    """Runs cmd under callgrind at nice 19; returns (instructions, stdout).
    tool names the caller in the error when callgrind reports no count."""
    cg = subprocess.run(
        ["nice", "-n", "19", "valgrind", "--tool=callgrind",
         "--callgrind-out-file=" + out_file] + cmd,
        capture_output=True, text=True, check=True)
    m = re.search(r"Collected : (\d+)", cg.stderr)
    if not m:
        raise SystemExit("%s: error: no 'Collected' line from callgrind for %s"
                         % (tool, cmd[0]))
    return int(m.group(1)), cg.stdout


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


def ratio_cell(value, base):
    """'1.00123 (+0.123%)'."""
    return "%.5f (%+.3f%%)" % (value / base, 100 * (value / base - 1))
