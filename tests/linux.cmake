# What unmodified Linux programs need from the processor (issue 17,
# docs/linux-abi.md). Label `linux`: `scripts/test -L linux`.
#
# fputest: every thread's x87, SSE and AVX registers are its own: six
# processes, then four threads of one process, each with registers of its
# own, yield 300 times and check them all after each yield; a child starts
# with its parent's registers; exec starts a program in the starting state;
# an unmasked x87 divide by zero kills only that thread, with SIGFPE. At
# 1, 2 and 4 CPUs, the kernel checking itself at every fork, exit and reap.
set(FPUTEST_EXPECT
  --exit pass
  --expect "fpu: (xsave|fxsave) x87 sse"
  --expect "fputest: math: .*: ok"
  --expect "fputest: hold: every process's registers held across its yields: ok"
  --expect "fputest: hold: 4 threads of one process, each with its own registers: ok"
  --expect "fputest: fork: the child starts with its parent's registers and MXCSR: ok"
  --expect "fputest: exec: the new program starts with MXCSR 0x1f80, FCW 0x37f, xmm15 zero: ok"
  --expect "fputest: sigfpe: an unmasked x87 divide by zero kills the thread with SIGFPE: ok"
  --expect "fputest: all passed"
  --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
  --reject "FAILED|PANIC|LEAK")
weensy_qemu_test(linux.fpu TIMEOUT 120 LABELS linux
  ARGS --cmdline "harness mm_check=always init=fputest" ${FPUTEST_EXPECT})
weensy_qemu_test(linux.fpu.smp2 TIMEOUT 120 LABELS "linux;smp"
  ARGS --smp 2 --cmdline "harness mm_check=always init=fputest -- 8 300" ${FPUTEST_EXPECT})
weensy_qemu_test(linux.fpu.smp4 TIMEOUT 120 LABELS "linux;smp"
  ARGS --smp 4 --cmdline "harness mm_check=always init=fputest -- 12 300" ${FPUTEST_EXPECT})
# Without XSAVE (a CPU model that has only FXSAVE): the same with the
# 512-byte FXSAVE area.
weensy_qemu_test(linux.fpu.fxsave TIMEOUT 120 LABELS linux
  ARGS --cpu qemu64 --smp 2 --cmdline "harness init=fputest" ${FPUTEST_EXPECT}
       --expect "fpu: fxsave x87 sse, 512 bytes per thread")
