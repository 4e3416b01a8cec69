# The disks real PCs have (docs/drivers.md): NVMe and SATA (AHCI), each
# on a fresh empty image per test (qemu-test --disk SIZE --disk-bus
# nvme|ahci; AHCI on q35's own controller, where the boot CD is an ATAPI
# device on port 2 that must be listed and left alone). First the block
# tests virtio-blk has (dev/disk_test.c, over the swap= disk), then the
# swap program with its pages on the disk. Each boots the ISO and can
# fail.
#
# By hand: scripts/qemu-test --iso build/weensy.iso --disk 64M --disk-bus nvme --cmdline "swap=nvme0 test=disk_*"

set(DISK_REJECT "PANIC|EXCEPTION|LEAK|trap: stray|skipped: no|not used|does not recover")
set(NVME_LINE "nvme: 00:0[0-9a-f]\\.0 nvme0: QEMU NVMe Ctrl, 64 MiB, 512-byte blocks, 1 I/O queue of 16, up to 64 pages a request, MSI-X vector 0x[0-9a-f]+")
set(AHCI_LINES
    --expect "ahci: 00:1f\\.2 AHCI 1\\.0, 6 ports \\(0x3f\\), 32 command slots, 64-bit DMA"
    --expect "ahci: 00:1f\\.2: 1 disk, MSI vector 0x[0-9a-f]+"
    --expect "ahci: 00:1f\\.2 port 0 ahci0: QEMU HARDDISK, 64 MiB, 512-byte blocks, up to 64 pages a request"
    --expect "ahci: 00:1f\\.2 port 2: an ATAPI device \\(a CD or DVD\\) \\(signature 0xeb140101\\), left alone")

# 176 pages with distinct patterns, 44 requests at once (more than the
# driver has slots), requests of up to 44 pages in different groupings,
# the block layer's refusals and injected errors, and the device's own
# error for a page past the end (NVMe: LBA out of range; ATA: the
# command aborted, the port recovered), the disk working after each.
set(DISK_KTESTS
    --expect "disk: (nvme|ahci)0: 176 pages written and read back, at most [0-9]+ requests in flight"
    --expect "blk: (nvme|ahci)0: requests of up to 44 pages written and read back"
    --expect "ktest: disk_device_error ok"
    --expect "ktest: 4 passed, 0 failed")
foreach(fw bios uefi)
  weensy_qemu_test(disks.nvme.${fw} TIMEOUT 120 LABELS disks blk
    ARGS --fw ${fw} --disk 64M --disk-bus nvme --cmdline "swap=nvme0 test=disk_*"
         --expect "${NVME_LINE}" --expect "swap: nvme0, 16384 pages" ${DISK_KTESTS} --reject "${DISK_REJECT}")
  weensy_qemu_test(disks.ahci.${fw} TIMEOUT 120 LABELS disks blk
    ARGS --fw ${fw} --machine q35 --disk 64M --disk-bus ahci --cmdline "swap=ahci0 test=disk_*"
         ${AHCI_LINES} --expect "swap: ahci0, 16384 pages" ${DISK_KTESTS} --reject "${DISK_REJECT}")
endforeach()
# Two CPUs: every test runs on both; the interrupts go to CPU 0, so CPU
# 1's requests end on the other CPU.
weensy_qemu_test(disks.nvme.smp TIMEOUT 150 LABELS disks blk smp
  ARGS --smp 2 --disk 64M --disk-bus nvme --cmdline "swap=nvme0 test=disk_*"
       --expect "smp: 2 CPUs online" --expect "${NVME_LINE}" ${DISK_KTESTS} --reject "${DISK_REJECT}")
weensy_qemu_test(disks.ahci.smp TIMEOUT 150 LABELS disks blk smp
  ARGS --smp 2 --machine q35 --disk 64M --disk-bus ahci --cmdline "swap=ahci0 test=disk_*"
       --expect "smp: 2 CPUs online" ${AHCI_LINES} ${DISK_KTESTS} --reject "${DISK_REJECT}")

# A disk named that is not there: one line, the boot goes on.
weensy_qemu_test(disks.swap.missing LABELS disks blk
  ARGS --disk 1M --disk-bus nvme --cmdline "swap=ahci1 test=boot_console_matches_firmware"
       --expect "swap: swap=ahci1 but no such SATA \\(AHCI\\) disk found. running without swap"
       --expect "ktest: 1 passed, 0 failed" --reject "PANIC|EXCEPTION|swap: [a-z]+[0-9]+, ")

# The swap program (tests/swap.cmake's UCAS test) with its pages on the
# disk: four frames, 64 pages, every value read back twice, system calls
# on pages that are out, a fork sharing pages out on the disk; the
# faults that wait for a read sleep while the others run, woken by the
# disk's interrupt. Every slot and page comes back.
# (tests/swap.cmake's lines, which is read after this file.)
set(DISK_SWAP_REJECT "FAIL|MISMATCH|LEAK|PANIC|EXCEPTION|killed|mm_check \\(|not used|does not recover")
set(DISK_SWAP_CLEAN_END
  --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
  --expect "proc: swap slots in use 0: ok")
# weensy_disk_swap(name smp bus [nomsi]): with nomsi, under pci=nomsi on
# q35, the driver's line naming its INTx pin and GSI.
set(INTX_HOW "INTx pin [A-D], GSI (1[6-9]|2[0-3]) \\(I/O APIC\\)")
function(weensy_disk_swap name smp bus)
  set(machine "")
  set(knob "")
  set(line "${bus}: 00:[0-9a-f]+\\.[0-9a-f] (port 0 )?${bus}0: QEMU")
  if(bus STREQUAL "ahci" OR ARGN)
    set(machine --machine q35)
  endif()
  if(ARGN)
    set(knob " pci=nomsi")
    set(line "${bus}: 00:[0-9a-f]+\\.[0-9a-f][: ].*${INTX_HOW}")
  endif()
  weensy_qemu_test(${name} TIMEOUT 90 LABELS disks swap ${ARGN}
    ARGS --smp ${smp} ${machine} --disk 16M --disk-bus ${bus}
         --cmdline "harness mm_check=always frames=4 swap=${bus}0 init=swap${knob}"
         --exit pass
         --expect "${line}"
         --expect "swap: ${bus}0, 4096 pages"
         --expect "swap: 64 pages, page-outs [1-9][0-9]*, page-ins [1-9][0-9]*, dropped clean [0-9]+"
         --expect "swap: pages 1 and 2 are out before the system calls"
         --expect "swap: this line was written from a page that was out"
         --expect "swap: every value read back right"
         --expect "proc: init exited with status 0"
         ${DISK_SWAP_CLEAN_END}
         --reject "${DISK_SWAP_REJECT}")
endfunction()
foreach(bus nvme ahci)
  weensy_disk_swap(disks.swap.${bus} 1 ${bus})
  weensy_disk_swap(disks.swap.${bus}.smp2 2 ${bus})
endforeach()
weensy_disk_swap(disks.swap.nvme.smp4 4 nvme)
weensy_disk_swap(disks.swap.ahci.smp4 4 ahci)

# pci=nomsi (docs/drivers.md, "Interrupts"): the drivers skip MSI and
# MSI-X and take the disk's INTx pin through the I/O APIC, at the GSI
# q35's _PRT gives (its APIC-mode package, PRTA: link devices GSIA-GSIH
# with static _CRS, GSI 16-23), level-triggered. The block tests and the
# swap program at one and two CPUs; on two, CPU 1's requests end on CPU 0.
set(NVME_INTX_LINE "nvme: 00:0[0-9a-f]\\.0 nvme0: QEMU NVMe Ctrl, 64 MiB, 512-byte blocks, 1 I/O queue of 16, up to 64 pages a request, ${INTX_HOW}")
foreach(smp 1 2)
  weensy_qemu_test(disks.intx.nvme.smp${smp} TIMEOUT 150 LABELS disks blk intx
    ARGS --smp ${smp} --machine q35 --disk 64M --disk-bus nvme --cmdline "pci=nomsi swap=nvme0 test=disk_*"
         --expect "${NVME_INTX_LINE}" --expect "swap: nvme0, 16384 pages" ${DISK_KTESTS}
         --reject "${DISK_REJECT}|MSI")
  weensy_qemu_test(disks.intx.ahci.smp${smp} TIMEOUT 150 LABELS disks blk intx
    ARGS --smp ${smp} --machine q35 --disk 64M --disk-bus ahci --cmdline "pci=nomsi swap=ahci0 test=disk_*"
         --expect "ahci: 00:1f\\.2: 1 disk, INTx pin A, GSI 16 \\(I/O APIC\\)"
         --expect "swap: ahci0, 16384 pages" ${DISK_KTESTS} --reject "${DISK_REJECT}|MSI")
endforeach()
foreach(bus nvme ahci)
  weensy_disk_swap(disks.swap.intx.${bus} 1 ${bus} intx)
  weensy_disk_swap(disks.swap.intx.${bus}.smp2 2 ${bus} intx)
endforeach()
# The pc (i440FX) machine's _PRT is a method that builds its package at
# run time through link devices whose _CRS read the chipset: no route is
# read, the NVMe controller is not used, with the reason, and the boot
# goes on.
weensy_qemu_test(disks.intx.noroute LABELS disks intx
  ARGS --disk 1M --disk-bus nvme --cmdline "pci=nomsi test=boot_console_matches_firmware"
       --expect "pci: 00:03\\.0: no INTx route: the _PRT method returns no package by name"
       --expect "nvme: 00:03\\.0 not used \\(error -19\\)"
       --expect "ktest: 1 passed, 0 failed" --reject "PANIC|EXCEPTION|trap: stray")
# Two drivers on one GSI: q35's _PRT sends slot 0x19's pin A and the
# AHCI controller's (00:1f.2) to GSI 16, so an xHCI controller put at
# 00:19.0 shares the line with the disk: one vector, both handlers
# called for each interrupt, each quieting its own device.
weensy_qemu_test(disks.swap.intx.shared TIMEOUT 120 LABELS disks swap intx usb smp
  ARGS --smp 2 --machine q35 --disk 16M --disk-bus ahci
       --cmdline "harness mm_check=always frames=4 swap=ahci0 init=swap pci=nomsi"
       --exit pass
       --expect "ahci: 00:1f\\.2: 1 disk, INTx pin A, GSI 16 \\(I/O APIC\\)"
       --expect "xhci0: 00:19\\.0 .*INTx pin A, GSI 16 \\(I/O APIC\\)"
       --expect "xhci0: port [0-9]+: keyboard usb-kbd0"
       --expect "swap: every value read back right"
       --expect "proc: init exited with status 0"
       ${DISK_SWAP_CLEAN_END}
       --reject "${DISK_SWAP_REJECT}"
       -- -device qemu-xhci,addr=19 -device usb-kbd)
