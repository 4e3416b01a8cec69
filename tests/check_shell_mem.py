#!/usr/bin/env python3
"""check_shell_mem.py LOG COUNT -- the shell's `mem` reports in LOG all say
the same "free + program cache = N": every page a program took came back
when it ended (the program cache keeps a program's read-only pages after
its first run, so free pages alone drop then). COUNT: how many reports the
test made, so a missing one cannot pass."""
import re
import sys


def main():
    log, want = sys.argv[1], int(sys.argv[2])
    text = open(log, errors="replace").read()
    sums = [int(n) for n in re.findall(r"free \+ program cache = (\d+)", text)]
    if len(sums) != want:
        print(f"check_shell_mem: {len(sums)} mem reports, expected {want}")
        return 1
    if len(set(sums)) != 1:
        print(f"check_shell_mem: the baseline moved: {sums}")
        return 1
    print(f"check_shell_mem: {want} reports, all {sums[0]} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
