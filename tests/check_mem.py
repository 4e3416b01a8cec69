#!/usr/bin/env python3
"""check_mem.py LOG SIZE: check the kernel's memory summary against the
memory QEMU was given (-m SIZE, e.g. 64M, 4G).

The firmware's map must offer between SIZE - 3 MiB and SIZE (BIOS and
firmware keep a little), and the kernel must manage exactly the usable
pages minus what it keeps back (the first MiB, its image and page
records, boot data), as it reports."""
import re
import sys


def size_bytes(s):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(s[:-1]) * units[s[-1].upper()] if s[-1].upper() in units else int(s)


def main():
    log = open(sys.argv[1]).read()
    size = size_bytes(sys.argv[2])
    m = re.search(r"mm: map offers (\d+) usable pages below (\d+) MiB; kept back: first MiB (\d+), "
                  r"kernel (\d+), boot data (\d+), console (\d+)", log)
    n = re.search(r"mm: managed (\d+) pages", log)
    b = re.search(r"boot: memory (\d+) MiB usable", log)
    if not (m and n and b):
        print("check_mem: memory summary lines missing")
        return 1
    usable, top_mib, first, kernel, boot, console = map(int, m.groups())
    managed = int(n.group(1))
    usable_mib = int(b.group(1))
    problems = []
    if not size - (3 << 20) <= usable * 4096 <= size:
        problems.append(f"map offers {usable * 4096} bytes, -m was {size}")
    if not (size >> 20) - 3 <= usable_mib <= size >> 20:
        problems.append(f"boot summary says {usable_mib} MiB usable for -m {sys.argv[2]}")
    if managed != usable - first - kernel - boot - console:
        problems.append(f"managed {managed} != usable {usable} - kept back "
                        f"{first}+{kernel}+{boot}+{console}")
    # The page records are 32 bytes for every page below the top of RAM:
    # what the kernel keeps is its image (< 4 MiB) plus the records.
    if kernel * 4096 > (4 << 20) + (top_mib << 20) // 4096 * 32:
        problems.append(f"kernel keeps back {kernel} pages, more than image + records")
    for p in problems:
        print("check_mem: " + p)
    print(f"check_mem: -m {sys.argv[2]}: usable {usable} pages, managed {managed}, "
          f"kept back {first}/{kernel}/{boot}/{console}: {'FAIL' if problems else 'ok'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
