# Spin locks, their contention table and the lock-order checker
# (kernel/spinlock_test.c, kernel/lockstat_test.c, kernel/lockdep_test.c;
# docs/locking.md). The checker is built into the
# Debug kernel the suite boots (WEENSY_LOCKDEP), so every other test runs
# with it too: any lock taken against the order seen so far panics there.

weensy_qemu_test(locks.ticket LABELS locks
  ARGS --cmdline "test=spinlock_*,lockstat_*"
       --expect "ktest: 8 passed, 0 failed")

# The push count's invariant (docs/locking.md, "The count's invariant"):
# Debug builds, which the suite boots, panic at a push_off that finds
# interrupts on with the count above 0 (kernel/spinlock_test.c).
weensy_qemu_test(locks.push_off_panic LABELS locks
  ARGS --cmdline "test=push_off_check_demo" --exit fail
       --expect "PANIC at .*kernel/spinlock.c:[0-9]+: push_off: interrupts on with 1 pushes"
       --reject "push_off let a count of 1")

# Provoked violations, caught by the tests (the checker's catch mode): the
# report names both classes, the order recorded earlier and where.
weensy_qemu_test(locks.lockdep LABELS locks
  ARGS --cmdline "test=lockdep_reversal_caught,lockdep_transitive_caught,lockdep_trylock_not_reported,lockdep_same_class"
       --expect "lockdep: lock order violation: taking \"lockdep test A\" while holding \"lockdep test B\", but \"lockdep test A\" -> \"lockdep test B\" was recorded before"
       --expect "lockdep:   before: \"lockdep test C\" taken at lock_pair\\+0x[0-9a-f]+ <- ktest_fn_lockdep_transitive_caught"
       --expect "lockdep:   and:    \"lockdep test D\" taken at lock_pair\\+0x[0-9a-f]+ <- ktest_fn_lockdep_transitive_caught"
       --expect "lockdep: lock order violation: taking \"lockdep test nest\" while holding another \"lockdep test nest\" \\(same class, not declared with spin_lock_nested\\)"
       --expect "ktest: 4 passed, 0 failed"
       --reject "PANIC")

# Left to itself the checker panics, before the second lock is waited for.
weensy_qemu_test(locks.lockdep_panic LABELS locks
  ARGS --cmdline "test=lockdep_reversal_demo" --exit fail
       --expect "lockdep: lock order violation: taking \"lockdep demo X\" while holding \"lockdep demo Y\", but \"lockdep demo X\" -> \"lockdep demo Y\" was recorded before"
       --expect "lockdep:   now:    \"lockdep demo Y\" taken at lock_pair\\+0x[0-9a-f]+ <- ktest_fn_lockdep_reversal_demo\\+0x"
       --expect "lockdep:   before: \"lockdep demo X\" taken at lock_pair\\+0x[0-9a-f]+ <- ktest_fn_lockdep_reversal_demo\\+0x"
       --expect "PANIC at .*kernel/lockdep.c:[0-9]+: lockdep: \"lockdep demo X\" taken while holding \"lockdep demo Y\""
       --reject "the checker let Y -> X pass")

# lockdep=print: the orders a run took, at its end (docs/locking.md is
# reconciled against this).
weensy_qemu_test(locks.lockdep_print LABELS locks
  ARGS --cmdline "harness lockdep=print init=usertests -- fork"
       --expect "proc: init exited with status 0"
       --expect "lockdep: [0-9]+ lock classes, [0-9]+ orders recorded"
       --expect "lockdep: order \"wait\" -> \"proc\""
       --expect "lockdep: order \"vmspace\" -> \"vmspace/1\""
       --expect "lockdep: one order that fits them all, outer first:"
       --reject "PANIC|lock order violation")
