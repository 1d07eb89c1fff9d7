#!/usr/bin/env python3
"""What a migration moved, against the hand-written labels.

    moved.py <labels.tsv> <migrate-log>

Reads the members `pernet migrate` reports as moved (a section per type: its full name, then
`  moved: name (kind), ...`) and the labels (member, kind, label, reason, where). Prints one JSON line:
members labelled `state` and how many of them moved, and how many members labelled `not` (or
`readonly`) moved, with their names.
"""
import json
import re
import sys


def moved_members(log):
    members, header = set(), None
    for line in log.splitlines():
        if re.match(r"[\w.<>, ]+$", line) and not line.startswith(" "):
            header = re.sub(r"<[^>]*>", "", line.strip())
        elif header and line.startswith("  moved: "):
            for name in re.findall(r"(\w+) \(", line[len("  moved: "):]):
                members.add(header + "." + name)
    return members


def main():
    labels_path, log_path = sys.argv[1], sys.argv[2]
    labels = {}
    for row in open(labels_path, encoding="utf-8").read().splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) >= 3:
            labels[re.sub(r"<[^>]*>", "", cells[0])] = cells[2]
    moved = moved_members(open(log_path, encoding="utf-8").read())
    state = sorted(m for m, l in labels.items() if l == "state")
    result = {
        "state_labelled": len(state),
        "state_moved": sum(1 for m in state if m in moved),
        "state_not_moved": [m for m in state if m not in moved],
        "not_moved": sorted(m for m in moved if labels.get(m) == "not"),
        "readonly_moved": sorted(m for m in moved if labels.get(m) == "readonly"),
        "unlabelled_moved": sorted(m for m in moved if m not in labels),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
