#!/usr/bin/env python3
"""Host test of scripts/mkusb (ctest host.mkusb, no QEMU, no real stick).

Each case builds a fake /sys, /dev and /proc in a temporary directory and
points the script at them (MKUSB_SYSFS, MKUSB_DEV, MKUSB_PROC). A regular
file stands in for the device, so a write really happens and the read-back
really compares. The cases that must refuse check that the "device" file
was not touched, so a check that stopped refusing fails here.

The corrupted-write case puts a dd first on PATH that runs the real dd and,
when it wrote a device (of=...), flips one byte in it: the verification
must catch that.
"""
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
MKUSB = os.path.join(ROOT, "scripts", "mkusb")
ISO_BYTES = 3 * 1024 * 1024 + 2048          # not a multiple of dd's 4 MiB or 1 MiB
DEV_BYTES = 8 * 1024 * 1024
FILL = b"\xa5"
CORRUPT_AT = 123457                          # the byte the corrupting dd overwrites with 'X'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class Fake:
    """A fake machine: one disk sdx (removable or not, on USB or not)."""

    def __init__(self, tmp, removable=1, usb=True, partitions=("sdx1",)):
        self.tmp = tmp
        self.sys = os.path.join(tmp, "sys")
        self.dev = os.path.join(tmp, "dev")
        self.proc = os.path.join(tmp, "proc")
        host = "usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0" if usb else "ata1/host0/target0:0:0/0:0:0:0"
        real = os.path.join(self.sys, "devices/pci0000:00/0000:00:14.0", host, "block/sdx")
        write(os.path.join(real, "removable"), "%d\n" % removable)
        write(os.path.join(real, "ro"), "0\n")
        write(os.path.join(real, "size"), "%d\n" % (DEV_BYTES // 512))
        write(os.path.join(real, "device/vendor"), "Weensy  \n")
        write(os.path.join(real, "device/model"), "Fake Stick      \n")
        os.makedirs(os.path.join(real, "holders"))
        os.makedirs(os.path.join(self.sys, "block"))
        os.makedirs(os.path.join(self.sys, "class/block"))
        os.symlink(real, os.path.join(self.sys, "block/sdx"))
        os.symlink(real, os.path.join(self.sys, "class/block/sdx"))
        os.makedirs(self.dev)
        for i, p in enumerate(partitions, 1):
            write(os.path.join(real, p, "partition"), "%d\n" % i)
            os.symlink(os.path.join(real, p), os.path.join(self.sys, "class/block", p))
            self.make_dev(p, 4096)
        self.make_dev("sdx", DEV_BYTES)
        write(os.path.join(self.proc, "mounts"), "/dev/vda1 / ext4 rw 0 0\nproc /proc proc rw 0 0\n")
        write(os.path.join(self.proc, "swaps"), "Filename Type Size Used Priority\n")
        self.iso = os.path.join(tmp, "weensy.iso")
        # Random bytes, except that the byte the corrupting dd writes 'X' over
        # is never 'X' already: one image in 256 made that case pass unseen.
        data = bytearray(os.urandom(ISO_BYTES))
        data[CORRUPT_AT] = 0
        with open(self.iso, "wb") as f:
            f.write(data)

    def make_dev(self, name, size):
        with open(os.path.join(self.dev, name), "wb") as f:
            f.write(FILL * size)

    def mount(self, src, where):
        with open(os.path.join(self.proc, "mounts"), "a") as f:
            f.write("%s %s vfat rw 0 0\n" % (src, where))

    def run(self, *args, path_prefix=None):
        env = dict(os.environ, MKUSB_SYSFS=self.sys, MKUSB_DEV=self.dev, MKUSB_PROC=self.proc,
                   WEENSY_SKIP_DEPS="1")
        if path_prefix:
            env["PATH"] = path_prefix + os.pathsep + env["PATH"]
        return subprocess.run([MKUSB, "--iso", self.iso, *args], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=60)

    def device_bytes(self, name="sdx"):
        with open(os.path.join(self.dev, name), "rb") as f:
            return f.read()

    def iso_bytes(self):
        with open(self.iso, "rb") as f:
            return f.read()


class MkusbTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mkusb-test.")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def assert_untouched(self, fake, name="sdx"):
        data = fake.device_bytes(name)
        self.assertEqual(data.count(FILL), len(data), "%s was written to" % name)

    def assert_refused(self, r, why):
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("refusing", r.stderr)
        self.assertRegex(r.stderr, why)

    def test_removable_stick_is_written_and_verified(self):
        fake = Fake(self.tmp)
        r = fake.run("--yes", "/dev/sdx")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("vendor:  Weensy", r.stdout)
        self.assertIn("model:   Fake Stick", r.stdout)
        self.assertIn("size:    8.0MiB (8388608 bytes), removable=1, transport=usb", r.stdout)
        self.assertIn("verified: sha256", r.stdout)
        self.assertIn("eject", r.stdout)
        data = fake.device_bytes()
        self.assertEqual(len(data), DEV_BYTES, "the device must not be truncated or grown")
        self.assertEqual(data[:ISO_BYTES], fake.iso_bytes())
        self.assertEqual(data[ISO_BYTES:], FILL * (DEV_BYTES - ISO_BYTES))

    def test_usb_disk_not_marked_removable_is_accepted(self):
        fake = Fake(self.tmp, removable=0, usb=True)
        r = fake.run("--yes", "sdx")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("transport=usb", r.stdout)

    def test_non_removable_disk_is_refused(self):
        fake = Fake(self.tmp, removable=0, usb=False)
        r = fake.run("--yes", "sdx")
        self.assert_refused(r, "not a removable disk")
        self.assertIn("--force-not-removable", r.stderr)
        self.assert_untouched(fake)

    def test_force_not_removable_writes_with_a_warning(self):
        fake = Fake(self.tmp, removable=0, usb=False)
        r = fake.run("--yes", "--force-not-removable", "sdx")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("WARNING: /", r.stderr)
        self.assertEqual(fake.device_bytes()[:ISO_BYTES], fake.iso_bytes())

    def test_partition_is_refused(self):
        fake = Fake(self.tmp)
        r = fake.run("--yes", "--force-not-removable", "/dev/sdx1")
        self.assert_refused(r, r"partition \(of sdx\)")
        self.assert_untouched(fake, "sdx1")

    def test_mounted_partition_is_refused(self):
        fake = Fake(self.tmp)
        fake.mount(os.path.join(fake.dev, "sdx1"), "/media/stick")
        r = fake.run("--yes", "--force-not-removable", "sdx")
        self.assert_refused(r, "sdx1 is mounted on /media/stick")
        self.assert_untouched(fake)

    def test_disk_holding_root_is_refused(self):
        fake = Fake(self.tmp)
        fake.mount(os.path.join(fake.dev, "sdx"), "/")
        r = fake.run("--yes", "sdx")
        self.assert_refused(r, r"holds / \(the running system\)")
        self.assert_untouched(fake)

    def test_swap_is_refused(self):
        fake = Fake(self.tmp)
        with open(os.path.join(fake.proc, "swaps"), "a") as f:
            f.write("%s partition 4 0 -2\n" % os.path.join(fake.dev, "sdx1"))
        r = fake.run("--yes", "sdx")
        self.assert_refused(r, "in use as swap")
        self.assert_untouched(fake)

    def test_loop_device_is_refused_even_if_removable(self):
        fake = Fake(self.tmp)
        os.rename(os.path.join(fake.sys, "block/sdx"), os.path.join(fake.sys, "block/loop0"))
        os.rename(os.path.join(fake.dev, "sdx"), os.path.join(fake.dev, "loop0"))
        r = fake.run("--yes", "loop0")
        self.assert_refused(r, "not a removable disk")
        self.assert_untouched(fake, "loop0")

    def test_stdin_not_a_terminal_without_yes_is_refused(self):
        fake = Fake(self.tmp)
        r = fake.run("sdx")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("stdin is not a terminal", r.stderr)
        self.assert_untouched(fake)

    def test_corrupted_write_is_detected(self):
        fake = Fake(self.tmp)
        bindir = os.path.join(self.tmp, "bin")
        os.makedirs(bindir)
        real_dd = shutil.which("dd")
        wrapper = os.path.join(bindir, "dd")
        with open(wrapper, "w") as f:
            f.write("""#!/bin/sh
# dd that writes, then corrupts one byte of what it wrote (of=...).
%s "$@" || exit $?
for a in "$@"; do
  case "$a" in
    of=/dev/null) ;;
    of=*) printf 'X' | %s of="${a#of=}" bs=1 seek=%d conv=notrunc status=none ;;
  esac
done
""" % (real_dd, real_dd, CORRUPT_AT))
        os.chmod(wrapper, stat.S_IRWXU)
        r = fake.run("--yes", "sdx", path_prefix=bindir)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("VERIFY FAILED", r.stderr)
        self.assertNotIn("verified:", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
