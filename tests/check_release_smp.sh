#!/usr/bin/env bash
# check_release_smp.sh SOURCE_DIR BINARY_DIR -- the Release kernel on
# several CPUs. The suite boots the Debug kernel, whose locks go through
# the order checker out of line; the Release kernel takes and lets go a
# free lock inline (kernel/spinlock.h), a path only the benchmarks would
# run otherwise. Build the Release ISO in BINARY_DIR/release-smp (kept, so
# a second run only rebuilds what changed) and boot it at -smp 2 and 4
# with the multi-CPU stress tests and the random model test.
set -euo pipefail
src=$1
out=$2/release-smp
cmake -S "$src" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$out" --target weensy.iso >"$out.build.log" 2>&1 || { cat "$out.build.log"; exit 1; }
run() {   # NAME SMP CMDLINE EXPECT
  python3 "$src/scripts/qemu-test" --iso "$out/weensy.iso" --timeout 240 --log "$2-$1.log" \
    --smp "$3" --mem 64M --cmdline "$4" --expect "$5" \
    --expect 'proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok' \
    --reject 'PANIC|LEAK|EXCEPTION|mm_check \(|trap: stray'
}
mkdir -p "$2/logs"
logs=$2/logs/release.smp
run stress "$logs" 4 "harness mm_check=always init=usertests -- mix_stress shootdown shootdown_cow" \
  'usertests: 3 passed, 0 failed'
run random "$logs" 2 "harness mm_check=always init=vmtests -- random:5:3000" \
  'vmtests: [0-9]+ passed, 0 failed'
echo "check_release_smp: the Release kernel passed the stress and random tests at -smp 4 and 2"
