/* main.c -- kmain(): the boot sequence, in order, in one place. */
#include "kernel/kernel.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/pause.h"
#include "kernel/symbols.h"
#include "kernel/input.h"
#include "kernel/console/console.h"
#include "kernel/console/screen.h"
#include "mm/mm.h"
#include "mm/kmap.h"
#include "mm/swap.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/page_move.h"
#include "fs/devmem.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/madt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/uart.h"
#include "arch/x86_64/ps2kbd.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/machine.h"
#include "arch/x86_64/multiboot.h"
#include "arch/x86_64/x86.h"
#include "kernel/initrd.h"
#include "tty/tty.h"
#include "kernel/syscall.h"
#include "inspect/viewer/viewer.h"
#include "inspect/memdump.h"
#include "kernel/lockstat.h"
#include "kernel/btrace.h"
#include "kernel/kmsg.h"
#include "dev/dev.h"
#include "fs/vfs.h"
#include "inspect/procfs.h"

noreturn void proc_start(void);
void cpus_start(void);

extern char __ktest_code_start[], __ktest_code_end[];

/* What the kernel image holds but this boot never touches goes to the
 * allocator (it matters at mem=2M): the in-kernel tests' code (Debug
 * builds) runs only when the command line asks for tests. (The screen's
 * cells are not in the image: kernel/console/screen_cells.c.) */
static void mm_give_back_unused(void)
{
    size_t tests = cmdline_get("test") ? 0 : kmap_give_back(__ktest_code_start, __ktest_code_end);
    kprintf("mm: gave back %lu pages of in-kernel tests not run\n", tests);
}

noreturn void kmain(uint32_t magic, uint32_t mbi_phys);

static void boot_summary(void)
{
    int usable = 0;
    for (int i = 0; i < boot_info.mmap_count; i++)
        usable += boot_info.mmap[i].type == BOOT_MEM_USABLE;
    kprintf("boot: loader '%s', firmware %s, cmdline '%s' (from %s)\n", boot_info.loader,
            boot_info.efi ? "UEFI" : "BIOS", boot_info.cmdline, boot_info.cmdline_from);
    kprintf("boot: memory %lu MiB usable in %d ranges (%d map entries)\n",
            boot_usable_bytes() >> 20, usable, boot_info.mmap_count);
    kprintf("boot: %d module(s)", boot_info.module_count);
    for (int i = 0; i < boot_info.module_count; i++)
        kprintf(" %s(%lu KiB)", boot_info.modules[i].name,
                (boot_info.modules[i].end - boot_info.modules[i].start) >> 10);
    kprintf("\n");
    kprintf("boot: console %s %dx%d", screen_kind_name(), screen_cols(), screen_rows());
    if (screen_kind() == SCREEN_FRAMEBUFFER)
        kprintf(" (%ux%u, %u bpp, font 8x16 x%d)", boot_info.fb.width, boot_info.fb.height,
                boot_info.fb.bpp, screen_font_scale());
    kprintf(", serial COM1%s\n", machine_is_qemu() ? ", debugcon 0xe9" : "");
    kprintf("boot: ACPI RSDP %s\n", boot_info.rsdp_version ? (boot_info.rsdp_version == 2 ? "v2" : "v1") : "absent");
}

static void interrupts_init(void)
{
    irq_init();
    timer_init();
    ps2kbd_init();
    uart_enable_input();
    sti();
}

/* The kernel's own command loop until there are processes: echo input. */
static noreturn void kernel_idle(void)
{
    for (;;) {
        int c = input_getc();
        if (c < 0) {
            hlt();
            continue;
        }
        if (c == 0x7f)
            kprintf("\b \b");          /* Backspace: rub the character out */
        else
            kprintf("%c", c);
    }
}

/* kernel_tests: run the in-kernel tests test= names; true if all passed.
 * A kernel built without them (WEENSY_KTESTS off: Release) says so and
 * fails, so a typo in a build cannot pass a test run. */
static bool kernel_tests(const char *list)
{
#ifdef WEENSY_KTESTS
    return ktest_run(list) == 0;
#else
    kprintf("ktest: this kernel has no in-kernel tests (built without WEENSY_KTESTS); "
            "cannot run '%s'\n", list);
    return false;
#endif
}

noreturn void kmain(uint32_t magic, uint32_t mbi_phys)
{
    cpu_init_bsp();
    timer_calibrate_begin();
    lapic_timer_calibrate_begin();
    uart_init();
    multiboot_parse(magic, mbi_phys);
    boot_cmdline_find();
    cmdline_init(boot_info.cmdline);
    btrace_init();
    lockstat_init();
    if (machine_is_qemu())
        console_enable_debugcon();
    screen_init(&boot_info);
    console_enable_screen(true);
    kprintf("weensy: booting\n");

    uintptr_t ist[IST_COUNT];
    gdt_boot_ist(ist);
    gdt_init_cpu(&mycpu()->gdt, ist);
    idt_init();
    idt_load();
    symbols_init();
    boot_summary();
    mm_init();
    kmsg_init();                 /* the log's 64 KiB ring and F2, when memory allows */
    mm_give_back_unused();
    cpu_enable_features();
    cpu_report_missing();
    fpu_init_bsp();
    page_move_pick();            /* after the vector registers are enabled */
    acpi_init();
    timer_calibrate_choose();    /* the TSC's ruler: needs ACPI's tables */
    madt_init();
    interrupts_init();
    cpus_pause_init();
    panic_init();
    syscall_init_cpu();
    initrd_init();
    vfs_init();                  /* / from the initrd, /tmp, /dev */
    procfs_init();               /* /proc (inspect/, above proc/) */
    tty_file_init();             /* /dev/console */
    devmem_init();               /* /dev/null, /dev/zero, /dev/full */
    dev_init();
    swap_init();                 /* after the devices: swap= names one */
    viewer_init();
    memdump_init();
    kprintf("weensy: ready\n");

    const char *tests = cmdline_get("test");
    if (tests) {
        if (strcmp(tests, "poweroff") == 0)
            machine_poweroff();
        if (strcmp(tests, "reboot") == 0)
            machine_reset();
        cpus_start();            /* the tests run on every CPU */
        machine_exit(kernel_tests(tests) ? MACHINE_EXIT_PASS : MACHINE_EXIT_FAIL);
    }
    if (cmdline_has("noinit"))
        kernel_idle();
    tty_init();                  /* console input goes to the terminal from now on */
    proc_start();
}
