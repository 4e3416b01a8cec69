#ifndef ARCH_X86_64_PS2KBD_H
#define ARCH_X86_64_PS2KBD_H
void ps2kbd_init(void);
#endif
