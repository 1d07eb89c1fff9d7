#!/usr/bin/env python3
"""Checks that a migration's diff touches only the lines it has a reason to touch.

    diffcheck.py <checkout> <migrate-log>

Reads `git diff -U0` of <checkout> and the report `pernet migrate` printed (<migrate-log>). A removed
or changed line is explained when it holds a moved member (its name), a method or constructor that gained
a context (its name: the signature or a call), a carrier's declaration (it gains INetContextBound), the
static constructor of a type whose initialization all moved, or is a blank, comment or attribute line of a moved
declaration. Prints every line that is not explained and a JSON summary on the last line; exits 1 when
any line is unexplained.
"""
import json
import re
import subprocess
import sys


def names_from_log(log):
    moved, gained = set(), set()
    for line in log.splitlines():
        m = re.match(r"\s+moved: (.+)", line)
        if m:
            moved.update(re.findall(r"(\w+) \(", m.group(1)))
        m = re.match(r"\s+carriers \([^)]*\): (.+)", line)
        if m:  # a carrier's declaration line gains INetContextBound
            moved.update(n.split(".")[-1] for n in re.findall(r"([\w.]+) \(\d+ site", m.group(1)))
        m = re.match(r"\s+gained a parameter: ([^(\s]+)$", line)  # a get-only property that became a method
        if m:
            gained.add(m.group(1).split(".")[-1])
        m = re.match(r"\s+gained a parameter: (.+?)\(", line)
        if m:
            parts = m.group(1).split(".")
            name = parts[-1]
            gained.add(name.split("<")[0])
            if name.split("<")[0] == parts[-2].split("<")[0]:  # a constructor: Type.Type(...)
                gained.add(parts[-2].split("<")[0])
    return moved, gained


def Declared(above, gained, words):
    """Walking up from a line: a gained name before the previous statement or block ends."""
    for t in reversed(above):
        if words(t) & gained:
            return True
        if t.rstrip().endswith((";", "{", "}")):
            return False
    return False


def main():
    checkout, log_path = sys.argv[1], sys.argv[2]
    log = open(log_path, encoding="utf-8").read()
    moved, gained = names_from_log(log)
    # Types with moved members: each report section starts with the type's full name.
    moved_types, header = set(), None
    for l in log.splitlines():
        if re.match(r"[\w.<>,]+$", l):
            header = l
        elif header and l.startswith("  moved:"):
            moved_types.add(header.split("<")[0].split(".")[-1])
    diff = subprocess.run(["git", "-C", checkout, "diff", "-U0", "--", "*.cs"], capture_output=True, text=True, check=True).stdout
    # (file, line number in the original, text) of every removed line
    removed, path, number = [], None, 0
    for l in diff.splitlines():
        if l.startswith("--- "):
            path = l[6:] if l.startswith("--- a/") else None
        elif l.startswith("@@"):
            number = int(re.match(r"@@ -(\d+)", l).group(1))
        elif l.startswith("-") and path:
            removed.append((path, number, l[1:]))
            number += 1
    originals = {}

    def original(path):
        if path not in originals:
            originals[path] = subprocess.run(["git", "-C", checkout, "show", "HEAD:" + path], capture_output=True, text=True).stdout.splitlines()
        return originals[path]

    words = lambda text: set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    reasons = moved | gained | {"this", "base"} if gained else moved
    unexplained = []
    for path, number, line in removed:
        stripped = line.strip()
        if not stripped or stripped.startswith("//") or stripped.startswith("[") or stripped in ("{", "}"):
            continue
        if words(line) & reasons:
            continue
        # The static constructor of a type whose initialization all moved into its state class.
        m = re.match(r"static\s+(\w+)\s*\(\s*\)$", stripped)
        if m and m.group(1) in moved_types:
            continue
        # A declaration or call laid over several lines (parameters one per line, a generic method split by
        # #if): its name is a few lines above, the lines between are its parameters. And an empty class
        # body `{ }` of a class whose implicit constructor became explicit (the class line is above).
        above = [t for t in original(path)[max(0, number - 10):number - 1] if not t.strip().startswith(("#", "["))]
        continuation = not stripped.endswith(";") and ("(" in stripped or ")" in stripped) or stripped == "{ }"
        if continuation and Declared(above, gained, words):
            continue
        unexplained.append(line)
    for line in unexplained:
        print("unexplained: " + line)
    print(json.dumps({"files": len(originals) + len({p for p, _, _ in removed} - set(originals)), "removed_or_changed": len(removed), "unexplained": len(unexplained), "moved": sorted(moved), "gained_names": len(gained)}))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
