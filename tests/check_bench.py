#!/usr/bin/env python3
"""check_bench.py LOG: every figure the benchmark must produce is in the
serial log, in cycles and in ns, with a positive finite value. Asserts no
time limit: the comparison with Linux is scripts/bench's job."""
import math
import re
import sys

FIGURES = ["boot_to_user", "reset_to_main", "null_syscall", "fork_exit_wait_small",
           "fork_exec_exit_wait", "fork_exit_wait_4m", "page_fault", "cow_fault",
           "yield_pingpong", "mmap_munmap", "pipe_pingpong"]

text = open(sys.argv[1], errors="replace").read()
seen = {}
for name, value, unit in re.findall(r"^bench: (\S+) (\S+) (\S+)\s*$", text, re.M):
    seen[(name, unit)] = value
problems = []
for name in FIGURES:
    for unit in ("cycles", "ns"):
        v = seen.get((name, unit))
        if v is None:
            problems.append(f"missing: bench: {name} ... {unit}")
            continue
        try:
            f = float(v)
        except ValueError:
            problems.append(f"not a number: bench: {name} {v} {unit}")
            continue
        if not math.isfinite(f) or f <= 0:
            problems.append(f"not positive: bench: {name} {v} {unit}")
if "bench: done" not in text:
    problems.append("missing: bench: done")
for p in problems:
    print("check_bench:", p)
print(f"check_bench: {len(FIGURES) * 2 - len(problems)} figures ok, {len(problems)} problems")
sys.exit(1 if problems else 0)
