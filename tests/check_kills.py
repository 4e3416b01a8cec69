#!/usr/bin/env python3
"""check_kills.py LOG: pair each fault that usertests announced with the
kernel's report of it.

usertests' faults test prints, in the child about to fault,
    usertests: fault CASE (pid P): want /REGEX/
and the kernel must then print exactly one line
    proc: pid P (usertests) killed by TEXT
with REGEX matching TEXT. Every announced case needs its line; every
usertests process the kernel killed in the log needs an announcement; and
the number of cases must be the one the test reports at its end."""
import re
import sys

CASE = re.compile(r"usertests: fault (\S+) \(pid (\d+)\): want /(.*)/$")
KILL = re.compile(r"proc: pid (\d+) \(usertests\) killed by (.*)$")
TOTAL = re.compile(r"usertests: faults: (\d+) cases$")


def main():
    lines = [l.rstrip("\r") for l in open(sys.argv[1], errors="replace").read().split("\n")]
    cases, kills, total = {}, {}, None
    for line in lines:
        if m := CASE.search(line):
            cases[m.group(2)] = (m.group(1), m.group(3))
        elif m := KILL.search(line):
            kills.setdefault(m.group(1), []).append(m.group(2))
        elif m := TOTAL.search(line):
            total = int(m.group(1))
    problems = []
    for pid, (name, want) in cases.items():
        got = kills.get(pid, [])
        if len(got) != 1:
            problems.append(f"{name} (pid {pid}): {len(got)} kill lines, want 1: {got}")
        elif not re.search(want, got[0]):
            problems.append(f"{name} (pid {pid}): kernel said '{got[0]}', want /{want}/")
    for pid, got in kills.items():
        if pid not in cases:
            problems.append(f"pid {pid} killed without a fault case: {got}")
    if total is None:
        problems.append("no 'usertests: faults: N cases' line")
    elif total != len(cases):
        problems.append(f"{len(cases)} fault cases in the log, the test ran {total}")
    for p in problems:
        print("check_kills:", p)
    if not problems:
        print(f"check_kills: {len(cases)} faults, each reported once as expected")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
