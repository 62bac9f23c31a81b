#!/usr/bin/env python3
"""Usage: nogot_flag.py FILE.ll

Adds the "nogot" module flag (an image without a GOT, the X86 series of
llvm-pass/upstream) to textual IR, in place; importable as add_nogot_flag.
"""
import re
import sys

NOGOT_FLAG = '!{i32 1, !"nogot", i32 1}'


def add_nogot_flag(text):
    """The IR text with the "nogot" module flag added."""
    ids = [int(m) for m in re.findall(r"^!(\d+)\s*=", text, re.M)]
    new = max(ids, default=-1) + 1
    m = re.search(r"^!llvm\.module\.flags\s*=\s*!\{(.*)\}\s*$", text, re.M)
    if m:
        inner = m.group(1).strip()
        repl = "!llvm.module.flags = !{%s!%d}" % (inner + ", " if inner else "", new)
        text = text[:m.start()] + repl + text[m.end():]
        return text + "\n!%d = %s\n" % (new, NOGOT_FLAG)
    return text + "\n!llvm.module.flags = !{!%d}\n!%d = %s\n" % (new, new, NOGOT_FLAG)


if __name__ == "__main__":
    path = sys.argv[1]
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(add_nogot_flag(text))
