#!/usr/bin/env bash
# check_release_ktests.sh SOURCE_DIR -- a Release kernel carries no
# in-kernel tests and no fault catcher (CMake's WEENSY_KTESTS is off
# there), and no lock-order checker (WEENSY_LOCKDEP): configure and build
# just the kernel in a scratch Release tree, then look at its symbols. The
# Debug kernel the suite boots must have them.
set -euo pipefail
src=$1
dbg=$src/build/kernel.elf
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cmake -S "$src" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$out" --target kernel >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
syms=$(nm "$out/kernel.elf")
if grep -qE ' (ktest_run|ktest_fail|trap_catch|trap_catch_arm)$' <<<"$syms"; then
  echo "check_release_ktests: the Release kernel has test code:"
  grep -E ' (ktest_run|ktest_fail|trap_catch|trap_catch_arm)$' <<<"$syms"
  exit 1
fi
start=$(awk '$3 == "__ktests_start" {print $1}' <<<"$syms")
end=$(awk '$3 == "__ktests_end" {print $1}' <<<"$syms")
if [[ "$start" != "$end" ]]; then
  echo "check_release_ktests: the Release kernel's .ktests section is not empty ($start-$end)"
  exit 1
fi
dsyms=$(nm "$dbg")
if ! grep -q ' ktest_run$' <<<"$dsyms"; then
  echo "check_release_ktests: the Debug kernel ($dbg) has no ktest_run"
  exit 1
fi
# The lock-order checker (WEENSY_LOCKDEP) follows the same rule.
if grep -qE ' lockdep_(acquire|release)$' <<<"$syms"; then
  echo "check_release_ktests: the Release kernel has the lock-order checker"
  exit 1
fi
if ! grep -q ' lockdep_acquire$' <<<"$dsyms"; then
  echo "check_release_ktests: the Debug kernel ($dbg) has no lock-order checker"
  exit 1
fi
echo "check_release_ktests: Release kernel without tests or lock-order checks, Debug kernel with them"
