# The USB keyboard (dev/xhci*.c, dev/usb_kbd.c; docs/drivers.md, "USB
# keyboard (xHCI)"): a q35 machine with no PS/2 controller (i8042=off),
# an xHCI controller and a USB keyboard, so QEMU's monitor `sendkey` goes
# to the USB keyboard and nowhere else. The shell, Ctrl-C, the viewer's
# keys and the terminal's keys are driven through it only.

set(USB_P "weensy\\$ ")
set(USB_CLEAN "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok")
set(USB_REJECT "PANIC|LEAK|EXCEPTION|mm_check \\(|trap: stray|not usable")
set(USB_MACHINE -machine i8042=off)
set(USB_KBD -device qemu-xhci -device usb-kbd)
set(USB_FOUND "xhci0: [0-9a-f:.]+ xHCI 1\\.[0-9], [0-9]+ ports, [0-9]+ slots, (32|64)-byte contexts, ")
set(USB_KBD_FOUND "xhci0: port [0-9]+: keyboard usb-kbd0, slot [0-9]+, endpoint 0x81")

# The shell through the USB keyboard: a command and its output, Ctrl-C
# ending a program in front, Up for the last line, Backspace, Shift, exit.
set(USB_SHELL_KEYS
  --sendkey "${USB_P}=p s ret"
  --sendkey "${USB_P}=s p i n ret"
  --sendkey "\\.\\.\\.=ctrl-c"
  --sendkey "${USB_P}=up ret"
  --sendkey "\\.\\.\\.=ctrl-c"
  --sendkey "${USB_P}=h e l l o x backspace spc shift-a ret"
  --sendkey "${USB_P}=e x i t ret")
set(USB_SHELL_EXPECT
  --expect "${USB_FOUND}"
  --expect "${USB_KBD_FOUND}"
  --expect "${USB_P}ps\r?\n  PID  PPID  PGID  S CPU   MASK   RSS     TIME  COMMAND\r?\n +1 +0 +1 +R"
  --expect "\\x5bpid 2\\x5d killed by SIGINT \\(interrupted\\): spin"
  --expect "\\x5bpid 3\\x5d killed by SIGINT \\(interrupted\\): spin"
  --expect "hello from pid 4, argc=2\r?\n  argv\\x5b0\\x5d = hello\r?\n  argv\\x5b1\\x5d = A\r?\n"
  --expect "proc: init exited with status 0"
  --expect "${USB_CLEAN}"
  --reject "${USB_REJECT}")

# usb.shell.FW[.smpN]: BIOS at -smp 1, 2 and 4, UEFI at 1 and 2.
foreach(fw bios uefi)
  if(fw STREQUAL "bios")
    set(cpus 1 2 4)
    set(fwargs --machine q35)
    set(limit 60)
  else()
    set(cpus 1 2)
    set(fwargs --fw uefi)
    set(limit 120)
  endif()
  foreach(n ${cpus})
    set(tname usb.shell.${fw})
    if(NOT n EQUAL 1)
      set(tname usb.shell.${fw}.smp${n})
    endif()
    weensy_qemu_test(${tname} TIMEOUT ${limit} LABELS usb
      ARGS ${fwargs} --smp ${n} --cmdline "harness" --in-order
           ${USB_SHELL_KEYS} ${USB_SHELL_EXPECT}
           -- ${USB_MACHINE} ${USB_KBD})
  endforeach()
endforeach()

# Reports into bytes without a controller (dev/usb_kbd_test.c): Shift,
# Ctrl, a key held while another goes down, the gray keys, rollover, Num
# Lock and the keypad, Caps Lock; a held key's repeat and its end.
weensy_qemu_test(usb.kbd_unit LABELS usb
  ARGS --cmdline "test=usb_kbd_*"
       --expect "usb_kbd: 'x' held 1 s: [0-9]+ repeats"
       --expect "ktest: 2 passed, 0 failed")

# The keys that are not characters send what the PS/2 keyboard sends
# (tests/boot.cmake, input.ps2_keys): the same keys, the same 45 bytes.
set(USB_KEYS "up down right left home end insert delete pgup pgdn kp_divide ctrl_r-c c kp_8 num_lock kp_8 kp_3 kp_enter")
set(USB_BYTES "1b 5b 41 1b 5b 42 1b 5b 43 1b 5b 44 1b 5b 48 1b 5b 46"
              "1b 5b 32 7e 1b 5b 33 7e 1b 5b 35 7e 1b 5b 36 7e"
              "2f 03 63 38 1b 5b 41 1b 5b 36 7e")
string(JOIN " " USB_BYTES ${USB_BYTES})
weensy_qemu_test(usb.keys LABELS usb
  ARGS --machine q35 --cmdline "test=input_keys"
       --sendkey "input: press the keys=${USB_KEYS}"
       --expect "input: got 45 bytes: ${USB_BYTES}\\r?\\n"
       --expect "ktest: 1 passed, 0 failed"
       -- ${USB_MACHINE} ${USB_KBD})

# A held key repeats (the keyboard sends one report; the repeat is the
# driver's): 'a' held for 1.5 s gives many, a short press gives one.
weensy_qemu_test(usb.repeat LABELS usb
  ARGS --machine q35 --smp 2 --cmdline "harness" --in-order
       --sendkey "${USB_P}=e c h o spc b spc"
       --monitor "echo b =sendkey a 1500"
       --sendkey "aaaaaaaaaa=spc c ret"
       --sendkey "${USB_P}=e x i t ret"
       --expect "${USB_P}echo b a{10,} c\r?\nb a{10,} c\r?\n"
       --expect "proc: init exited with status 0"
       --reject "${USB_REJECT}"
       -- ${USB_MACHINE} ${USB_KBD})

# Devices that are not keyboards, on ports beside it (a tablet, a USB
# stick): each listed and skipped, and the keyboard still works.
weensy_qemu_test(usb.others LABELS usb
  ARGS --machine q35 --smp 2 --cmdline "harness" --in-order
       --sendkey "${USB_P}=e c h o spc o k ret"
       --sendkey "${USB_P}=e x i t ret"
       --expect "xhci0: port [0-9]+: [a-z+]+-speed device 0627:0001, class 03 \\(HID\\): not a keyboard, skipped"
       --expect "xhci0: port [0-9]+: [a-z+]+-speed device 46f4:0001, class 08 \\(mass storage\\): not a keyboard, skipped"
       --expect "${USB_KBD_FOUND}"
       --expect "${USB_P}echo ok\r?\nok\r?\n"
       --expect "proc: init exited with status 0"
       --reject "${USB_REJECT}"
       -- ${USB_MACHINE} -device qemu-xhci,id=xhci -device usb-tablet,bus=xhci.0 -device usb-kbd,bus=xhci.0
          -drive if=none,id=stick,format=raw,readonly=on,file=${WEENSY_ISO}
          -device usb-storage,bus=xhci.0,drive=stick)

# The memory viewer's keys from the USB keyboard: s a snapshot, p pins the
# process shown, v gives the screen back; Enter ends viewertest.
weensy_qemu_test(usb.viewer LABELS usb
  ARGS --machine q35 --smp 2 --cmdline "harness mem=16M viewer init=viewertest" --in-order
       --sendkey "viewertest: ready=s"
       --sendkey "viewer: snapshot end=p s"
       --sendkey "viewer: snapshot end=v"
       --sendkey "viewer: hidden, console back=ret"
       --expect "viewer: pinned pid [0-9]+"
       --expect "viewer: hidden, console back"
       --expect "proc: init exited with status 0"
       --reject "PANIC|EXCEPTION"
       -- ${USB_MACHINE} ${USB_KBD})

# Without MSI-X (MSI), and without either (the tick polls the event
# ring): the NEC controller model can turn them off.
# The controller's interrupt by each way there is: MSI only; no MSI at
# all, so its INTx pin through the I/O APIC (q35's _PRT, GSI 16-23); and
# with noapic (one CPU, the PICs), where no pin is routed and the tick
# polls the event ring.
foreach(irq msi intx polled)
  set(extra "")
  set(cpus 2)
  if(irq STREQUAL "msi")
    set(dev nec-usb-xhci,msix=off)
    set(how "MSI vector")
  elseif(irq STREQUAL "intx")
    set(dev nec-usb-xhci,msix=off,msi=off)
    set(how "INTx pin [A-D], GSI (1[6-9]|2[0-3]) \\(I/O APIC\\)")
  else()
    set(dev nec-usb-xhci,msix=off,msi=off)
    set(how "polled by the tick")
    set(extra " noapic")
    set(cpus 1)
  endif()
  weensy_qemu_test(usb.irq.${irq} LABELS usb
    ARGS --machine q35 --smp ${cpus} --cmdline "harness${extra}" --in-order
         ${USB_SHELL_KEYS} ${USB_SHELL_EXPECT}
         --expect "${USB_FOUND}${how}"
         -- ${USB_MACHINE} -device ${dev} -device usb-kbd)
endforeach()
# The same INTx path at two CPUs with pci=nomsi on QEMU's own controller
# (which has MSI-X): the knob, not the device, turns the messages off.
weensy_qemu_test(usb.irq.nomsi LABELS usb smp
  ARGS --machine q35 --smp 2 --cmdline "harness pci=nomsi" --in-order
       ${USB_SHELL_KEYS} ${USB_SHELL_EXPECT}
       --expect "${USB_FOUND}INTx pin [A-D], GSI (1[6-9]|2[0-3]) \\(I/O APIC\\)"
       -- ${USB_MACHINE} ${USB_KBD})

# F2 through the USB keyboard: the kernel log on the screen (kmsg pager),
# as with PS/2 (shell.kmsg_pager); q gives the console back.
weensy_qemu_test(usb.kmsg_pager TIMEOUT 90 LABELS usb kmsg
  ARGS --machine q35 --cmdline "harness screen_snapshot" --in-order
       --sendkey "${P}=f2"
       --sendkey "screen: end=q"
       --send "kmsg: pager closed=echo back\\n"
       --send "${P}=exit\\n"
       --expect "screen: begin kmsg [0-9]+x[0-9]+\r?\n([^\n]*\n)*screen: \\| log: bytes [0-9]+-[0-9]+ of [0-9]+"
       --expect "kmsg: pager closed"
       --expect "proc: init exited with status 0"
       --reject "PANIC|EXCEPTION"
       -- ${USB_MACHINE} ${USB_KBD})

# The modern PC profile (issue 19): UEFI, q35 without a PIT or a PS/2
# controller, a USB keyboard the only keyboard. The shell and the viewer
# driven through it, and the swap program with its pages on an NVMe and a
# SATA (AHCI) disk; time from anything but the PIT. (RP_MODERN and the
# swap lines come from realpc.cmake and disks.cmake, read before this.)
set(MODERN_TIMER "timer: TSC [0-9]+ MHz from (CPUID|the HPET|the ACPI PM timer)\\x3b tick 100 Hz from the local APIC timer")
foreach(n 1 2)
  set(tname realpc.modern.usb_shell)
  set(labels realpc usb)
  if(n EQUAL 2)
    set(tname realpc.modern.usb_shell.smp2)
    set(labels realpc usb smp)
  endif()
  weensy_qemu_test(${tname} TIMEOUT 120 LABELS ${labels}
    ARGS ${RP_MODERN} --smp ${n} --cmdline "harness" --in-order
         ${USB_SHELL_KEYS} ${USB_SHELL_EXPECT}
         --expect "${MODERN_TIMER}"
         --reject "from the PIT"
         -- ${USB_KBD})
endforeach()
weensy_qemu_test(realpc.modern.usb_viewer TIMEOUT 120 LABELS realpc usb viewer
  ARGS ${RP_MODERN} --smp 2 --cmdline "harness mem=16M viewer init=viewertest" --in-order
       --sendkey "viewertest: ready=s"
       --sendkey "viewer: snapshot end=p s"
       --sendkey "viewer: snapshot end=v"
       --sendkey "viewer: hidden, console back=ret"
       --expect "${MODERN_TIMER}"
       --expect "viewer: pinned pid [0-9]+"
       --expect "viewer: hidden, console back"
       --expect "proc: init exited with status 0"
       --reject "PANIC|EXCEPTION|from the PIT"
       -- ${USB_KBD})
# realpc.modern.swap_BUS, and .nomsi: every device on its INTx pin
# through the I/O APIC (the _PRT OVMF passes on from QEMU), the USB
# keyboard and the disk alike.
foreach(bus nvme ahci)
  foreach(knob "" nomsi)
    set(tname realpc.modern.swap_${bus})
    set(extra "")
    set(line "${bus}: 00:[0-9a-f]+\\.[0-9a-f] (port 0 )?${bus}0: QEMU")
    if(knob)
      set(tname ${tname}.nomsi)
      set(extra " pci=nomsi")
      set(line "${bus}: 00:[0-9a-f]+\\.[0-9a-f][: ].*${INTX_HOW}" --expect "xhci0: .*INTx pin [A-D], GSI")
    endif()
    weensy_qemu_test(${tname} TIMEOUT 150 LABELS realpc disks swap
      ARGS ${RP_MODERN} --smp 2 --disk 16M --disk-bus ${bus}
           --cmdline "harness mm_check=always frames=4 swap=${bus}0 init=swap${extra}"
           --exit pass
           --expect "${MODERN_TIMER}"
           --expect ${line}
           --expect "swap: ${bus}0, 4096 pages"
           --expect "swap: every value read back right"
           --expect "proc: init exited with status 0"
           ${DISK_SWAP_CLEAN_END}
           --reject "${DISK_SWAP_REJECT}|from the PIT"
           -- ${USB_KBD})
  endforeach()
endforeach()

# The modern PC's USB keyboard on its INTx pin (pci=nomsi).
weensy_qemu_test(realpc.modern.usb_shell.nomsi TIMEOUT 120 LABELS realpc usb smp
  ARGS ${RP_MODERN} --smp 2 --cmdline "harness pci=nomsi" --in-order
       ${USB_SHELL_KEYS} ${USB_SHELL_EXPECT}
       --expect "${USB_FOUND}INTx pin [A-D], GSI (1[6-9]|2[0-3]) \\(I/O APIC\\)"
       --expect "${MODERN_TIMER}"
       --reject "from the PIT"
       -- ${USB_KBD})
