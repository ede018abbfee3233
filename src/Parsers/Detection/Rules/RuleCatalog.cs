using System.Collections.Immutable;
using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Detection.Rules.HeaderDsl;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// Every crash header SolWatch knows, grouped by marker, in the order they are tried. Written from the kernel's own
/// message formats (panic.c, traps.c, fault.c, bug.c, kasan/report.c, lockdep.c, hung_task.c, watchdog.c,
/// rcu/tree_stall.h …) and titled with the kernel community's (syzbot's) names. Built once.
/// </summary>
internal static partial class RuleCatalog
{
    private const string Frame = "{frame}";

    /// <summary>The groups, in matching order.</summary>
    public static ImmutableArray<RuleGroup> Groups { get; } = Build();

    /// <summary>Every marker, for the pre-filter.</summary>
    public static ImmutableArray<string> Markers { get; } = [.. Groups.Select(g => g.Marker).Distinct()];

    private static ImmutableArray<RuleGroup> Build() =>
    [
        // fs/dcache.c umount_check: the message, then the WARN_ON() whose stack it is. The file system and device in the
        // message would split one bug per loop device: left out of the title.
        new RuleGroup("BUG: Dentry ", [
            Rule("dentry", CrashKind.Corruption, DentryHeader(), "BUG: Dentry still in use in unmount"),
        ]) { AbsorbsFollowingHeaders = true },
        // The NMI watchdog of 2.6.x x86 (arch/x86/kernel/apic/nmi.c, arch/{i386,x86_64}/kernel/nmi.c nmi_watchdog_tick()):
        // die_nmi("BUG: NMI Watchdog detected LOCKUP", …) printed "%s on CPU%d, ip %08lx, registers:" (i386 and, from
        // 2.6.24, x86_64), x86_64's older die_nmi("NMI Watchdog detected LOCKUP on CPU %d\n", …) no "BUG: ": the hard lockup
        // of kernels before the perf-based watchdog, read as "Watchdog detected hard LOCKUP" is.
        new RuleGroup("NMI Watchdog detected LOCKUP", [
            // Read from the start of the message, not only on timed lines: 2.6.x consoles (RHEL 5's among them) print no
            // printk times, and the "BUG: " form would otherwise fall to the catch-all BUG rule.
            Rule("nmi-watchdog-lockup", CrashKind.Lockup,
                Either(Starts("BUG: NMI Watchdog detected LOCKUP"), Starts("NMI Watchdog detected LOCKUP on CPU")), "BUG: hard lockup in " + Frame,
                StackSpec.IpThenTrace() with { Picker = FramePicker.Stall }),
        ]),
        Bug(),
        // mm/page_alloc.c bad_page() of 2.6.x up to 2.6.28: printk(KERN_EMERG "Bad page state in process '%s'\n" "page:%p
        // flags:… mapping:%p mapcount:%d count:%d\n" "Trying to fix it up, but a reboot is needed\n" "Backtrace:\n"), then
        // dump_stack(). 2.6.29's rework made it "BUG: Bad page state in process %s  pfn:%05lx": the same report, named alike.
        new RuleGroup("Bad page state in process '", [
            Rule("bad-page-state-2.6", CrashKind.Corruption, Starts("Bad page state in process '"), "BUG: Bad page state in " + Frame, BadPageState()),
        ]),
        Warning(),
        Info(),
        new RuleGroup("Unable to handle kernel", [
            Rule("arm-null", CrashKind.Oops, Starts("Unable to handle kernel NULL pointer dereference"),
                "BUG: unable to handle kernel NULL pointer dereference in " + Frame, StackSpec.IpThenTrace()),
            Rule("arm-user-access", CrashKind.Oops, Starts("Unable to handle kernel access to user memory"),
                "BUG: unable to handle kernel access to user memory in " + Frame, StackSpec.IpThenTrace()),
            Rule("arm-paging", CrashKind.Oops, Starts("Unable to handle kernel "),
                "BUG: unable to handle kernel paging request in " + Frame, StackSpec.IpThenTrace()),
        ]),
        // x86 die(): "%s: %04lx [%u] " (2.6.x x86_64 __die), "%s: %04lx [#%d]" since 2.6.28, and since 5.8 "general protection
        // fault, probably for non-canonical address 0x…: 0000 [#1]": the message is always followed by a colon on its line
        // (syzkaller's title is "general protection fault.*:"). The words alone are prose ("I got general protection fault.").
        // The 5.8+ form is known by its comma before the colon comes: a console cut at its width puts "address 0x…: 0000
        // [#1]" on the next line.
        new RuleGroup("general protection fault", [
            Rule("gpf", CrashKind.Exception, Either(StartsThenContains("general protection fault", ":"), Starts("general protection fault, ")),
                "general protection fault in " + Frame, StackSpec.IpThenTrace()),
        ])
        {
            // A user-space process's fault, logged by the kernel (traps.c show_signal: "traps: x[1] general protection fault
            // ip:… sp:… error:0 in libc.so"); the kernel's own is "general protection fault: 0000 [#1]" or ", probably for …".
            Ignores = ["general protection fault ip:", " error:0 in ", " error:1 in ", " error:2 in ", " error:3 in ", " error:4 in "],
        },
        new RuleGroup("stack segment: ", [
            Rule("stack-segment", CrashKind.Exception, Starts("stack segment: "), "stack segment fault in " + Frame, StackSpec.IpThenTrace()),
        ]),
        Panic(),
        new RuleGroup("PANIC: double fault", [
            Rule("double-fault", CrashKind.Exception, Starts("PANIC: double fault"), "PANIC: double fault in " + Frame, StackSpec.IpOnly),
        ]) { JoinsOpenReport = true },
        new RuleGroup("kernel BUG", [
            Rule("bug-usercopy", CrashKind.Bug, Starts("kernel BUG at mm/usercopy.c"), "BUG: bad usercopy in " + Frame,
                StackSpec.TraceOnly("usercopy", "__check")),
            Rule("bug-list", CrashKind.Corruption, Starts("kernel BUG at lib/list_debug.c"), "BUG: corrupted list in " + Frame, StackSpec.TraceOnly()),
            // 2.6.x powerpc named the function in the line itself ("kernel BUG in page_add_file_rmap at mm/rmap.c:387!"):
            // it is where the BUG() trapped, whether or not a NIP line names it too.
            Rule("kernel-bug-named", CrashKind.Bug, NamedBugHeader(), "kernel BUG in " + Frame,
                new StackSpec([new FramePart.HeaderFunction(0), FramePart.CallTrace, FramePart.Trace])),
            // Many skb helpers hold a BUG_ON: the bug is in their caller.
            Rule("kernel-bug", CrashKind.Bug, Starts("kernel BUG"), "kernel BUG in " + Frame, StackSpec.IpThenTrace("^skb_")),
        ])
        {
            // arm's BUG() until 3.0 (arch/arm/kernel/traps.c __bug(): printk "kernel BUG at %s:%d!", then "*(int *)0 = 0;")
            // faults on purpose: the NULL dereference at address 0 and its "Internal error: Oops: 817" are the BUG's own
            // oops, whose "PC is at __bug" and backtrace belong to it (3.1 moved arm to the generic BUG() trap). Taken while the
            // BUG's report is still open, i.e. before its own stack: the address is not required (mailers wrap it away).
            TakesIn = ["Unable to handle kernel NULL pointer dereference"],
        },
        // riscv die(regs, "Kernel BUG") prints "Kernel BUG [#1]" after "kernel BUG at …"; older powerpc opens with "Kernel BUG at".
        new RuleGroup("Kernel BUG", [
            Rule("kernel-bug-ppc", CrashKind.Bug, Starts("Kernel BUG"), "kernel BUG in " + Frame, StackSpec.IpThenTrace()),
        ]) { JoinsOpenReport = true },
        new RuleGroup("BUG kmalloc-", [
            Rule("slub-double-free", CrashKind.Corruption, StartsThenContains("BUG kmalloc-", ": Object already free"), "BUG: Object already free")
                with { NoStackTrace = true },
        ]) { TakesIn = SlubTrailer },
        // mm/slub.c slab_bug(): "BUG %s (%s): %s" (cache, print_tainted(), what; 2.6.3x–3.x without the taint: "BUG %s: %s"),
        // from check_bytes_and_report() ("Poison overwritten", "Redzone overwritten", "Object padding overwritten"…),
        // free_debug_processing() and slab_err() ("Objects remaining…", "Invalid object pointer…"). The title is what was
        // found; the cache name is left out, as in "BUG: Object already free".
        new RuleGroup("BUG ", [
            Rule("slub", CrashKind.Corruption, SlubHeader(), "BUG: {0}") with { NoStackTrace = true, KernelLineOnly = true },
        ]) { TakesIn = SlubTrailer },
        new RuleGroup("divide error:", [
            Rule("divide-error", CrashKind.Exception, Starts("divide error:"), "divide error in " + Frame, StackSpec.IpOnly),
        ]),
        // The spelling of 5.8-5.9 kernels ("x86/entry: Convert Divide Error to IDTENTRY").
        new RuleGroup("divide_error:", [
            Rule("divide-error-5.8", CrashKind.Exception, Starts("divide_error:"), "divide error in " + Frame, StackSpec.IpOnly),
        ]),
        new RuleGroup("invalid opcode:", [
            Rule("invalid-opcode", CrashKind.Bug, Starts("invalid opcode:"), "invalid opcode in " + Frame, StackSpec.IpOnly),
        ]) { JoinsOpenReport = true },
        new RuleGroup("UBSAN:", [
            Rule("ubsan-old", CrashKind.Sanitizer, Starts("UBSAN: Undefined behaviour in"), "UBSAN: undefined-behaviour in " + Frame,
                StackSpec.TraceOnly("ubsan", "overflow")),
            Rule("ubsan", CrashKind.Sanitizer, UbsanHeader(), "UBSAN: {0} in " + Frame, StackSpec.TraceOnly("ubsan", "overflow")),
        ]),
        new RuleGroup("Internal error:", [
            Rule("arm-internal-error", CrashKind.Oops, ArmDie(), "Internal error in " + Frame, StackSpec.IpThenTrace()),
        ]) { JoinsOpenReport = true },
        // arch/x86/kernel/traps.c handle_stack_overflow: "BUG: … stack guard page was hit at …" then die("kernel stack overflow
        // (double-fault)"): one report.
        new RuleGroup("kernel stack overflow", [
            Rule("stack-overflow", CrashKind.Corruption, Contains("kernel stack overflow"), "kernel stack overflow in " + Frame,
                StackSpec.IpThenTrace()) with { KernelLineOnly = true },
        ]) { JoinsOpenReport = true },
        new RuleGroup("unregister_netdevice: waiting for", [
            Rule("netdev-refcount", CrashKind.Other, StartsThenContains("unregister_netdevice: waiting for ", " to become free"),
                "unregister_netdevice: waiting for DEV to become free") with { NoStackTrace = true },
        ]) { JoinsOpenReport = true },
        // x86's fast refcount_t (CONFIG_ARCH_HAS_REFCOUNT, 4.13-5.4; Ubuntu 18.04/20.04 and RHEL 8 kernels): the refcount
        // instruction traps, ex_handler_refcount() calls kernel/panic.c refcount_error_report(), whose
        // WARN_RATELIMIT(1, "refcount_t %s at %pB in %s[%d], uid/euid: %u/%u\n") names the refcount operation's own site
        // ("hit zero", "overflow" or "unexpected saturation"; added by 7a46ec0e2f48, removed in 5.5 by fb041bb7c0a9).
        // lib/refcount.c's form names none and is titled from its stack; this one is titled from that site, and the WARN
        // line that follows ("at kernel/panic.c:N refcount_error_report") is this report's.
        new RuleGroup("refcount_t ", [
            Rule("x86-fast-refcount", CrashKind.Corruption,
                Either(StartsCapturingFunction("refcount_t hit zero at "), StartsCapturingFunction("refcount_t overflow at "),
                    StartsCapturingFunction("refcount_t unexpected saturation at ")),
                "WARNING: refcount bug in " + Frame,
                // A site the common list never blames (sk_stop_timer() drops its caller's reference) passes the blame to
                // the frames after the header: those of a mail that kept only the stack's lines, else the call trace.
                new StackSpec([new FramePart.HeaderFunction(0)])
                {
                    Alternative = [FramePart.Trace],
                    LastResort = [FramePart.CallTrace, FramePart.Trace],
                    Skip = ["refcount", "ex_handler_refcount", "fixup_exception"],
                }) with { NoStackTrace = true },
        ]) { AtLineStart = true, TakesInMatching = [StartsThenContains("WARNING: ", " refcount_error_report+")] },
        new RuleGroup("Watchdog detected hard LOCKUP", [
            Rule("hard-lockup", CrashKind.Lockup, Contains("Watchdog detected hard LOCKUP"), "BUG: hard lockup in " + Frame,
                StackSpec.IpThenTrace() with { Picker = FramePicker.Stall }),
        ]),
        // powerpc die(): "Oops: Kernel access of bad area, sig: 11 [#1]" after "Unable to handle kernel paging request for data at
        // address" (older) or "BUG: Unable to handle kernel data access" (5.x+); "Oops: Exception in kernel mode" after BUG().
        // 32-bit arch/ppc (until 2.6.26) wrote it in lower case with no message line before it: arch/ppc/mm/fault.c
        // bad_page_fault() die("kernel access of bad area", regs, sig).
        new RuleGroup("Oops: ", [
            Rule("ppc-bad-area", CrashKind.Oops,
                Either(StartsThenContains("Oops: ", "Kernel access of bad area"), StartsThenContains("Oops: ", "kernel access of bad area")),
                "BUG: unable to handle kernel paging request in " + Frame,
                StackSpec.IpThenTrace()) with { KernelLineOnly = true },
            Rule("ppc-kernel-mode-exception", CrashKind.Bug, Starts("Oops: Exception in kernel mode"), "kernel BUG in " + Frame, StackSpec.IpThenTrace())
                with { KernelLineOnly = true },
            Rule("ppc-unrecoverable", CrashKind.Exception, PpcUnrecoverableHeader(), "{0} in " + Frame, StackSpec.IpThenTrace())
                with { KernelLineOnly = true },
        ]) { JoinsOpenReport = true },
        // arch/riscv/kernel/traps.c do_trap_error → die(regs, "Oops - illegal instruction"), "Oops - load access fault"…:
        // "Oops - <what> [#1]" opens the report of a kernel-mode trap (arm's "Internal error: Oops - …" is read first).
        new RuleGroup("Oops - ", [
            Rule("riscv-trap", CrashKind.Exception, RiscvTrapHeader(), "Oops - {0} in " + Frame, StackSpec.IpThenTrace()) with { KernelLineOnly = true },
        ]) { JoinsOpenReport = true },
        // arch/s390/kernel/dumpstack.c die(): "%s: %04x ilc:%d [#%d] " with the trap's name from traps.c ("illegal operation",
        // "specification exception", "addressing exception", "fixpoint divide exception", …), the fault path's "Oops" and
        // BUG()'s "monitor event" (both after the line that names the fault or the BUG, which they then join).
        new RuleGroup(" ilc:", [
            Rule("s390-bug-trap", CrashKind.Bug, S390DieHeader("monitor event"), "kernel BUG in " + Frame, StackSpec.IpThenTrace()),
            // arch/s390/mm/fault.c calls die(regs, "Oops") from the fault path only (do_no_context() up to 6.6,
            // handle_fault_error_nolock() since), after "Unable to handle kernel pointer dereference in virtual kernel address
            // space" (or "paging request in virtual user address space") and dump_fault_info()'s "Failing address:" lines, which
            // it then joins. Where the excerpt begins after that first line, "Oops: %04x ilc:%d [#%d]" is still that fault,
            // named as the first line would name it (the "Unable to handle kernel " rule).
            Rule("s390-fault-oops", CrashKind.Oops, S390DieHeader("Oops"), "BUG: unable to handle kernel paging request in " + Frame,
                StackSpec.IpThenTrace()),
            Rule("s390-program-check", CrashKind.Exception, S390DieHeader(null), "{0} in " + Frame, StackSpec.IpThenTrace()),
        ]) { JoinsOpenReport = true, HeaderFromLineStart = true },
        // The same die() before " ilc:" was added (3.x): "%s: %04x [#%d] ", read for s390's own trap names only.
        new RuleGroup(" [#", [
            Rule("s390-program-check-3x", CrashKind.Exception, S390DieHeaderWithoutIlc(), "{0} in " + Frame, StackSpec.IpThenTrace()),
        ]) { JoinsOpenReport = true, HeaderFromLineStart = true },
        // arch/powerpc/kernel/watchdog.c watchdog_smp_panic() names the CPUs that missed their heartbeat ("Watchdog CPU:%d
        // detected Hard LOCKUP other CPUS:%*pbl"), then sends each an NMI IPI whose handler, wd_lockup_ipi(), prints "Watchdog
        // CPU:%d Hard LOCKUP" and that CPU's registers and stack: one event, whose stack is the stuck CPUs'. 5.x prints the same
        // two lines behind pr_fmt("watchdog: ") ("CPU %d detected hard LOCKUP on other CPUs %*pbl", "CPU %d Hard LOCKUP").
        new RuleGroup("Watchdog CPU:", [
            Rule("ppc-hard-lockup-smp", CrashKind.Lockup, StartsThenContains("Watchdog CPU:", " detected Hard LOCKUP other CPUS:"),
                "BUG: hard lockup in " + Frame, StackSpec.IpThenTrace() with { Picker = FramePicker.Stall }),
        ]) { TakesInMatching = [PowerpcStuckCpuHeader("Watchdog CPU:", " Hard LOCKUP")] },
        new RuleGroup("watchdog: CPU ", [
            Rule("ppc-hard-lockup-smp-5x", CrashKind.Lockup, StartsThenContains("watchdog: CPU ", " detected hard LOCKUP on other CPUs "),
                "BUG: hard lockup in " + Frame, StackSpec.IpThenTrace() with { Picker = FramePicker.Stall }),
        ]) { TakesInMatching = [PowerpcStuckCpuHeader("watchdog: CPU ", " Hard LOCKUP")] },
        // arch/powerpc/kernel/watchdog.c: "Watchdog CPU:%d Hard LOCKUP", "Watchdog CPU:%d detected Hard LOCKUP other CPUS:…".
        new RuleGroup("Watchdog CPU:", [
            Rule("ppc-hard-lockup", CrashKind.Lockup, StartsThenContains("Watchdog CPU:", "Hard LOCKUP"), "BUG: hard lockup in " + Frame,
                StackSpec.IpThenTrace() with { Picker = FramePicker.Stall }),
        ]),
        // The same watchdog since its pr_fmt("watchdog: ") (5.x): "watchdog: CPU %d Hard LOCKUP", "… self-detected hard LOCKUP @ %pS",
        // "… detected hard LOCKUP on other CPUs %*pbl".
        new RuleGroup("watchdog: CPU ", [
            Rule("ppc-hard-lockup-5x", CrashKind.Lockup, PowerpcWatchdogHeader(), "BUG: hard lockup in " + Frame,
                StackSpec.IpThenTrace() with { Picker = FramePicker.Stall }),
        ]),
        // rust/kernel/lib.rs panic handler: pr_emerg!("{}\n", info) then BUG(). PanicInfo prints "panicked at FILE:L:C:" and the
        // message on the next line (Rust 1.73+), or "panicked at 'MESSAGE', FILE:L:C" before.
        new RuleGroup("rust_kernel: panicked at ", [
            Rule("rust-panic-quoted", CrashKind.Bug, RustPanicQuotedHeader(), "{0} in " + Frame, RustPanic()),
            Rule("rust-panic", CrashKind.Bug, Starts("rust_kernel: panicked at "), "{access} in " + Frame, RustPanic())
                with { Requires = line => line.Trim() is { Length: > 0 } message ? message.ToString() : null },
        ]) { AbsorbsFollowingHeaders = true },
        // The x86 boot stub (arch/x86/boot/compressed/misc.c) prints "Booting the kernel." on the serial console: mid-capture,
        // with no orderly shutdown and no crash report before it, the machine was reset under the kernel (watchdog, triple fault).
        new RuleGroup("Booting the kernel", [
            Rule("unexpected-reboot", CrashKind.Other, Starts("Booting the kernel"), "unexpected kernel reboot") with { NoStackTrace = true },
        ]) { AtLineStart = true, Lifecycle = Lifecycle.Reboot },
        // kernel/reboot.c: "reboot: Restarting system", "reboot: Power down", "reboot: System halted"; kernel/kexec_core.c.
        new RuleGroup("reboot: ", [
            Rule("orderly-shutdown", CrashKind.Other, Either(Starts("reboot: Restarting system"), Starts("reboot: Power down"), Starts("reboot: System halted")),
                "orderly shutdown") with { NoStackTrace = true },
        ]) { AtLineStart = true, Lifecycle = Lifecycle.OrderlyShutdown },
        new RuleGroup("kexec_core: Starting new kernel", [
            Rule("kexec", CrashKind.Other, Starts("kexec_core: Starting new kernel"), "orderly shutdown") with { NoStackTrace = true },
        ]) { AtLineStart = true, Lifecycle = Lifecycle.OrderlyShutdown },
        // arch/s390/kernel/nmi.c s390_handle_damage(): system damage (or a kernel-mode machine check whose registers are
        // lost, an uncorrected storage error) stops every CPU and loads a disabled wait PSW after sclp_emergency_printk's
        // "System stopped due to unrecoverable machine check, code: 0x%016llX": s390's fatal machine check, with no panic().
        new RuleGroup("System stopped due to unrecoverable machine check", [
            Rule("s390-mcck-damage", CrashKind.MachineCheck, Starts("System stopped due to unrecoverable machine check"),
                "machine check: system stopped due to unrecoverable machine check") with { NoStackTrace = true },
        ]),
        // No rule for machine check records ("Machine Check Exception", "Machine check events logged", "[Hardware Error]: "):
        // they are hardware events (Hardware/HardwareTracker), not crashes. print_mce() prints the same record for a
        // corrected error (polled, "Machine Check:"), a recovered one (SRAR, "Machine Check Exception:" then "Memory error
        // not recovered"/kill) and a fatal one; what makes it a crash is mce_panic()'s panic(), read by "mce-panic" below.
        new RuleGroup("VFS: Busy inodes after unmount", [
            Rule("busy-inodes", CrashKind.Corruption, Starts("VFS: Busy inodes after unmount"), "VFS: Busy inodes after unmount (use-after-free)")
                with { NoStackTrace = true },
        ]),
        // arch/arm/mm/fault.c do_DataAbort(): "Unhandled fault: %s (0x%03x) at 0x%08lx" then arm_notify_die(), which only
        // dies ("Internal error: …") for a kernel-mode fault; a user-mode one gets a signal (2.6.x–6.x, arm and arm64 4.x).
        // arch/arm/mm/alignment.c do_alignment(): "Alignment trap: not handling instruction … at [<…>]" is printed for user
        // and kernel mode alike. Either is a crash only when die() follows.
        new RuleGroup("Unhandled fault:", [
            Rule("arm-unhandled-fault", CrashKind.Oops, Starts("Unhandled fault:"), "Unhandled fault in " + Frame, StackSpec.IpThenTrace())
                with { Confirmation = ArmDied },
        ]),
        // kernel/sched.c schedule() of 2.5.x-2.6.9: printk(KERN_ERR "bad: scheduling while atomic!\n"); dump_stack(); (no task,
        // no preempt count; 2.6.10 added them and later kernels the "BUG: " prefix): the same report as "BUG: scheduling while atomic".
        new RuleGroup("bad: scheduling while atomic!", [
            Rule("scheduling-atomic-2.6.0", CrashKind.AtomicContext, Starts("bad: scheduling while atomic!"), "BUG: scheduling while atomic in " + Frame,
                StackSpec.TraceOnly("schedule")),
        ]),
        // kernel/sched.c __might_sleep() up to 2.6.17 (SLES 10's 2.6.16 among them): printk(KERN_ERR "Debug: sleeping function
        // called from invalid context at %s:%d\n", file, line), "in_atomic():%d, irqs_disabled():%d\n", then dump_stack(); 2.6.18
        // gave it the "BUG: " prefix: the same report as "BUG: sleeping function called from invalid context", named alike.
        new RuleGroup("Debug: sleeping function called from invalid context", [
            Rule("sleeping-2.6.x", CrashKind.AtomicContext, Starts("Debug: sleeping function called from invalid context"),
                "BUG: sleeping function called from invalid context in " + Frame, StackSpec.TraceOnly()),
        ]),
        new RuleGroup("Alignment trap:", [
            Rule("arm-alignment-trap", CrashKind.Oops, Starts("Alignment trap:"), "Alignment trap in " + Frame, StackSpec.IpThenTrace())
                with { Confirmation = ArmDied },
        ])
        {
            // do_alignment() returns 1 after "not handling instruction", and do_DataAbort() then prints the same fault as
            // "Unhandled fault: alignment exception (0x…) at 0x…" before arm_notify_die(): one event, named by its first line
            // (as syzkaller does), and a crash only if "Internal error:" follows (kernel mode).
            TakesIn = ["Unhandled fault: alignment exception"],
        },
        new RuleGroup("VFS: Close: file count is 0", [
            Rule("file-count-zero", CrashKind.Corruption, Starts("VFS: Close: file count is 0"), "VFS: Close: file count is zero (use-after-free)")
                with { NoStackTrace = true },
        ]),
        // The fuzzer's own failures and Go runtime crashes on the console: not the kernel's, but a dead witness all the same.
        new RuleGroup("SYZFAIL:", [
            Rule("syzfail", CrashKind.Other, StartsCapturingRest("SYZFAIL: "), "SYZFAIL: {0}") with { NoStackTrace = true },
        ]),
        new RuleGroup("SYZFATAL:", [
            Rule("syzfatal", CrashKind.Other, Starts("SYZFATAL:"), "SYZFATAL") with { NoStackTrace = true },
        ]),
        new RuleGroup("fatal error: ", [
            // A Go program's crash printed straight to the console (not a daemon's "name[pid]: fatal error: …" in a log).
            Rule("go-runtime", CrashKind.Other, Starts("fatal error: "), "go runtime error") with { NoStackTrace = true, KernelLineOnly = true },
        ])
        {
            Ignores = ["fatal error: runtime: out of memory", "fatal error: runtime: cannot allocate memory", "fatal error: unexpected signal during runtime execution"],
        },
        new RuleGroup("trusty: panic", [
            Rule("trusty-assert", CrashKind.Other, TrustyAssert(), "trusty: ASSERT FAILED: {0}") with { NoStackTrace = true },
            Rule("trusty-assert-cut", CrashKind.Other, StartsThenContains("trusty: panic", "ASSERT FAILED"), "trusty: ASSERT FAILED: ")
                with { Corrupted = true },
            Rule("trusty-panic", CrashKind.Other, TrustyPanic(), "trusty: panic: {0}") with { NoStackTrace = true },
        ]),
    ];

    /// <summary>arm/arm64 die(): "Internal error: %s: %x [#%d]".</summary>
    private static string? ArmDied(ReadOnlySpan<char> line) => line.Contains("Internal error:", StringComparison.Ordinal) ? "" : null;

    /// <summary>mm/slub.c print_trailer() lines that follow a SLUB report.</summary>
    // A property, not a field: Groups is built by an earlier static initializer.
    private static ImmutableArray<string> SlubTrailer => ["INFO: Allocated in ", "INFO: Freed in ", "INFO: Slab ", "INFO: Object ", "INFO: 0x"];

    private static RuleGroup Bug()
    {
        static string? readOrWrite(ReadOnlySpan<char> line) =>
            line.Contains("Read of size", StringComparison.Ordinal) || line.Contains("Read at addr", StringComparison.Ordinal) ? "Read"
            : line.Contains("Write of size", StringComparison.Ordinal) || line.Contains("Write at addr", StringComparison.Ordinal) ? "Write" : null;
        StackSpec kmsan(params string[] skip) => new([FramePart.Trace, new FramePart.LineWhere(
            l => l.Contains("Uninit was created at:", StringComparison.Ordinal) || (l.Contains("Local variable ", StringComparison.Ordinal) && l.Contains(" created at:", StringComparison.Ordinal))),
            FramePart.Trace]) { Skip = [.. skip] };
        return new RuleGroup("BUG:", [
            Rule("kasan", CrashKind.Sanitizer, WordInFunction("BUG: KASAN: "), "KASAN: {0} {access} in " + Frame,
                new StackSpec([new FramePart.HeaderFunction(1), FramePart.CallTrace, FramePart.Trace])
                {
                    // Frames of the hardware tag-check fault path (KASAN_HW_TAGS on arm64).
                    Skip = ["kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"],
                }) with { Requires = readOrWrite },
            // mm/kasan/report.c of 4.0–4.3: "BUG: KASan: %s in %pS at addr %p" with "use after free", "out of bounds access",
            // "out of bounds on stack", then "%s of size %zu by task %s/%d"; named as the later KASAN names them.
            Rule("kasan-4.0", CrashKind.Sanitizer, OldKasanHeader(), "KASAN: {0} {access} in " + Frame,
                new StackSpec([new FramePart.HeaderFunction(1), FramePart.CallTrace, FramePart.Trace])) with { Requires = readOrWrite },
            Rule("kasan-free", CrashKind.Sanitizer, Either(StartsCapturingFunctionAfter("BUG: KASAN: double-free or invalid-free in "),
                    StartsCapturingFunctionAfter("BUG: KASAN: double-free in "), StartsCapturingFunctionAfter("BUG: KASAN: invalid-free in ")),
                "KASAN: invalid-free in " + Frame,
                new StackSpec([new FramePart.HeaderFunction(0), FramePart.CallTrace, FramePart.Trace]) { Skip = ["slab_", "kfree", "vunmap", "vfree"] }),
            Rule("kasan-address", CrashKind.Sanitizer, KasanOnAddressHeader(), "KASAN: {0} {access}")
                with { Requires = readOrWrite, NoStackTrace = true },
            Rule("kasan-other", CrashKind.Sanitizer, StartsCapturingRest("BUG: KASAN: "), "KASAN: {0}") with { Corrupted = true },
            Rule("kmsan-usb", CrashKind.Sanitizer, Starts("BUG: KMSAN: kernel-usb-infoleak"), "KMSAN: kernel-usb-infoleak in " + Frame,
                kmsan("alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg")) with { NoStackTrace = true },
            Rule("kmsan", CrashKind.Sanitizer, WordInFunction("BUG: KMSAN: "), "KMSAN: {0} in " + Frame,
                kmsan("alloc_skb", "netlink_ack", "netlink_rcv_skb")) with { NoStackTrace = true },
            Rule("kcsan", CrashKind.Sanitizer, StartsCapturingRest("BUG: KCSAN: "), "KCSAN: {0}") with { NoStackTrace = true },
            // mm/kfence/report.c prints the access's stack right under the header, with no "Call Trace:" line.
            Rule("kfence", CrashKind.Sanitizer, KfenceHeader(), "KFENCE: {0} in " + Frame,
                new StackSpec([new FramePart.HeaderFunction(1), new FramePart.LineWhere(IsKfenceAccessLine), FramePart.Trace])) with { NoStackTrace = true },
            Rule("paging-request", CrashKind.Oops, Either(Starts("BUG: unable to handle kernel paging request"), Starts("BUG: unable to handle page fault for address"),
                    Starts("BUG: Unable to handle kernel data access"), Starts("BUG: Unable to handle kernel instruction fetch")),
                "BUG: unable to handle kernel paging request in " + Frame, StackSpec.IpThenTrace()),
            Rule("null-deref", CrashKind.Oops, Either(Starts("BUG: unable to handle kernel NULL pointer dereference"), Starts("BUG: kernel NULL pointer dereference"),
                    Starts("BUG: Kernel NULL pointer dereference")),
                "BUG: unable to handle kernel NULL pointer dereference in " + Frame, StackSpec.IpThenTrace()),
            Rule("unable-to-handle-cut", CrashKind.Oops, Either(Starts("BUG: unable to handle kernel"), Starts("BUG: Unable to handle kernel")),
                "BUG: unable to handle kernel") with { Corrupted = true, CutShort = true },
            // include/asm-generic/bug.h WARN_ON() of 2.6.18–2.6.19 (and 2.6.17-mm): printk("BUG: warning at %s:%d/%s()\n", __FILE__, __LINE__,
            // __FUNCTION__); dump_stack(); — before "Badness in %s at %s:%d" became it, and before 2.6.20 made it "WARNING: at
            // %s:%d %s()" (Jeremy Fitzhardinge's "A warning is a warning, not a BUG"). The same report as the later WARNING:
            // titled from its stack as the "WARNING: at" form is, dump_stack() and the warned-about helpers skipped.
            Rule("warn-on-2.6.17", CrashKind.Warning, Starts("BUG: warning at "), "WARNING in " + Frame, StackSpec.Warning()),
            Rule("spinlock", CrashKind.Lockup, SpinlockHeader(), "BUG: {0} {1} in " + Frame, StackSpec.TraceOnly("spin_", "_lock", "_unlock")),
            Rule("soft-lockup", CrashKind.Lockup, Starts("BUG: soft lockup"), "BUG: soft lockup in " + Frame,
                StackSpec.IpThenTrace() with { Picker = FramePicker.Stall }),
            Rule("locks-held", CrashKind.Lockdep, StartsThenContains("BUG: ", "still has locks held!"), "BUG: still has locks held in " + Frame,
                new StackSpec([new FramePart.SymbolAfter("]"), FramePart.CallTrace, FramePart.Trace])),
            Rule("lock-held-user", CrashKind.Lockdep, Starts("BUG: lock held when returning to user space"), "BUG: lock held when returning to user space in " + Frame,
                new StackSpec([new FramePart.Marker("leaving the kernel with locks still held"), new FramePart.SymbolAfter("at: ")])) with { NoStackTrace = true },
            Rule("bad-unlock", CrashKind.Lockdep, Starts("BUG: bad unlock balance detected!"), "BUG: bad unlock balance in " + Frame,
                new StackSpec([new FramePart.SymbolAfter("] "), FramePart.CallTrace, FramePart.Trace])),
            // kernel/lockdep.c print_freed_lock_bug(): the first "at: [<pc>] func" after the banner names it, as lockdep prints it
            // (syzkaller's report pattern, no stack skipping): the freed lock's own line since 2.6.18 ("print_lock(hlock)"),
            // the first held lock's in 2.6.17-mm's first form, whose mutex sites are inside mutex_lock itself.
            Rule("held-lock-freed", CrashKind.Lockdep, Starts("BUG: held lock freed!"), "BUG: held lock freed in " + Frame,
                new StackSpec([new FramePart.SymbolAfter("at: ", Unfiltered: true)])),
            Rule("rss-counter", CrashKind.Corruption, Starts("BUG: Bad rss-counter state"), "BUG: Bad rss-counter state") with { NoStackTrace = true },
            Rule("nr-ptes", CrashKind.Corruption, Starts("BUG: non-zero nr_ptes on freeing mm"), "BUG: non-zero nr_ptes on freeing mm") with { NoStackTrace = true },
            Rule("nr-pmds", CrashKind.Corruption, Starts("BUG: non-zero nr_pmds on freeing mm"), "BUG: non-zero nr_pmds on freeing mm") with { NoStackTrace = true },
            // kernel/fork.c check_mm since 4.19: "BUG: non-zero pgtables_bytes on freeing mm: %ld".
            Rule("pgtables-bytes", CrashKind.Corruption, Starts("BUG: non-zero pgtables_bytes on freeing mm"), "BUG: non-zero pgtables_bytes on freeing mm")
                with { NoStackTrace = true },
            Rule("bad-page-state", CrashKind.Corruption, Starts("BUG: Bad page state"), "BUG: Bad page state in " + Frame, BadPageState()),
            Rule("bad-page-map", CrashKind.Corruption, Starts("BUG: Bad page map"), "BUG: Bad page map"),
            Rule("workqueue-lockup", CrashKind.Lockup, Starts("BUG: workqueue lockup"), "BUG: workqueue lockup") with { NoStackTrace = true },
            Rule("sleeping", CrashKind.AtomicContext, Starts("BUG: sleeping function called from invalid context"),
                "BUG: sleeping function called from invalid context in " + Frame, StackSpec.TraceOnly()),
            Rule("scheduling-atomic", CrashKind.AtomicContext, Starts("BUG: scheduling while atomic"), "BUG: scheduling while atomic in " + Frame,
                StackSpec.TraceOnly("schedule")),
            Rule("preemptible", CrashKind.AtomicContext, PreemptibleHeader(), "BUG: using {0}() in preemptible code in " + Frame,
                StackSpec.TraceOnly("dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu")),
            Rule("workqueue-leak", CrashKind.Lockdep, Starts("BUG: workqueue leaked lock or atomic"), "BUG: workqueue leaked lock or atomic in " + Frame,
                new StackSpec([new FramePart.SymbolAfter("last function: ", Bare: true)])) with { NoStackTrace = true },
            Rule("memory-leak", CrashKind.Sanitizer, Starts("BUG: memory leak"), "memory leak in " + Frame,
                new StackSpec([new FramePart.Marker("backtrace"), FramePart.Trace])
                {
                    Skip = ["kmemleak", "kmalloc", "kcalloc", "kzalloc", "vmalloc", "mmap", "kmem", "slab", "alloc", "create_object",
                        "idr_get", "list_lru_init", "kasprintf", "kvasprintf", "pcpu_create", "strdup", "strndup", "memdup"],
                }),
            Rule("stack-guard", CrashKind.Corruption, Either(Starts("BUG: stack guard page was hit at"), StartsThenContains("BUG: ", "stack guard page was hit at")),
                "BUG: stack guard page was hit in " + Frame, StackSpec.IpThenTrace() with { Picker = FramePicker.Stall }),
            Rule("invalid-wait-context", CrashKind.Lockdep, Starts("BUG: Invalid wait context"), "WARNING: locking bug in " + Frame,
                StackSpec.TraceOnly("lock_sock", "release_sock")),
            Rule("lockdep-table-full", CrashKind.Lockdep, LockdepTableFullHeader(), "BUG: MAX_{0} too low!")
                with { NoStackTrace = true, KernelLineOnly = true },
            // A cut header is a kernel line; firmware lines end in the marker too (coreboot's "AGESA TYPE 17 DMI INFO:").
            Rule("bug-empty", CrashKind.Bug, Empty("BUG:"), "BUG: corrupted") with { Corrupted = true, KernelLineOnly = true },
            Rule("bug-generic", CrashKind.Bug, StartsCapturingRest("BUG: "), "BUG: {0}") with { NoStackTrace = true, KernelLineOnly = true },
        ])
        {
            // "Internal error: Oops - BUG: 0 [#1]" is arm/arm64 die() for a BUG() trap: part of the "kernel BUG at" report.
            Ignores = ["ODEBUG:", "Boot_DEBUG:", "xlog_status:", "DEBUG:", "BUG: no syscalls can create resource", "Oops - BUG: "],
            // 4.0–4.3 KASAN ("BUG: KASan: …") dumps the object with mm/slub.c print_trailer().
            TakesIn = SlubTrailer,
        };
    }

    /// <summary>The user of the lock, exactly as lockdep names it (the first "at:" after <paramref name="after"/>).</summary>
    private static StackSpec LockUser(string after) => new([new FramePart.Marker(after), new FramePart.SymbolAfter("at: ", Unfiltered: true)]);

    /// <summary>A <c>file.c:123</c> reference in the line.</summary>
    private static string? SourceReference(ReadOnlySpan<char> line)
    {
        int colon = line.IndexOf(".c:", StringComparison.Ordinal);
        if (colon < 0)
        {
            colon = line.IndexOf(".h:", StringComparison.Ordinal);
        }
        return colon > 0 && colon + 3 < line.Length && char.IsAsciiDigit(line[colon + 3]) ? "" : null;
    }

    /// <summary>A circular dependency: the site taking the new lock, else (a helper never blamed: might_fault, flush_work…)
    /// the site holding the old one, else the stack.</summary>
    private static StackSpec Lockdep(string after) => new([new FramePart.Marker(after), new FramePart.SymbolAfter("at: "), new FramePart.SymbolAfter("at: "), FramePart.Trace])
    {
        Skip = ["process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"],
    };

    /// <summary>kernel/locking/lockdep.c print_bad_irq_dependency(): the stack printed under "... which became
    /// HARDIRQ-irq-safe at:" (the line starts with the dots), where the irq-safe lock was first taken.</summary>
    private static StackSpec IrqOrder() =>
        new([new FramePart.LineWhere(l => l.Contains("which became ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" at:", StringComparison.Ordinal)), FramePart.Trace]);

    private static RuleGroup Warning()
    {
        return new RuleGroup("WARNING:", [
            Rule("odebug", CrashKind.Corruption, WarnAt("lib/debugobjects.c", "debug_"), "WARNING: ODEBUG bug in " + Frame,
                StackSpec.Warning("debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "vunmap", "vfree", "__free_", "debug_check", "kobject_")),
            Rule("usercopy", CrashKind.Corruption, WarnAt("mm/usercopy.c", "usercopy_warn"), "WARNING: bad usercopy in " + Frame, StackSpec.Warning("usercopy", "__check")),
            Rule("kobject", CrashKind.Warning, WarnAt("lib/kobject.c", "kobject_"), "WARNING: kobject bug in " + Frame, StackSpec.Warning("kobject_")),
            Rule("proc-register", CrashKind.Warning, WarnAt("fs/proc/generic.c", "proc_register"), "WARNING: proc registration bug in " + Frame, StackSpec.Warning("proc_")),
            Rule("refcount", CrashKind.Corruption, WarnAt("lib/refcount.c", "refcount_"), "WARNING: refcount bug in " + Frame, StackSpec.Warning("refcount", "kobject_")),
            Rule("locking", CrashKind.Lockdep, WarnAt("kernel/locking/lockdep.c", "lock_", spaceBefore: false), "WARNING: locking bug in " + Frame, StackSpec.Warning("lock_sock", "release_sock")),
            Rule("lock-held-user", CrashKind.Lockdep, Starts("WARNING: lock held when returning to user space"), "WARNING: lock held when returning to user space in " + Frame,
                new StackSpec([new FramePart.Marker("leaving the kernel with locks still held"), new FramePart.SymbolAfter("at: ")])) with { NoStackTrace = true },
            Rule("locks-held", CrashKind.Lockdep, StartsThenContains("WARNING: ", "still has locks held!"), "WARNING: still has locks held in " + Frame,
                new StackSpec([new FramePart.SymbolAfter("at: ", Unfiltered: true)])),
            Rule("nested-lock", CrashKind.Lockdep, Starts("WARNING: Nested lock was not taken"), "WARNING: nested lock was not taken in " + Frame,
                StackSpec.Warning()),
            Rule("kmalloc", CrashKind.Warning, WarnMmAlloc(), "WARNING: kmalloc bug in " + Frame, StackSpec.Warning("kmalloc", "krealloc", "slab", "kmem")),
            Rule("zero-size-vmalloc", CrashKind.Warning, WarnAt("mm/vmalloc.c", "__vmalloc_node"), "WARNING: zero-size vmalloc in " + Frame, StackSpec.Warning()),
            Rule("usb-submit-urb", CrashKind.Warning, StartsThenContains("WARNING: ", " usb_submit_urb"), "WARNING in " + Frame + "/usb_submit_urb",
                StackSpec.Warning("usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg")),
            // lib/list_debug.c without CONFIG_BUG_ON_DATA_CORRUPTION (4.10+): CHECK_DATA_CORRUPTION() is a WARN() after the
            // "list_add corruption. …" message; the same corruption as the BUG() form, named the same way.
            Rule("list-corruption", CrashKind.Corruption, WarnAt("lib/list_debug.c", "__list_"), "BUG: corrupted list in " + Frame,
                StackSpec.Warning("list_")),
            // 2.6.24-2.6.37 lib/list_debug.c defined list_del() itself (2.6.38 split it into __list_del_entry()): its WARN()
            // reads "WARNING: at lib/list_debug.c:57 list_del+0xc0/0xed()".
            Rule("list-corruption-list-del", CrashKind.Corruption, WarnAt("lib/list_debug.c", "list_del+"), "BUG: corrupted list in " + Frame,
                StackSpec.Warning("list_")),
            // Every WARN() of lib/list_debug.c is a list check, whatever function %pS names as the caller (Debian's 4.8-4.9
            // "at /build/…/lib/list_debug.c:62 netflow_target+0x68f/0xfd0 [ipt_NETFLOW]").
            Rule("list-corruption-any-caller", CrashKind.Corruption, StartsThenContains("WARNING: ", "lib/list_debug.c:"), "BUG: corrupted list in " + Frame,
                StackSpec.Warning("list_")),
            Rule("warn", CrashKind.Warning, WarnAtAny(), "WARNING in " + Frame, StackSpec.Warning()),
            // kernel/panic.c __warn() when report_bug() has no file and line (CONFIG_DEBUG_BUGVERBOSE=n, as OpenWrt builds):
            // "WARNING: CPU: %d PID: %d at %pS". The list checks are named by their function (4.10+ __list_add_valid,
            // __list_del_entry_valid; 6.6+ with "_or_report").
            Rule("list-corruption-no-file", CrashKind.Corruption,
                WarnAtFunctionOnly("__list_add_valid", "__list_del_entry_valid", "__list_add_valid_or_report", "__list_del_entry_valid_or_report"),
                "BUG: corrupted list in " + Frame, StackSpec.Warning("list_")),
            Rule("warn-no-file", CrashKind.Warning, WarnAtFunctionOnly(), "WARNING in " + Frame, StackSpec.Warning()),
            Rule("circular", CrashKind.Lockdep, Starts("WARNING: possible circular locking dependency detected"), "possible deadlock in " + Frame,
                Lockdep("is trying to acquire lock")),
            Rule("irq-inversion", CrashKind.Lockdep, Starts("WARNING: possible irq lock inversion dependency detected"), "possible deadlock in " + Frame,
                LockUser("just changed the state of lock")),
            Rule("irq-order", CrashKind.Lockdep, IrqOrderHeader("WARNING: "), "possible deadlock in " + Frame, IrqOrder()),
            Rule("recursive", CrashKind.Lockdep, Starts("WARNING: possible recursive locking detected"), "possible deadlock in " + Frame,
                LockUser("is trying to acquire lock")),
            Rule("inconsistent", CrashKind.Lockdep, Starts("WARNING: inconsistent lock state"), "inconsistent lock state in " + Frame,
                StackSpec.TraceOnly()) with { Requires = line => line.Contains("takes", StringComparison.Ordinal) ? "" : null },
            Rule("suspicious-rcu", CrashKind.Lockdep, Starts("WARNING: suspicious RCU usage"), "WARNING: suspicious RCU usage in " + Frame,
                StackSpec.TraceOnly("rcu", "kmem", "slab")) with { Requires = SourceReference },
            Rule("stack-regs", CrashKind.Corruption, StackRegsHeader(), "WARNING: kernel stack regs has bad '{0}' value") with { NoStackTrace = true },
            Rule("frame-pointer", CrashKind.Corruption, StartsThenContains("WARNING: kernel stack frame pointer at ", " has bad value"),
                "WARNING: kernel stack frame pointer has bad value") with { NoStackTrace = true },
            Rule("bad-unlock", CrashKind.Lockdep, Starts("WARNING: bad unlock balance detected!"), "WARNING: bad unlock balance in " + Frame,
                new StackSpec([new FramePart.SymbolAfter("] "), FramePart.CallTrace, FramePart.Trace])),
            Rule("held-lock-freed", CrashKind.Lockdep, Starts("WARNING: held lock freed!"), "WARNING: held lock freed in " + Frame,
                new StackSpec([new FramePart.SymbolAfter("at: ", Unfiltered: true)])),
            Rule("stack-regs-bp", CrashKind.Corruption, StartsThenContains("WARNING: kernel stack regs ", " has bad 'bp' value"),
                "WARNING: kernel stack regs has bad value") with { NoStackTrace = true },
            Rule("frame-pointer-bad", CrashKind.Corruption, StartsThenContains("WARNING: kernel stack frame pointer ", " has bad value"),
                "WARNING: kernel stack regs has bad value") with { NoStackTrace = true },
            Rule("warn-empty", CrashKind.Warning, Empty("WARNING:"), "WARNING: corrupted") with { Corrupted = true, KernelLineOnly = true },
        ])
        {
            Ignores = ["WARNING: /etc/ssh/moduli does not exist", "WARNING: workqueue cpumask: online intersect > possible intersect",
                "Spectre V2 : WARNING:", "WARNING: the mand mount option", "WARNING: The mand mount option", "WARNING: Unsupported flag value(s)",
                "WARNING: Unprivileged eBPF is enabled with eIBRS", "WARNING: fbcon: Driver", "for mitigation options.", "WARNING: kernel not compiled with CPU_SRSO"],
            // kernel/watchdog.c of 3.x: the hard lockup is WARN(1, "Watchdog detected hard LOCKUP on cpu %d", cpu): that
            // message line is part of the WARNING report, not a report of its own (4.x+ prints it as the header).
            TakesIn = ["Watchdog detected hard LOCKUP"],
        };
    }

    private static RuleGroup Info()
    {
        return new RuleGroup("INFO:", [
            // kernel/lockdep.c print_circular_bug_header(): the same report as 4.x+'s "WARNING: possible circular locking
            // dependency detected" under the 2.6.x–4.x "[ INFO: … ]" banner: named the same way, whatever the era.
            Rule("circular", CrashKind.Lockdep, Starts("INFO: possible circular locking dependency detected"), "possible deadlock in " + Frame, Lockdep("is trying to acquire lock")),
            Rule("irq-inversion", CrashKind.Lockdep, Starts("INFO: possible irq lock inversion dependency detected"), "possible deadlock in " + Frame, LockUser("just changed the state of lock")),
            Rule("irq-order", CrashKind.Lockdep, IrqOrderHeader("INFO: "), "possible deadlock in " + Frame, IrqOrder()),
            Rule("recursive", CrashKind.Lockdep, Starts("INFO: possible recursive locking detected"), "possible deadlock in " + Frame, LockUser("is trying to acquire lock")),
            Rule("inconsistent", CrashKind.Lockdep, Starts("INFO: inconsistent lock state"), "inconsistent lock state in " + Frame, LockUser("takes")),
            Rule("rcu-stall", CrashKind.RcuStall, RcuStallHeader(), "INFO: rcu detected stall in " + Frame,
                new StackSpec([new FramePart.Marker("apic_timer_interrupt"), FramePart.Ip, FramePart.Trace])
                {
                    Alternative = [new FramePart.LineWhere(l => l.Contains("apic_timer_interrupt", StringComparison.Ordinal)
                        || l.Contains("Exception stack", StringComparison.Ordinal) || l.Contains("el1h_64_irq", StringComparison.Ordinal)), FramePart.Trace],
                    // x86 since 5.x: the stalled CPU's stack comes as an NMI backtrace, with no timer interrupt in it.
                    LastResort = [new FramePart.Marker("NMI backtrace for cpu"), FramePart.Ip, FramePart.CallTrace, FramePart.Trace],
                    Skip = ["apic_timer_interrupt", "rcu"],
                    Picker = FramePicker.Stall,
                }),
            Rule("non-static-key", CrashKind.Lockdep, Starts("INFO: trying to register non-static key"), "INFO: trying to register non-static key in " + Frame,
                StackSpec.TraceOnly("stack", "lock", "IRQ")),
            // kernel/lockdep.c lockdep_rcu_suspicious(): "[ INFO: suspicious RCU usage. ]" since 3.2; 2.6.34–3.1 printed
            // "[ INFO: suspicious rcu_dereference_check() usage. ]" (lockdep_rcu_dereference()) for the same report.
            Rule("suspicious-rcu", CrashKind.Lockdep, Either(Starts("INFO: suspicious RCU usage"), Starts("INFO: suspicious rcu_dereference_check() usage")),
                "INFO: suspicious RCU usage in " + Frame, StackSpec.TraceOnly("rcu", "kmem", "slab")) with { Requires = SourceReference },
            Rule("hung-task", CrashKind.HungTask, Either(StartsThenContains("INFO: task ", " blocked for more than "), StartsThenContains("INFO: task ", " blocked in I/O wait for more than ")), "INFO: task hung in " + Frame,
                StackSpec.TraceOnly() with { Picker = FramePicker.HungTask }),
            Rule("task-cant-die", CrashKind.HungTask, StartsThenContains("INFO: task ", " can't die for more than "), "INFO: task can't die in " + Frame,
                StackSpec.TraceOnly("schedule")),
            Rule("freed-allocated", CrashKind.Sanitizer, FreedAllocatedHeader(), "INFO: {0} in {1}") with { Corrupted = true },
            // As bug-empty: coreboot prints "AGESA TYPE 17 DMI INFO:" on the same console.
            Rule("info-empty", CrashKind.Other, Empty("INFO:"), "INFO: corrupted") with { Corrupted = true, KernelLineOnly = true },
        ])
        {
            Ignores = ["INFO: lockdep is turned off", "INFO: Stall ended before state dump start", "INFO: NMI handler", "INFO: recovery required on readonly",
                "took too long", "_INFO::", "INFO: sys_", "INFO: no syscalls can create resource", "CAM_INFO:", "rmt_storage:INFO:"],
        };
    }

    // kernel/panic.c prints "Kernel panic - not syncing: …" at the start of a console line: the words quoted inside a
    // program's log line ("abrt[1]: … Kernel panic - not syncing …") are no panic.
    private static RuleGroup Panic() => PanicRules() with { Rules = [.. PanicRules().Rules.Select(r => r with { KernelLineOnly = true })] };

    private static RuleGroup PanicRules() => new RuleGroup("Kernel panic - not syncing", [
        Rule("stack-protector", CrashKind.Corruption, StartsCapturingFunctionAfter("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: "),
            "kernel panic: stack is corrupted in " + Frame, new StackSpec([new FramePart.HeaderFunction(0)])) with { NoStackTrace = true },
        Rule("stack-protector-addr", CrashKind.Corruption, Starts("Kernel panic - not syncing: stack-protector:"), "kernel panic: stack is corrupted in " + Frame,
            StackSpec.TraceOnly("stack_chk")),
        Rule("stack-end", CrashKind.Corruption, Starts("Kernel panic - not syncing: corrupted stack end"), "kernel panic: corrupted stack end in " + Frame,
            StackSpec.TraceOnly("schedule", "retint_kernel") with { Picker = FramePicker.Stall }),
        Rule("kill-init", CrashKind.Panic, Starts("Kernel panic - not syncing: Attempted to kill init!"), "kernel panic: Attempted to kill init!") with { NoStackTrace = true },
        Rule("n-tty", CrashKind.Panic, StartsThenContains("Kernel panic - not syncing: Couldn't open N_TTY ldisc for ", " --- error -"),
            "kernel panic: Couldn't open N_TTY ldisc") with { NoStackTrace = true },
        Rule("fatal-exception", CrashKind.Panic, Starts("Kernel panic - not syncing: Fatal exception"), "kernel panic: Fatal exception") with { Corrupted = true },
        Rule("panic-on-warn", CrashKind.Warning, Contains("panic_on_warn set"), "kernel panic: panic_on_warn set") with { Corrupted = true },
        Rule("hung-task-panic", CrashKind.HungTask, Starts("Kernel panic - not syncing: hung_task: blocked tasks"), "kernel panic: hung_task: blocked tasks")
            with { Corrupted = true },
        Rule("stack-overflow-panic", CrashKind.Corruption, Starts("Kernel panic - not syncing: kernel stack overflow"), "kernel stack overflow in " + Frame,
            StackSpec.TraceOnly("bad_stack") with { Picker = FramePicker.Stall }),
        Rule("oom-panic", CrashKind.OutOfMemory, Either(Starts("Kernel panic - not syncing: Out of memory"), Starts("Kernel panic - not syncing: System is deadlocked on memory")),
            "kernel panic: {reason}") with { NoStackTrace = true },
        // arch/x86/kernel/cpu/mce/core.c mce_panic() reasons, and powerpc's "Unrecoverable Machine check"; the 2.6-era i386
        // p4.c/k7.c/p6.c handlers' panic("CPU context corrupt") and panic("Unable to continue") after "Machine Check
        // Exception"; ghes.c __ghes_panic()'s "Fatal hardware error!"; edac_mc.c with edac_mc_panic_on_ue: panic("UE …")
        // (3.6+) and panic("EDAC MC%d: UE …") (2.6).
        Rule("mce-panic", CrashKind.MachineCheck, Either(Contains("machine check"), Contains("Machine check"), Contains("broadcast exception handler"),
            Contains("Some CPUs didn't answer in synchronization"), Starts("Kernel panic - not syncing: CPU context corrupt"),
            Starts("Kernel panic - not syncing: Unable to continue"), Contains("Fatal hardware error"), Starts("Kernel panic - not syncing: UE "),
            StartsThenContains("Kernel panic - not syncing: EDAC MC", ": UE "), Starts("Kernel panic - not syncing: mcck: ")), "kernel panic: {reason}")
            with { NoStackTrace = true },
        // kernel/watchdog.c with softlockup_panic / hardlockup_panic when the lockup report itself was lost.
        Rule("lockup-panic", CrashKind.Lockup, Either(Starts("Kernel panic - not syncing: Hard LOCKUP"), Starts("Kernel panic - not syncing: softlockup: "),
            Starts("Kernel panic - not syncing: hardlockup: "), Starts("Kernel panic - not syncing: Watchdog detected hard LOCKUP")),
            "kernel panic: {reason}") with { NoStackTrace = true },
        Rule("rcu-stall-panic", CrashKind.RcuStall, Starts("Kernel panic - not syncing: RCU Stall"), "kernel panic: {reason}") with { NoStackTrace = true },
        Rule("panic", CrashKind.Panic, StartsCapturingRest("Kernel panic - not syncing: "), "kernel panic: {reason}") with { NoStackTrace = true },
    ])
    { JoinsOpenReport = true };

    private static CrashRule Rule(string name, CrashKind kind, HeaderPattern header, string title, StackSpec? stack = null) =>
        new(name, kind, header, title) { Stack = stack };
}
