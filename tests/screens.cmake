# Screens real PCs have (issue 19, docs/console.md "Screen sizes"): UEFI
# boots at the mode the display asks for. GRUB takes the display's
# preferred mode (gfxpayload=auto: its EDID), and QEMU's VGA states the
# one given by xres/yres, so each test picks its mode with
# `-device VGA,xres=W,yres=H` (vgamem_mb=32: 2560x1600x32 is 16 MB).
#
# Each boots the shell and checks, from the log:
#   - the boot line: the mode, the grid sized from it, the font's scale;
#   - the shell works: a program's output, and a line as wide as the grid
#     less 10 columns shows whole on one row of the screen (the screen's
#     text at shutdown: screen_snapshot), the prompt and the exit too;
#   - the memory viewer (`viewer`, then s for a snapshot, v to leave): its
#     snapshot is the whole grid, its physical window as tall as the mode
#     allows (scripts/viewer-check --grid), and the console comes back.
#
# To see one: scripts/run --uefi --screen 1920x1080

set(SCR_P "weensy\\$ ")
set(SCR_CLEAN "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok")
set(SCR_REJECT "PANIC|LEAK|EXCEPTION|mm_check \\(|trap: stray|screen: no memory")

# screens_test(W H COLS ROWS SCALE [SMP n...]): screens.WxH at -smp 1, and
# screens.WxH.smpN for each other N.
function(screens_test w h cols rows scale)
  cmake_parse_arguments(S "" "" "SMP" ${ARGN})
  math(EXPR wide "${cols} - 10")
  string(REPEAT "w" ${wide} line)
  foreach(n 1 ${S_SMP})
    set(tname screens.${w}x${h})
    set(labels screens)
    if(NOT n EQUAL 1)
      set(tname ${tname}.smp${n})
      list(APPEND labels smp)
    endif()
    weensy_qemu_test(${tname} TIMEOUT 180 LABELS ${labels}
      ARGS --fw uefi --smp ${n} --cmdline "harness screen_snapshot" --in-order
           --send "${SCR_P}=hello a b\\n"
           --send "${SCR_P}=echo ${line}\\n"
           --send "${SCR_P}=viewer\\n"
           --send "viewer: refresh=s"
           --send "viewer: snapshot end=v"
           --send "${SCR_P}=exit\\n"
           --expect "boot: console framebuffer ${cols}x${rows} \\(${w}x${h}, 32 bpp, font 8x16 x${scale}\\)"
           --expect "hello from pid 2, argc=3"
           --expect "viewer: snapshot begin cols=${cols} rows=${rows}"
           --expect "viewer: closed, the console is back"
           --expect "screen: begin shutdown ${cols}x${rows}"
           --expect "screen: \\|${SCR_P}hello a b\\|"
           --expect "screen: \\|hello from pid 2, argc=3\\|"
           --expect "screen: \\|${line}\\|"
           --expect "screen: \\|${SCR_P}viewer\\|"
           --expect "screen: \\|${SCR_P}exit\\|"
           --expect "proc: init exited with status 0"
           --expect "${SCR_CLEAN}"
           --check "${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/viewer-check --grid ${cols}x${rows} {log}"
           --reject "${SCR_REJECT}"
           -- -vga none -device VGA,xres=${w},yres=${h},vgamem_mb=32)
  endforeach()
endfunction()

# A laptop's 1280x800 stays at 1x: 160 columns. 1920x1080 would be 240
# columns of 8x16: doubled, 120x33. 2560x1600: doubled, 160x50.
screens_test(1280 800 160 50 1)
screens_test(1920 1080 120 33 2 SMP 2)
screens_test(2560 1600 160 50 2)
