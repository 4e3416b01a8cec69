/* boot_test.c -- self-tests of what the boot handed over. */
#include "kernel/ktest.h"
#include "kernel/console/screen.h"
#include "arch/x86_64/multiboot.h"

/* UEFI has no VGA text mode, so GRUB must have given a framebuffer there;
 * BIOS GRUB leaves the card in text mode because weensy asks for none. */
KTEST(boot_console_matches_firmware)
{
    if (boot_info.efi) {
        KT_CHECK_EQ(screen_kind(), SCREEN_FRAMEBUFFER);
        KT_CHECK(boot_info.fb.type == 1 && boot_info.fb.width >= 640);
    } else {
        KT_CHECK_EQ(screen_kind(), SCREEN_VGA_TEXT);
        KT_CHECK_EQ(screen_cols(), 80);
        KT_CHECK_EQ(screen_rows(), 25);
    }
    /* What is written can be read back from the screen itself. */
    screen_put_string(0, 0, "weensy", SCREEN_ATTR(COLOR_WHITE, COLOR_BLUE));
    uint8_t ch, attr;
    screen_get_cell(1, 0, &ch, &attr);
    KT_CHECK_EQ(ch, 'e');
    KT_CHECK_EQ(attr, SCREEN_ATTR(COLOR_WHITE, COLOR_BLUE));
}
