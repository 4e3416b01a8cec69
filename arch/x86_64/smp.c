/* smp.c -- start an application processor: the INIT-STARTUP-STARTUP
 * sequence (Intel SDM vol. 3, 9.4.4.1) sends it to a copy of the real-mode
 * trampoline (trampoline.asm) in a page below 1 MiB; the trampoline brings
 * it to long mode and to smp_ap_main here, on the stack the caller gave. */
#include "kernel/kernel.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/multiboot.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/fpu.h"
#include "kernel/syscall.h"

extern char ap_trampoline_start[], ap_trampoline_end[];
extern char boot_pml4[];                 /* entry32.asm: linked low, so its own physical address */
void ap_start64(void);

/* What ap_start64 reads (trampoline.asm names the offsets). One AP starts
 * at a time, so one record does. */
struct ap_boot {
    uint64_t cr3, stack, arg, entry;
};
struct ap_boot ap_boot;
_Static_assert(offsetof(struct ap_boot, entry) == 24, "trampoline.asm");

/* What smp_ap_main needs beyond its struct cpu: set by the boot CPU before
 * the STARTUP IPI, read by the AP before it says it is online. */
static struct {
    uintptr_t ist_top[IST_COUNT];
    void (*main)(void);
} ap_start;

#define TR_CR3 8
#define TR_EFER 12
#define TR_ENTRY64 16
#define TRAMPOLINE_LIMIT 0x9f000UL   /* below the EBDA and video memory */

static paddr_t trampoline_pa;

/* The highest usable RAM page below TRAMPOLINE_LIMIT: the page allocator
 * never hands out the first MiB, so nothing else is there once the boot
 * structures in it have been read. */
static paddr_t smp_find_trampoline_page(void)
{
    paddr_t best = 0;
    for (int i = 0; i < boot_info.mmap_count; i++) {
        const struct boot_mmap_entry *m = &boot_info.mmap[i];
        if (m->type != BOOT_MEM_USABLE)
            continue;
        paddr_t lo = PAGE_ALIGN_UP(MAX(m->base, 0x1000UL));
        paddr_t hi = PAGE_ALIGN_DOWN(MIN(m->base + m->len, TRAMPOLINE_LIMIT));
        if (hi > lo && hi - PAGE_SIZE > best)
            best = hi - PAGE_SIZE;
    }
    return best;
}

static bool smp_install_trampoline(void)
{
    if (trampoline_pa)
        return true;
    size_t size = (size_t)(ap_trampoline_end - ap_trampoline_start);
    assert(size <= PAGE_SIZE);
    trampoline_pa = smp_find_trampoline_page();
    if (!trampoline_pa) {
        kprintf("smp: no usable page below 640 KiB for the start-up code\n");
        return false;
    }
    uint8_t *t = pa_to_kva(trampoline_pa);
    memcpy(t, ap_trampoline_start, size);
    uint32_t cr3 = (uint32_t)(uintptr_t)boot_pml4;
    uint32_t efer = (uint32_t)(rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE));
    uint64_t entry = (uint64_t)ap_start64;
    memcpy(t + TR_CR3, &cr3, 4);
    memcpy(t + TR_EFER, &efer, 4);
    memcpy(t + TR_ENTRY64, &entry, 8);
    return true;
}

/* smp_ap_main: the AP's first C code, on its own stack, in the kernel's
 * page table, interrupts off. */
static noreturn void smp_ap_main(struct cpu *c)
{
    wrmsr(MSR_GS_BASE, (uint64_t)c);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    write_cr4(read_cr4() | CR4_PGE);
    gdt_init_cpu(&c->gdt, ap_start.ist_top);
    idt_load();
    cpu_enable_features();
    fpu_init_ap();
    syscall_init_cpu();
    lapic_init_ap();
    void (*main)(void) = ap_start.main;
    __atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
    timer_init_cpu();
    main();
    panic("smp: CPU %d's main returned", c->id);
}

/* Wait up to us for c to come online. */
static bool smp_wait_online(struct cpu *c, uint64_t us)
{
    uint64_t step = 50;
    for (uint64_t t = 0; t < us; t += step) {
        if (__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
            return true;
        timer_delay_us(step);
    }
    return __atomic_load_n(&c->online, __ATOMIC_ACQUIRE);
}

bool smp_start_cpu(struct cpu *c, uintptr_t stack_top, const uintptr_t ist_top[IST_COUNT],
                   void (*main)(void))
{
    if (!lapic_ready() || !smp_install_trampoline())
        return false;
    c->self = c;
    memcpy(ap_start.ist_top, ist_top, sizeof(ap_start.ist_top));
    ap_start.main = main;
    ap_boot = (struct ap_boot){
        .cr3 = read_cr3(), .stack = stack_top, .arg = (uint64_t)c, .entry = (uint64_t)smp_ap_main,
    };
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    /* INIT, 10 ms, STARTUP, 200 us, a second STARTUP if it has not come
     * (SDM 9.4.4.1); under emulation it may take much longer to arrive. */
    uint8_t page = (uint8_t)(trampoline_pa >> PAGE_SHIFT);
    lapic_send_init(c->apic_id);
    timer_delay_us(10000);
    lapic_send_startup(c->apic_id, page);
    if (smp_wait_online(c, 200))
        return true;
    lapic_send_startup(c->apic_id, page);
    return smp_wait_online(c, 2000000);
}
