# Block devices (docs/block.md): the PCI scan, the virtio-blk driver on a
# fresh disk image per test (qemu-test --disk SIZE), the RAM disk, the
# block layer's checks and error injection, and swap= resolving to a
# device or to one clear line. Each boots the ISO and can fail.
#
# To try one by hand: scripts/run --headless --exit-device --swap=16M --cmdline "swap=virtio test=vblk_*"

set(BLK_REJECT "PANIC|EXCEPTION|LEAK|trap: stray|skipped: no")

# virtio-blk: 176 pages with distinct patterns, 44 requests at once (more
# than the ring holds), read back and compared; requests of several pages
# written in one grouping and read back in another; injected errors and
# the device's own IOERR are -EIO, and the disk works on after each.
set(VBLK_EXPECT
    --expect "pci: 00:0[0-9a-f]\\.0 1af4:1042 virtio-blk, bar"
    --expect "virtio-blk: 00:0[0-9a-f]\\.0 virtio0, 64 MiB, 1 queue of 128, up to 62 pages a request, MSI-X vector"
    --expect "swap: virtio0, 16384 pages"
    --expect "vblk: virtio0: 176 pages written and read back, at most [0-9]+ requests in flight"
    --expect "blk: virtio0: requests of up to 44 pages written and read back"
    --expect "ktest: 4 passed, 0 failed")
weensy_qemu_test(blk.virtio TIMEOUT 90 LABELS blk
  ARGS --disk 64M --cmdline "swap=virtio test=vblk_*" ${VBLK_EXPECT} --reject "${BLK_REJECT}")
# UEFI: OVMF on q35 places the BARs elsewhere (64-bit ones high).
weensy_qemu_test(blk.virtio.uefi TIMEOUT 120 LABELS blk
  ARGS --fw uefi --disk 64M --cmdline "swap=virtio test=vblk_*" ${VBLK_EXPECT} --reject "${BLK_REJECT}")
# Two CPUs: every test runs on each; the interrupts all go to CPU 0, so
# CPU 1's requests end on the other CPU.
weensy_qemu_test(blk.virtio.smp TIMEOUT 120 LABELS blk smp
  ARGS --smp 2 --disk 64M --cmdline "swap=virtio test=vblk_*"
       --expect "smp: 2 CPUs online" ${VBLK_EXPECT} --reject "${BLK_REJECT}")

# blkfail= from the command line: the first 3 requests fail, the 4th works.
weensy_qemu_test(blk.fail.cmdline LABELS blk
  ARGS --disk 1M --cmdline "swap=virtio blkfail=virtio0:3 test=blk_fail_cmdline"
       --expect "blk: virtio0: the next 3 requests will fail \\(blkfail=\\)"
       --expect "blk: virtio0: 3 of the first 3 requests failed, then 0"
       --expect "ktest: 1 passed, 0 failed" --reject "${BLK_REJECT}")

# The RAM disk: above the mem= cap, and from the free pages without one.
weensy_qemu_test(blk.ram.cap LABELS blk
  ARGS --cmdline "mem=2M swap=ram:4M test=blk_ram_*"
       --expect "ramdisk: ram0, 4096 KiB \\(1024 pages\\) of the RAM above the mem= cap"
       --expect "swap: ram0, 1024 pages"
       --expect "blk: ram0: requests of up to 16 pages written and read back"
       --expect "ktest: 3 passed, 0 failed" --reject "${BLK_REJECT}")
weensy_qemu_test(blk.ram.nocap LABELS blk
  ARGS --cmdline "swap=ram:1M test=blk_ram_*"
       --expect "ramdisk: ram0, 1024 KiB \\(256 pages\\) taken from the free pages"
       --expect "swap: ram0, 256 pages"
       --expect "blk: ram0: requests of up to 16 pages written and read back"
       --expect "ktest: 3 passed, 0 failed" --reject "${BLK_REJECT}")
weensy_qemu_test(blk.ram.smp TIMEOUT 90 LABELS blk smp
  ARGS --smp 2 --cmdline "mem=8M swap=ram test=blk_ram_*"
       --expect "ramdisk: ram0, [0-9]+ KiB \\([0-9]+ pages\\) of the RAM above the mem= cap\r?\n"
       --expect "swap: ram0, [0-9]+ pages"
       --expect "blk: ram0: requests of up to 16 pages written and read back"
       --expect "ktest: 3 passed, 0 failed" --reject "${BLK_REJECT}")

# swap= that cannot be had: one line, no panic, the boot goes on (here to
# a user program that passes).
set(SWAP_BOOTS --expect "weensy: ready" --expect "ktest: 1 passed, 0 failed" --reject "PANIC|EXCEPTION|swap: [a-z]+[0-9]+, ")
weensy_qemu_test(blk.swap.nodisk LABELS blk
  ARGS --cmdline "swap=virtio test=boot_console_matches_firmware"
       --expect "swap: swap=virtio but no virtio-blk disk found. running without swap" ${SWAP_BOOTS})
weensy_qemu_test(blk.swap.small LABELS blk
  ARGS --disk 32K --cmdline "swap=virtio test=boot_console_matches_firmware"
       --expect "swap: virtio0 has 8 pages, fewer than 16. running without swap" ${SWAP_BOOTS})
weensy_qemu_test(blk.swap.bad LABELS blk
  ARGS --cmdline "swap=floppy test=boot_console_matches_firmware"
       --expect "swap: swap=floppy is not virtio, nvme, ahci, a disk \\(nvme0\\) or ram\\[:SIZE\\]. running without swap" ${SWAP_BOOTS})
weensy_qemu_test(blk.swap.badsize LABELS blk
  ARGS --cmdline "swap=ram:lots test=boot_console_matches_firmware"
       --expect "swap: swap=ram:lots: SIZE is not like 4M or 64M. running without swap" ${SWAP_BOOTS})

# The wait under the block layer (kernel/completion.c): a completion done
# before the wait, and one signalled by an interrupt while a (stand-in)
# sleeper sleeps on it.
weensy_qemu_test(blk.completion LABELS blk
  ARGS --cmdline "test=completion_*" --expect "ktest: completion_sleeps_with_sleeper ok"
       --expect "ktest: 2 passed, 0 failed" --reject "${BLK_REJECT}")
