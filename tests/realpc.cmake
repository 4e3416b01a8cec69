# Real PCs (issue 19): machines without the legacy devices weensy once
# needed, and CPUs without the features it uses where they exist. Each
# boots the ISO and asserts the lines that say what the kernel found and
# what it did without (docs/time.md):
#
#   time       the TSC measured against CPUID, the HPET, the ACPI PM timer
#              or the PIT, in that order; clocksource= tries one first;
#              the timer_* ktests measure again against every source there
#              and check each CPU's tick
#   CPUs       one line for each of NX, SMEP, SMAP, PCID, XSAVE, x2APIC
#              that is missing, and everything still works
#   ACPI       a table that lies is reported and skipped; power-off by S5,
#              restart by the FADT's reset register, then older ways
#
# Most run at -smp 1 and 2 (NAME.smp2, label smp too): every CPU has its
# own tick. QEMU 7.2's TCG offers no CPUID leaf 0x15, so there "cpuid" is
# reported unavailable and the next source is used; under KVM on a recent
# Intel host it may be offered, and the test accepts either.
#
# To try the modern PC by hand:
#   scripts/run --uefi ... or scripts/qemu-test --iso build/weensy.iso --fw uefi
#     --machine q35,i8042=off,pit=off --cmdline harness --timeout 600

set(RP_REJECT "PANIC|EXCEPTION|FAILED|LEAK|mm_check \\(|trap: stray")
set(RP_MODERN --fw uefi --machine q35,i8042=off,pit=off)
set(RP_TIMER_OK "ktest: 2 passed, 0 failed")
set(RP_CLEAN "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok")
set(RP_P "weensy\\$ ")

# realpc_test(NAME [TIMEOUT s] [SMP2] ARGS ...): realpc.NAME, and with SMP2
# realpc.NAME.smp2 at -smp 2.
function(realpc_test name)
  cmake_parse_arguments(R "SMP2" "TIMEOUT" "ARGS" ${ARGN})
  if(NOT R_TIMEOUT)
    set(R_TIMEOUT 60)
  endif()
  weensy_qemu_test(realpc.${name} TIMEOUT ${R_TIMEOUT} LABELS realpc ARGS ${R_ARGS})
  if(R_SMP2)
    weensy_qemu_test(realpc.${name}.smp2 TIMEOUT ${R_TIMEOUT} LABELS realpc smp
      ARGS --smp 2 ${R_ARGS})
  endif()
endfunction()

# The modern PC: UEFI, no PIT, no PS/2 controller. The shell, typed at over
# the serial line, runs a program; time comes from anything but the PIT.
realpc_test(modern.shell TIMEOUT 120 SMP2
  ARGS ${RP_MODERN} --cmdline "harness" --in-order
       --send "${RP_P}=ps\\n" --send "${RP_P}=hello a b\\n" --send "${RP_P}=exit\\n"
       --expect "timer: TSC [0-9]+ MHz from (CPUID|the HPET|the ACPI PM timer)\\x3b tick 100 Hz from the local APIC timer"
       --expect "  PID  PPID  PGID  S CPU   MASK"
       --expect "hello from pid 2, argc=3"
       --expect "proc: init exited with status 0"
       --expect "${RP_CLEAN}"
       --reject "from the PIT|${RP_REJECT}")
realpc_test(modern.time TIMEOUT 120 SMP2
  ARGS ${RP_MODERN} --cmdline "test=timer_*,smp_cpus_know_themselves"
       --expect "timer: TSC [0-9]+ MHz from the HPET\\x3b tick 100 Hz from the local APIC timer"
       --expect "timer_test: cpu 0: TSC [0-9]+ MHz against pmtimer"
       --expect "ktest: 3 passed, 0 failed"
       --reject "${RP_REJECT}")

# No HPET and no PIT: the PM timer.
realpc_test(nohpet SMP2
  ARGS --machine q35,hpet=off,pit=off --cmdline "test=timer_*"
       --expect "timer: TSC [0-9]+ MHz from the ACPI PM timer\\x3b tick 100 Hz from the local APIC timer"
       --expect "${RP_TIMER_OK}" --reject "${RP_REJECT}")

# None of them: UEFI with no ACPI tables (so no HPET table and no FADT's
# PM timer), no PIT, and a CPU without CPUID leaf 0x15. The kernel cannot
# keep time, so it stops, saying what it looked for, and does not wait.
realpc_test(notime
  ARGS --fw uefi --machine q35,acpi=off,hpet=off,pit=off --cpu qemu64 --cmdline "harness" --exit fail
       --expect "timer: nothing to measure the TSC against: the CPU has no CPUID leaf 0x15\\x3b no valid HPET table\\x3b the FADT names no PM timer\\x3b no PIT answers \\(its count does not move\\)"
       --expect "weensy: halted after panic")

# clocksource= on a PC that has every source but CPUID's.
realpc_test(clocksource.cpuid SMP2
  ARGS --cmdline "clocksource=cpuid test=timer_*"
       --expect "timer: (clocksource=cpuid unavailable: the CPU has no CPUID leaf 0x15\\x3b trying the others|TSC [0-9]+ MHz from CPUID\\x3b)"
       --expect "timer: TSC [0-9]+ MHz from (CPUID|the HPET)\\x3b"
       --expect "${RP_TIMER_OK}" --reject "${RP_REJECT}")
foreach(src "hpet:the HPET" "pmtimer:the ACPI PM timer" "pit:the PIT")
  string(REPLACE ":" ";" src "${src}")
  list(GET src 0 name)
  list(GET src 1 text)
  realpc_test(clocksource.${name} SMP2
    ARGS --cmdline "clocksource=${name} test=timer_*"
         --expect "timer: TSC [0-9]+ MHz from ${text}\\x3b tick 100 Hz from the local APIC timer"
         --expect "${RP_TIMER_OK}" --reject "unavailable|${RP_REJECT}")
endforeach()
# Asked for a PIT that is not there: noticed, not waited for.
realpc_test(clocksource.pit_absent SMP2
  ARGS --machine pc,pit=off --cmdline "clocksource=pit test=timer_*"
       --expect "timer: clocksource=pit unavailable: no PIT answers \\(its count does not move\\)\\x3b trying the others"
       --expect "timer: TSC [0-9]+ MHz from the HPET\\x3b"
       --expect "${RP_TIMER_OK}" --reject "${RP_REJECT}")
realpc_test(clocksource.unknown
  ARGS --cmdline "clocksource=tsc test=timer_*"
       --expect "timer: clocksource=tsc is not one of cpuid, hpet, pmtimer, pit\\x3b ignored"
       --expect "${RP_TIMER_OK}" --reject "${RP_REJECT}")
# noapic on a machine without a PIT: nothing else could tick.
realpc_test(noapic_nopit SMP2
  ARGS --machine pc,pit=off --cmdline "noapic test=timer_*"
       --expect "irq: noapic ignored: with no PIT only the local APIC can make the tick"
       --expect "${RP_TIMER_OK}" --reject "${RP_REJECT}")

# CPUs without NX (and, as qemu64, without SMEP, SMAP, PCID, XSAVE,
# x2APIC), then with NX but the rest missing: one line each, and memory
# still works (the mm ktests that need NX or SMAP say skipped).
set(RP_OLD_CPU_LINES
  --expect "cpu: no SMEP: " --expect "cpu: no SMAP: " --expect "cpu: no PCID: "
  --expect "cpu: no XSAVE: " --expect "cpu: no x2APIC: ")
realpc_test(cpu.nonx
  ARGS --cpu qemu64,-nx --cmdline "test=mm_*"
       --expect "mm: managed .* NX absent, SMEP absent, SMAP absent"
       --expect "cpu: no NX: data, stacks and the heap stay executable"
       ${RP_OLD_CPU_LINES}
       --expect "ktest: ${MM_KTESTS} passed, 0 failed" --reject "PANIC|FAILED")
realpc_test(cpu.nonx.vm SMP2
  ARGS --cpu qemu64,-nx --cmdline "harness mm_check=always init=vmtests -- lazy cow stack"
       --expect "cpu: no NX: " ${RP_OLD_CPU_LINES}
       --expect "vmtests: 3 passed, 0 failed" --expect "${RP_CLEAN}" --reject "${RP_REJECT}")
realpc_test(cpu.old.vm SMP2
  ARGS --cpu qemu64 --cmdline "harness mm_check=always init=vmtests -- lazy cow stack"
       ${RP_OLD_CPU_LINES}
       --expect "vmtests: 3 passed, 0 failed" --expect "${RP_CLEAN}" --reject "cpu: no NX|${RP_REJECT}")

# ACPI tables that lie. QEMU mends the checksum and length of a table
# given with -acpitable, so the kernel test builds its own; the HPET
# table QEMU is given (with its own HPET off) is well formed but not an
# HPET's: too short, or with no memory address.
realpc_test(acpi.bad_tables
  ARGS --cmdline "test=acpi_bad_tables_reported_and_skipped"
       --expect "acpi: table 'WBAD' at 0x[0-9a-f]+ has a bad checksum\\x3b skipped"
       --expect "acpi: table 'WSHT' at 0x[0-9a-f]+ has an impossible length\\x3b skipped"
       --expect "ktest: 1 passed, 0 failed" --reject "${RP_REJECT}")
# The _PRT reader (arch/x86_64/acpi_prt.c) fed hand-made AML: a static
# package with Zero sources, a method choosing between a PIC-mode and an
# APIC-mode package (link devices with a method _CRS and a static one),
# and every truncation of a table, an unknown opcode, a length past the
# end: each "no route" with a reason, none a fault.
realpc_test(acpi.prt
  ARGS --cmdline "test=acpi_prt_*"
       --expect "ktest: acpi_prt_method_links ok"
       --expect "acpi_prt: a broken table: table 0 offset 0x1: a Scope or Device with a bad length or name"
       --expect "ktest: 3 passed, 0 failed" --reject "${RP_REJECT}")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/realpc/hpet-short.dat "weensy")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/realpc/hpet-garbage.dat "weensy: this is no HPET table at all")
foreach(bad "short:the HPET table is too short" "garbage:the HPET table gives no memory address")
  string(REPLACE ":" ";" bad "${bad}")
  list(GET bad 0 name)
  list(GET bad 1 why)
  realpc_test(acpi.bad_hpet.${name}
    ARGS --machine pc,hpet=off --cmdline "clocksource=hpet test=timer_*"
         --expect "timer: clocksource=hpet unavailable: ${why}\\x3b trying the others"
         --expect "timer: TSC [0-9]+ MHz from the ACPI PM timer\\x3b"
         --expect "${RP_TIMER_OK}" --reject "${RP_REJECT}"
         -- -acpitable sig=HPET,data=${CMAKE_CURRENT_BINARY_DIR}/realpc/hpet-${name}.dat)
endforeach()

# Power-off by S5 and restart by the FADT's reset register on the modern
# PC (no exit device: the machine must really go), then the older ways
# to restart, each named as it is tried: reboot= starts further down.
realpc_test(poweroff.s5 TIMEOUT 120 SMP2
  ARGS ${RP_MODERN} --no-exit-device --exit poweroff --cmdline "test=poweroff"
       --expect "acpi: .*FADT found, PM1a_CNT=0x[0-9a-f]+, S5 SLP_TYP=[0-7]/[0-7]"
       --expect "machine: powering off through ACPI S5"
       --reject "did not work|${RP_REJECT}")
realpc_test(reboot.acpi TIMEOUT 120 SMP2
  ARGS ${RP_MODERN} --exit reset --cmdline "test=reboot"
       --expect "machine: restarting through the ACPI reset register \\(I/O 0xcf9 = 0x[0-9a-f]+\\)"
       --reject "keyboard controller|PCI reset register|triple fault|${RP_REJECT}")
realpc_test(reboot.kbd_absent TIMEOUT 120
  ARGS ${RP_MODERN} --exit reset --cmdline "reboot=kbd test=reboot"
       --expect "machine: restarting through the keyboard controller"
       --expect "machine: restarting through the PCI reset register 0xcf9"
       --reject "ACPI reset register|triple fault|${RP_REJECT}")
realpc_test(reboot.triple TIMEOUT 120
  ARGS ${RP_MODERN} --exit reset --cmdline "reboot=triple test=reboot"
       --expect "machine: restarting by a triple fault"
       --reject "ACPI reset register|keyboard controller|PCI reset register|${RP_REJECT}")
# SeaBIOS's i440FX machine has an ACPI 1.0 FADT: no reset register.
realpc_test(reboot.no_reset_register
  ARGS --exit reset --cmdline "test=reboot"
       --expect "reset register none"
       --expect "machine: restarting through the keyboard controller"
       --reject "ACPI reset register \\(|PCI reset register|triple fault|${RP_REJECT}")
