# mmap of files from user space: mmapfile (userland/bin/mmapfile/) as
# init: MAP_PRIVATE copies a page at its first write (read(), a second
# mapping and a fork child after the fork see none of it); MAP_SHARED
# writes the page cache (read(), a fork child, an exec'd program that
# opens the path, a later open all see it; the mapping outlives close and
# unlink); two processes mapping /bin/hello map one physical page
# (virt_to_phys, a debugging call "harness" enables); zeros past the end
# of the last page, SIGBUS on a page wholly past it; a shrinking ftruncate
# unmaps the pages past the new end from every mapping, private copies
# included, in this process and a child ("truncate", "truncfork"): the next
# touch is SIGBUS, and the file grown again reads zeros; EACCES, ENODEV, EBADF,
# EINVAL as on Linux; the free pages and the cache figure back after each
# test. The kernel checks its bookkeeping after every fork, exit and reap
# (mm_check=always) and its own page count at the end.
#
# To run one test by hand:
#   scripts/run --headless --exit-device --cmdline "harness init=mmapfile -- sigbus"

set(MMAPFILE_BUS "proc: pid [0-9]+ \\(mmapfile\\) killed by page fault: rip 0x[0-9a-f]+, address 0x[0-9a-f]+, not present, (read|write), past the end of the mapped file")
foreach(n 1 2 4)
  if(n EQUAL 1)
    set(name files.mmap)
    set(labels files vm)
  else()
    set(name files.mmap.smp${n})
    set(labels files vm smp)
  endif()
  weensy_qemu_test(${name} TIMEOUT 120 LABELS ${labels}
    ARGS --smp ${n} --cmdline "harness mm_check=always init=mmapfile"
         --expect "mmapfile: 9 passed, 0 failed"
         --expect "${MMAPFILE_BUS}"
         --expect "proc: init exited with status 0"
         --expect "proc: free pages [0-9]+, before init [0-9]+, program cache [0-9]+: ok"
         --reject "FAILED|PANIC|LEAK|EXCEPTION|mm_check \\(")
endforeach()
