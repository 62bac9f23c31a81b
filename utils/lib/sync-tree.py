#!/usr/bin/env python3
"""Usage: sync-tree.py SRC DST

Makes DST a copy of SRC by content: copies only files whose content differs
(giving them a new mtime) and removes files SRC lacks, so that unchanged
files keep their mtimes and whatever was built from them stays built.
"""
import filecmp
import os
import shutil
import sys

src, dst = sys.argv[1], sys.argv[2]
seen = set()
for dirpath, dirnames, filenames in os.walk(src):
    rel = os.path.relpath(dirpath, src)
    os.makedirs(os.path.join(dst, rel), exist_ok=True)
    for f in filenames:
        r = os.path.normpath(os.path.join(rel, f))
        seen.add(r)
        s, d = os.path.join(src, r), os.path.join(dst, r)
        if not os.path.exists(d) or not filecmp.cmp(s, d, shallow=False):
            shutil.copy2(s, d)
            os.utime(d)  # newer than anything built from the old content
for dirpath, dirnames, filenames in os.walk(dst):
    rel = os.path.relpath(dirpath, dst)
    for f in filenames:
        r = os.path.normpath(os.path.join(rel, f))
        if r not in seen:
            os.remove(os.path.join(dst, r))
