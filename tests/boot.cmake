# Foundation tests (issue 2): boot in every firmware/medium combination, the
# console kind, the exception reports, serial input, the memory summary.

foreach(fw bios uefi)
  foreach(media cd usb)
    if(fw STREQUAL "bios")
      set(kind "vga-text 80x25")
      set(firmware BIOS)
      set(smbios_where "F segment")
    else()
      set(kind "framebuffer")
      set(firmware UEFI)
      set(smbios_where "EFI table")
    endif()
    # The command line reaches the kernel through SMBIOS (GRUB passes none)
    # under both firmwares: the harness gives it as an OEM string.
    weensy_qemu_test(boot.${fw}.${media} TIMEOUT 90 LABELS boot
      ARGS --fw ${fw} --media ${media}
           --cmdline "test=boot_console_matches_firmware,smbios_firmware_gives_the_command_line"
           --expect "cmdline 'test=boot_console_matches_firmware,smbios_firmware_gives_the_command_line' \\(from SMBIOS 2\\.x, ${smbios_where}\\)"
           --expect "ktest: 2 passed, 0 failed"
           --expect "weensy: ready"
           --expect "boot: console ${kind}"
           --expect "firmware ${firmware}"
           --reject "PANIC|EXCEPTION")
  endforeach()
endforeach()

# GRUB's fallback: when the cores' built-in configurations cannot boot (here
# they name a missing kernel), GRUB's normal mode reads grub.cfg and boots,
# under both firmwares.
foreach(fw bios uefi)
  weensy_qemu_test(boot.grub_fallback.${fw} TIMEOUT 90 LABELS boot
    ISO ${CMAKE_BINARY_DIR}/weensy-fallback.iso
    ARGS --fw ${fw} --cmdline "test=boot_console_matches_firmware"
         --expect "cmdline 'test=boot_console_matches_firmware' \\(from SMBIOS 2\\.x, "
         --expect "ktest: 1 passed, 0 failed")
endforeach()

# The 64-bit SMBIOS 3 entry point (QEMU's smbios-entry-point-type=64),
# found in the F segment under BIOS and through the EFI table under UEFI.
foreach(fw bios uefi)
  if(fw STREQUAL "bios")
    set(smbios_where "F segment")
  else()
    set(smbios_where "EFI table")
  endif()
  weensy_qemu_test(boot.smbios3.${fw} TIMEOUT 90 LABELS boot
    ARGS --fw ${fw} --cmdline "test=smbios_firmware_gives_the_command_line"
         --expect "\\(from SMBIOS 3\\.x, ${smbios_where}\\)"
         --expect "ktest: 1 passed, 0 failed"
         -- -machine smbios-entry-point-type=64)
endforeach()

# The SMBIOS OEM-string search on tables built by the tests: found after
# other structures, never read past a broken or cut table.
weensy_qemu_test(boot.smbios_tables LABELS boot
  ARGS --cmdline "test=smbios_oem_found_after_other_structures,smbios_oem_broken_tables_are_rejected"
       --expect "ktest: 2 passed, 0 failed")

# The exception reports: each fault is provoked in the kernel, caught, and
# its report must name the exception, the address and the function.
weensy_qemu_test(trap.reports LABELS boot
  ARGS --cmdline "test=trap_page_fault,trap_invalid_opcode,trap_general_protection"
       --expect "EXCEPTION #PF page fault \\(vector 14\\) in kernel mode, error code 0x0: page not present, read, kernel mode"
       --expect "cr2 ffffa000dead0000 \\(the faulting address\\)"
       --expect "EXCEPTION #UD invalid opcode \\(vector 6\\)"
       --expect "rip [0-9a-f]+ <trap_test_ud\\+0x[0-9a-f]+>"
       --expect "EXCEPTION #GP general protection fault \\(vector 13\\).*error code 0x0"
       --expect "#0 [0-9a-f]+ ktest_fn_trap_general_protection\\+0x"
       --expect "ktest: 3 passed, 0 failed")

# Input: a line typed on the serial port, then one typed on the PS/2
# keyboard (QEMU monitor sendkey), each must come back from the queue.
weensy_qemu_test(input.serial LABELS boot
  ARGS --cmdline "test=input_echo"
       --send "input: type a line=hello weensy\\n"
       --expect "input: got 'hello weensy' \\(12 characters\\)")
weensy_qemu_test(input.ps2 LABELS boot
  ARGS --cmdline "test=input_echo"
       --sendkey "input: type a line=shift-h i spc p s 2 ret"
       --expect "input: got 'Hi ps2' \\(6 characters\\)")
# The gray keys arrive as escape sequences (docs/console.md), the keypad
# gives digits until Num Lock turns it into arrows, the right Ctrl works
# like the left one and lets go; the keypad's Enter ends the line.
set(PS2_KEYS "up down right left home end insert delete pgup pgdn kp_divide ctrl_r-c c kp_8 num_lock kp_8 kp_3 kp_enter")
set(PS2_BYTES "1b 5b 41 1b 5b 42 1b 5b 43 1b 5b 44 1b 5b 48 1b 5b 46"
              "1b 5b 32 7e 1b 5b 33 7e 1b 5b 35 7e 1b 5b 36 7e"
              "2f 03 63 38 1b 5b 41 1b 5b 36 7e")
string(JOIN " " PS2_BYTES ${PS2_BYTES})
weensy_qemu_test(input.ps2_keys LABELS boot
  ARGS --cmdline "test=input_keys"
       --sendkey "input: press the keys=${PS2_KEYS}"
       --expect "input: got 45 bytes: ${PS2_BYTES}\\r?\\n"
       --expect "ktest: 1 passed, 0 failed")

# The memory summary matches what QEMU was given, for several sizes.
foreach(mem 64M 512M 4G)
  weensy_qemu_test(boot.memory.${mem} LABELS boot
    ARGS --mem ${mem} --cmdline "test=boot_console_matches_firmware"
         --check "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_mem.py {log} ${mem}")
endforeach()

# Power-off through ACPI, as on real hardware: no isa-debug-exit device,
# so QEMU must exit 0 on the guest's own power-off.
weensy_qemu_test(boot.poweroff.acpi LABELS boot
  ARGS --no-exit-device --exit poweroff --cmdline "test=poweroff"
       --expect "acpi: RSDP v1 \\(RSDT\\), FADT found"
       --expect "machine: powering off"
       --reject "did not work")

# The image itself: a multiboot2 kernel, and an ISO with both BIOS and UEFI
# El Torito boot entries (so a missing GRUB package can't give a half ISO).
add_test(NAME image.multiboot2 COMMAND grub-file --is-x86-multiboot2 ${CMAKE_BINARY_DIR}/weensy.elf)
add_test(NAME image.iso_boot_entries
  COMMAND sh -c "xorriso -indev '${WEENSY_ISO}' -report_el_torito plain 2>/dev/null | grep -q 'El Torito boot img :   1  BIOS' && xorriso -indev '${WEENSY_ISO}' -report_el_torito plain 2>/dev/null | grep -q 'El Torito boot img :   2  UEFI'")

# In-kernel tests only where CMake asks for them (WEENSY_KTESTS: Debug on,
# Release off).
add_test(NAME image.release_without_ktests
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/check_release_ktests.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(image.release_without_ktests PROPERTIES LABELS "host;security" TIMEOUT 300)

# The Release kernel on several CPUs: its locks are inline, not the
# Debug kernel's (kernel/spinlock.h), so it gets a stress run of its own.
add_test(NAME release.smp.stress
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/check_release_smp.sh ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/tests)
set_tests_properties(release.smp.stress PROPERTIES LABELS "qemu;smp;locks" TIMEOUT 900)

# The harness must tell a run without a verdict from a pass: a triple
# fault (status 0 under -no-reboot) and a hang (timeout). These tests ask
# for exactly that ending and check the kernel got as far as the fault.
weensy_qemu_test(harness.triple_fault LABELS boot
  ARGS --exit reset --cmdline "test=harness_triple_fault" --expect "ktest: harness_triple_fault \\.\\.\\.")
weensy_qemu_test(harness.hang TIMEOUT 8 LABELS boot
  ARGS --exit timeout --cmdline "test=harness_hang" --expect "ktest: harness_hang \\.\\.\\.")

# A 32-bit CPU: the entry code must say why it stops instead of rebooting.
weensy_qemu_test(boot.no_long_mode TIMEOUT 10 LABELS boot
  ARGS --cpu qemu32 --exit timeout --cmdline "test=boot_console_matches_firmware"
       --expect "weensy: this CPU has no 64-bit long mode")
