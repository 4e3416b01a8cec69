# The benchmark program (userland/bin/bench/), once on weensy in quick mode:
# every figure must be produced, in cycles and ns, positive and finite
# (tests/check_bench.py). No time limit is asserted; the comparison with
# Linux is scripts/bench (docs/performance.md), not part of the suite.
weensy_qemu_test(bench.figures TIMEOUT 180 LABELS bench
  ARGS --mem 512M --cmdline "harness init=bench -- quick"
       --expect "bench: done"
       --expect "proc: init exited with status 0"
       --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_bench.py {log}"
       --reject "PANIC|EXCEPTION")

# musl-bench: the same sources built with musl-gcc into one static Linux
# program (userland/bin/bench/bench_musl.h), which scripts/bench --musl
# runs on both kernels. On weensy it must find that it is on weensy and
# produce every figure too.
weensy_qemu_test(bench.figures.musl TIMEOUT 180 LABELS bench linux
  ISO ${CMAKE_BINARY_DIR}/weensy-linux.iso
  ARGS --mem 512M --cmdline "harness init=musl-bench -- quick"
       --expect "bench: kernel weensy"
       --expect "bench: done"
       --expect "proc: init exited with status 0"
       --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_bench.py {log}"
       --reject "PANIC|EXCEPTION|not implemented")
