# More than one CPU (docs/smp.md). Each test boots with -smp N and can
# fail: the CPU count the kernel reports, the in-kernel tests run on every
# CPU (each CPU knows itself, a freed kernel stack is forgotten by every
# TLB, a pause holds the others), the user suites at 2 and 4 CPUs (at 2
# with the memory check after every event), the fuzzer, a panic that stops the
# others, and a shell on 4 CPUs.
#
# To try one by hand: scripts/run --smp 4 (the shell), or
#   scripts/run --headless --exit-device --smp 4 --cmdline "harness init=usertests"

set(SMP_REJECT "PANIC|LEAK|EXCEPTION|mm_check \\(|trap: stray")
set(SMP_CLEAN "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok")
set(SMP_KTESTS "smp_cpus_know_themselves,smp_freed_kernel_stack_forgotten_everywhere,smp_pause_holds_the_others")

# Bring-up, BIOS and UEFI: every CPU QEMU offers comes online.
foreach(fw bios uefi)
  weensy_qemu_test(smp.boot.${fw}.4 TIMEOUT 90 LABELS smp
    ARGS --fw ${fw} --smp 4 --cmdline "test=${SMP_KTESTS}"
         --expect "madt: 4 CPUs, 1 I/O APIC"
         --expect "smp: 4 CPUs online"
         --expect "ktest: 3 passed, 0 failed"
         --reject "${SMP_REJECT}")
endforeach()

# nosmp and maxcpus=N, as on Linux.
weensy_qemu_test(smp.nosmp TIMEOUT 60 LABELS smp
  ARGS --smp 4 --cmdline "nosmp test=smp_cpus_know_themselves"
       --expect "smp: 1 CPU online" --expect "ktest: 1 passed, 0 failed" --reject "${SMP_REJECT}")
weensy_qemu_test(smp.maxcpus TIMEOUT 60 LABELS smp
  ARGS --smp 4 --cmdline "maxcpus=2 test=smp_cpus_know_themselves"
       --expect "smp: 2 CPUs online" --expect "ktest: smp_cpus_know_themselves ok on 2 CPUs"
       --reject "${SMP_REJECT}")

# noapic: the legacy PICs and the PIT, and with them one CPU; the tick,
# the keyboard and the serial port still work (the shell is typed at).
weensy_qemu_test(smp.noapic TIMEOUT 60 LABELS smp
  ARGS --smp 2 --cmdline "noapic harness" --in-order
       --send "weensy\\$ =ps\\n" --send "weensy\\$ =exit\\n"
       --expect "timer: TSC [0-9]+ MHz from .*\\x3b tick 100 Hz from the PIT" --expect "smp: 1 CPU online"
       --expect "  PID  PPID  PGID  S CPU   MASK"
       --expect "${SMP_CLEAN}" --reject "${SMP_REJECT}")

# The in-kernel tests, each on every CPU.
foreach(n 2 4)
  weensy_qemu_test(smp.ktests.${n} TIMEOUT 240 LABELS smp
    ARGS --smp ${n} --cmdline "test=mm_*,elf_*,initrd_*,trap_*,fail_*,ansi_*,${SMP_KTESTS}"
         --expect "smp: ${n} CPUs online"
         --expect "ktest: [0-9]+ passed, 0 failed"
         --reject "PANIC|LEAK")          # the trap_ tests print caught exceptions
endforeach()

# The user test suites with the whole memory check after every fork, exit,
# reap and kill (the other CPUs paused for it) at 2 CPUs, the host's
# count; at 4 (slow under TCG on 2 host cores) the check runs after each
# test only, as usertests always does. And the fuzzer.
foreach(n 2 4)
  if(n EQUAL 2)
    set(smp_check "mm_check=always")
  else()
    set(smp_check "")
  endif()
  weensy_qemu_test(smp.usertests.${n} TIMEOUT 300 LABELS smp
    ARGS --smp ${n} --mem 64M --cmdline "harness ${smp_check} init=usertests"
         --expect "smp: ${n} CPUs online"
         --expect "usertests: affinity_move: pinned and moved between ${n} CPUs"
         --expect "usertests: [0-9]+ passed, 0 failed"
         --expect "${SMP_CLEAN}" --reject "${SMP_REJECT}")
  weensy_qemu_test(smp.vmtests.${n} TIMEOUT 240 LABELS smp
    ARGS --smp ${n} --mem 64M --cmdline "harness ${smp_check} init=vmtests"
         --expect "vmtests: [0-9]+ passed, 0 failed"
         --expect "${SMP_CLEAN}" --reject "${SMP_REJECT}")
  weensy_qemu_test(smp.random.${n} TIMEOUT 240 LABELS smp
    ARGS --smp ${n} --mem 64M --cmdline "harness ${smp_check} init=vmtests -- random:${n}:3000"
         --expect "vmtests: [0-9]+ passed, 0 failed"
         --expect "${SMP_CLEAN}" --reject "${SMP_REJECT}")
  weensy_qemu_test(smp.fuzz.${n} TIMEOUT 240 LABELS smp
    ARGS --smp ${n} --mem 64M --cmdline "harness init=fuzz -- --seed ${n} --calls 200000 --quiet"
         --expect "fuzz: PASS: [0-9]+ calls"
         --expect "${SMP_CLEAN}" --reject "${SMP_REJECT}|fuzz: FAIL")
endforeach()

# The stress the issue asks for: 4 CPUs, processes of threads forking,
# exec'ing, exiting, mapping, unmapping and protecting for a fixed time,
# the kernel's whole memory check after every fork, exit, reap and kill;
# no check fails, no page is lost, and it ends (no lost wake-up). With the
# shootdown tests beside it, and the lock contention table (lockstat) at
# the end: four CPUs on the host's two always find some lock busy.
weensy_qemu_test(smp.stress.4 TIMEOUT 300 LABELS smp
  ARGS --smp 4 --mem 64M --cmdline "harness mm_check=always lockstat init=usertests -- mix_stress shootdown shootdown_cow"
       --expect "usertests: mix_stress: 4 processes of 3 threads"
       --expect "usertests: 3 passed, 0 failed"
       --expect "lockstat: [0-9]+ lock names waited for \\(most cycles first\\):\\s+lockstat: [a-z]"
       --expect "${SMP_CLEAN}" --reject "${SMP_REJECT}")

# A panic on the last CPU stops the others, and each says where it was.
weensy_qemu_test(smp.panic.4 TIMEOUT 60 LABELS smp
  ARGS --smp 4 --cmdline "test=smp_panic_demo" --exit fail
       --expect "PANIC at .*: deliberate panic on CPU 3"
       --expect "panic: CPU 0 stopped, kernel mode(.|\n)*rip [0-9a-f]+ <(.|\n)*backtrace:"
       --expect "panic: CPU 1 stopped, kernel mode(.|\n)*rip [0-9a-f]+ <(.|\n)*backtrace:"
       --expect "panic: CPU 2 stopped, kernel mode(.|\n)*rip [0-9a-f]+ <(.|\n)*backtrace:"
       --reject "did not answer")

# What a person gets from scripts/run --smp 4: the shell, ps, exit.
weensy_qemu_test(smp.shell.4 TIMEOUT 90 LABELS smp
  ARGS --smp 4 --cmdline "harness" --in-order
       --send "weensy\\$ =ps\\n"
       --send "weensy\\$ =taskset 2 hello x\\n"
       --send "weensy\\$ =exit\\n"
       --expect "smp: 4 CPUs online"
       --expect "  PID  PPID  PGID  S CPU   MASK"
       --expect "hello from pid 2, argc=2"
       --expect "proc: init exited with status 0"
       --expect "${SMP_CLEAN}" --reject "${SMP_REJECT}")

# init's threads end at the same moment (userland/bin/initexit.c): the
# machine must still shut down with the first thread's status. Once two
# overlapping ends each left "the last one" to the other and the machine
# idled forever. Several boots a CPU count, as the window is narrow.
foreach(n 2 4)
  foreach(run 1 2 3)
    weensy_qemu_test(smp.initexit.${n}.${run} TIMEOUT 60 LABELS smp
      ARGS --smp ${n} --cmdline "harness init=initexit -- 4" --exit fail   # init's status 3
           --expect "initexit: 4 threads end together"
           --expect "proc: init exited with status 3"
           --expect "${SMP_CLEAN}" --reject "${SMP_REJECT}")
  endforeach()
endforeach()
# init execs from a second thread: that thread takes over pid 1 and is
# init from then on, so its end ends the machine (it once left init
# pointing at the freed slot, and nothing did).
foreach(n 1 2)
  weensy_qemu_test(smp.initexit.exec.${n} TIMEOUT 60 LABELS smp
    ARGS --smp ${n} --cmdline "harness init=initexit -- exec" --exit fail --in-order
         --expect "initexit: pid 1 execs from a second thread"
         --expect "initexit: pid 1\r?\n"
         --expect "proc: init exited with status 3"
         --expect "${SMP_CLEAN}" --reject "${SMP_REJECT}")
endforeach()
