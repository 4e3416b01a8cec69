# scripts/mkusb (docs/usb-boot.md) against a fake /sys, /dev and /proc:
# what it must refuse, a write read back and compared, a corrupted write
# caught. No QEMU, no real stick.
add_test(NAME host.mkusb
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/host/mkusb_test.py)
set_tests_properties(host.mkusb PROPERTIES LABELS "host;mkusb" TIMEOUT 120)
