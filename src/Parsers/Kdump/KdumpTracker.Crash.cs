namespace SolWatch.Parsers.Kdump;

// Part of KdumpTracker (its overview is in KdumpTracker.cs): the first kernel's crash and its jump into the capture kernel.
public sealed partial class KdumpTracker
{
    // `own`: the line holds one of the tracker's own words (KdumpAnchors.HoldsOwnWord), as Xen's "crashed: ", "Kdump:
    // loaded" and "kexec: Starting switchover" do; `crashStart`: IsCrashStart(text), read once by the caller.
    private void ReadCrash(ReadOnlySpan<char> text, bool own, bool crashStart, long n, DateTimeOffset at)
    {
        if (own && XenHardwareDomainCrashWentOn(text))
        {
            // Xen's own word on the crash of its dom0 (xen/common/shutdown.c hwdom_shutdown, SHUTDOWN_crash; before 4.5
            // dom0_shutdown's "Domain 0 crashed: "): it prints "Hardware Dom%u crashed: " without a newline, calls
            // kexec_crash(), which boots the crash image dom0's kdump loaded into Xen and returns only when none is
            // loaded (xen/common/kexec.c), then maybe_reboot()/reboot_or_halt() ends the same line with "rebooting
            // machine in 5 seconds." or "'noreboot' set - not rebooting.". Like panic()'s countdown after __crash_kexec():
            // the crash went on without a capture kernel (round 15: a Xen 4.0 dom0, its sysrq oops and its panic).
            Attempt a = AttemptAt(n);
            a.Confirm(n);
            a.PanicMessage ??= Clip(text.Trim());
            if (!a.WentOn)
            {
                a.WentOn = true;
                a.WentOnTo = $"went on to Xen's {(Has(text, "noreboot") ? "halt" : "reboot")} (\"{Clip(After(text, "crashed: ").Trim())}\")";
                a.Add(n, at, "dom0 crash went on without kdump");
                Emit(a.Finish(rebooted: false));
                _attempt = null;
            }
            return;
        }
        if (Has(text, "Rebooting in") || Has(text, "---[ end Kernel panic") || Has(text, "reboot: Restarting system"))
        {
            // Before the panic line: panic()'s end marker repeats its text ("---[ end Kernel panic - not syncing: %s ]---").
            // Not after the crashed kernel's last line ("Bye!", purgatory): machine_kexec does not return, so a reboot
            // then is the next kernel's, whose banner the console (or a log that tags its untimed lines as user space's)
            // did not show (round 17: a Microdroid crash kernel's init rebooting after its save).
            if (_attempt is { Confirmed: true } a && a.FirstKernel == _boot && !a.WentOn && !a.Landed)
            {
                // panic() tries the capture kernel before it counts down: the kernel going on means none was loaded.
                a.WentOn = true;
                a.WentOnTo = Has(text, "end Kernel panic") ? "ran to its end marker" : "went on to reboot";
                a.Add(n, at, "panic went on without kdump");
                // The story is over here, not at the next banner: panic() calls __crash_kexec() (and, through its
                // notifiers, fadump and s390's dump-on-panic) before it counts down or prints its end marker, so no
                // capture kernel can follow, and nothing the console prints later changes the outcome. Closing now
                // also keeps a console that never shows the next boot's banner (concatenated logs, a SOL session
                // opened late) from holding an attempt open over every later crash.
                Emit(a.Finish(rebooted: false));
                _attempt = null;
            }
            return;
        }
        if (Has(text, "Kernel Offset: "))
        {
            // The kernel offset panic() prints through its notifier chain: x86's dump_kernel_offset (arch/x86/kernel/setup.c,
            // "Kernel Offset: 0x%lx from 0x%lx (relocation range: …)" or "Kernel Offset: disabled"), arm64's
            // arm64_panic_block_dump and riscv's dump_kernel_offset (arch/{arm64,riscv}/kernel/setup.c, "Kernel Offset:
            // 0x%lx from 0x%lx"; powerpc's in arch/powerpc/kernel/setup-common.c), each registered on panic_notifier_list
            // and printed from nowhere else. panic() runs the
            // notifiers after __crash_kexec(), or before it with crash_kexec_post_notifiers (which Hyper-V guests set):
            // a panic happened even when the console does not show its "Kernel panic - not syncing" line (round 24: a
            // SysRq-c panic posted from its call trace on). Whether kdump was loaded the line does not say. Only a
            // crash not confirmed yet is confirmed by it; a panic line already did, and a jump makes it someone else's.
            if (_attempt is not { } open || !open.Jumped && !(open.FirstKernel == _boot && open.Confirmed))
            {
                Attempt a = AttemptAt(n);
                a.Confirm(n);
                a.Add(n, at, "panic notifiers (Kernel Offset)");
            }
            return;
        }
        if (IsPanicLine(text))
        {
            Attempt a = AttemptAt(n);
            a.Confirm(n);
            a.PanicMessage ??= Clip(After(text, "not syncing") is { } m ? m.TrimStart(": ") : text);
            a.Add(n, at, "panic");
            return;
        }
        if (Has(text, "Starting crashdump kernel") || Has(text, "Loading crashdump kernel"))
        {
            // arm64/riscv/loongarch machine_crash_shutdown: printed only on the way into the capture kernel; 32-bit arm's
            // says "Loading crashdump kernel...\n" (arch/arm/kernel/machine_kexec.c machine_crash_shutdown: printk(KERN_INFO …),
            // pr_info now), and its machine_kexec then prints "Bye!" as arm64's does (round 19: a Raspberry Pi 4's crash kernel).
            Attempt a = AttemptAt(n);
            a.Confirm(n);
            a.Jumped = true;
            a.Add(n, at, "starting crashdump kernel");
            return;
        }
        if (own && Has(text, "Sending IPI to other CPUs"))
        {
            // powerpc's crash_kexec_prepare_cpus (arch/powerpc/kernel/crash.c, later arch/powerpc/kexec/crash.c):
            // printk(KERN_EMERG "Sending IPI to other CPUs\n"), reached only from default_machine_crash_shutdown (which
            // only __crash_kexec calls, with a crash image loaded) and, in later kernels, crash_smp_send_stop when
            // kexec_crash_image is set. powerpc's oops_end() prints the trace's end marker before crash_kexec(): the oops
            // was not lived through, and kdump was loaded. Not the jump yet: "ERROR: %d cpu(s) not responding" may follow,
            // and with panic_timeout 0 the kernel waits for a system reset (round 19: a RHEL 7 ppc64 console that ends
            // at "IPI complete", its kernel too old to print "Kdump: loaded").
            Attempt a = AttemptAt(n);
            a.Confirm(n);
            a.KdumpLoaded = true;
            a.LivedThrough = false;
            a.Add(n, at, "crash IPI to other CPUs");
            return;
        }
        if (own && Has(text, "Executing kexec image on cpu"))
        {
            // Xen's one_cpu_only (xen/common/kexec.c), from kexec_common_shutdown, on the way into a kexec image: the crash
            // image (kexec_crash: Xen's panic(), a dom0 crash, the 'C' debug key) or the default one (kexec_reboot, a
            // plain kexec). Which one the next line says (AfterXenKexec), unless this one does: hwdom_shutdown's
            // "Hardware Dom%u crashed: " (xen/common/shutdown.c) ends with it when kexec_crash found a crash image.
            if (Has(text, " crashed: "))
            {
                XenCrashImageJump(n, at, n, at);
            }
            else
            {
                _xenKexec = (n, at);
            }
            return;
        }
        if ((Has(text, "I'm in purgatory") || own && Has(text, "kexec: Starting switchover sequence")) && _attempt is { } crashed && crashed.FirstKernel == _boot)
        {
            // kexec-tools' purgatory and ppc64's switchover print on every kexec, a plain "kexec -e" reboot too: they
            // are a jump into the capture kernel only after a crash.
            crashed.Confirm(n);
            crashed.Jumped = true;
            // An oops whose trace had ended looked lived through (TraceEnded); the kexec says it was not, and the words
            // only a dump needs (purgatory's next) are looked for again.
            crashed.LivedThrough = false;
            crashed.Landed |= Has(text, "I'm in purgatory");
            crashed.Add(n, at, Has(text, "purgatory") ? "purgatory" : "kexec switchover");
            return;
        }
        if (text.Trim().SequenceEqual("Bye!") && _attempt is { Jumped: true } jumped)
        {
            jumped.Landed = true;
            jumped.Add(n, at, "bye");
            return;
        }
        if (_attempt is { Confirmed: false, Jumped: false, LivedThrough: false, LastCrashLine: > 0 } oops && oops.FirstKernel == _boot
            && n - oops.LastCrashLine <= OopsHeaderLines && KilledTask(text) is { } killed)
        {
            // The oops's CPU: line (lib/dump_stack.c dump_stack_print_info: "CPU: %d PID: %d Comm: %.20s …", with "UID: %u"
            // before PID: in recent kernels) names the task the oops kills: die()/oops_end() end in make_task_dead(), which panics
            // for the idle task ("Attempted to kill the idle task!", pid 0) and in interrupt context ("Aiee, killing
            // interrupt handler!", after oops_end's own "Fatal exception in interrupt"), and do_exit() panics when the
            // last thread of global init exits ("Attempted to kill init!", is_global_init: tgid 1; pid 1 is init's
            // first thread, the only one while the kernel boots). An oops in pid 0 or 1 is not lived through even when
            // the console ends before the panic line (round 21: a RHEL 8 ppc64le oops in swapper/0, pid 1, 0.29 s into a
            // boot, the copy cut in its registers).
            oops.Confirm(n);
            oops.Add(n, at, killed);
        }
        if (own && Has(text, "Kdump: loaded"))
        {
            // RHEL kernels print it on the oops's CPU line (dump_stack_print_info).
            _boot.SetArmed(true, "capture kernel loaded (Kdump: loaded)", n, at, null);
            if (_attempt is { } a && a.FirstKernel == _boot)
            {
                a.KdumpLoaded = true;
            }
            return;
        }
        if (crashStart)
        {
            Attempt a = AttemptAt(n);
            a.LastCrashLine = n;
            if (a.Events.Count == 0)
            {
                a.Add(n, at, "crash report");
            }
            if (Has(text, "Trigger a crash"))
            {
                // sysrq-c (drivers/tty/sysrq.c, action_msg "Trigger a crash"): sysrq_handle_crash sets panic_on_oops = 1
                // ("force panic") before its NULL write, or calls panic() outright in later kernels, so the oops after it
                // is one the kernel does not live through even when the console ends before the panic line.
                a.PanicForced = true;
            }
            else if (a.PanicForced)
            {
                // That oops: the attempt is fatal from its first line, the first line of the report that holds it (the
                // reader gives a story to the report its fatal line is in; the sysrq line comes before the report).
                a.Confirm(n);
            }
        }
    }

    // The line after Xen's "Executing kexec image on cpu%u" (ReadCrash): kexec_crash goes on to machine_crash_shutdown,
    // whose nmi_shootdown_cpus (xen/arch/x86/crash.c) prints "Shot down all CPUs" or "Failed to shoot down CPUs {%s}";
    // kexec_reboot prints neither. Those lines hold no anchor: the tracker reads the one line after the kexec line
    // (KdumpTracker.ReadLine). Xen's own crash report ("Panic on CPU %d:", xen/drivers/char/console.c panic) holds no
    // word the tracker reads, so the attempt starts at the kexec line (round 19: Xen 4.14 after an S3 resume).
    private void AfterXenKexec(ReadOnlySpan<char> text, (long Line, DateTimeOffset At) kexec, long n, DateTimeOffset at)
    {
        if (Has(text, "Shot down all CPUs") || Has(text, "Failed to shoot down CPUs"))
        {
            XenCrashImageJump(kexec.Line, kexec.At, n, at);
        }
    }

    private void XenCrashImageJump(long kexecLine, DateTimeOffset kexecAt, long n, DateTimeOffset at)
    {
        Attempt a = AttemptAt(kexecLine);
        a.Confirm(kexecLine);
        a.Jumped = true;
        a.LivedThrough = false;
        a.Add(kexecLine, kexecAt, "xen executing crash image");
        if (n != kexecLine)
        {
            a.Add(n, at, "xen shot down cpus");
        }
    }

    private static bool XenHardwareDomainCrashWentOn(ReadOnlySpan<char> text) =>
        (Has(text, "Domain 0 crashed: ") || Has(text, "Hardware Dom") && Has(text, " crashed: "))
        && (Has(text, "crashed: rebooting machine in") || Has(text, "crashed: 'noreboot' set"));

    // How far below the crash header the report's CPU: line may be: x86 prints it right after "Oops:", powerpc after the
    // "LE SMP … pSeries" and "Modules linked in:" lines, arm64 two lines after "Internal error: Oops" (each a crash
    // header the attempt's LastCrashLine follows); room for a modules list a mail client wrapped.
    private const int OopsHeaderLines = 10;

    // The task an oops's CPU: line says it runs in, when the kernel cannot live through killing it: the idle task (pid 0)
    // or global init's first thread (pid 1); null for any other (KdumpTracker.ReadCrash). The line holds "PID: %d Comm: "
    // as every dump_stack_print_info since 3.x prints it (recent kernels print "UID: %u " before it).
    private static string? KilledTask(ReadOnlySpan<char> text) =>
        !Has(text, "CPU: ") ? null
        : Has(text, " PID: 1 Comm: ") ? "oops kills init (pid 1)"
        : Has(text, " PID: 0 Comm: ") ? "oops in the idle task (pid 0)"
        : null;

    // panic() prints "Kernel panic - not syncing: %s" itself (kernel/panic.c pr_emerg); the same words in quotes are
    // someone quoting a panic: the crash utility's summary of a saved dump (crash kernel.c display_sys_stats:
    // "       PANIC: \"%s\"" with the panic message), a test log, a mail.
    private static bool IsPanicLine(ReadOnlySpan<char> text)
    {
        int at = text.IndexOf("Kernel panic - not syncing", StringComparison.Ordinal);
        return at >= 0 && (at == 0 || text[at - 1] is not ('"' or '\'' or '`' or '“'));
    }

    // The report's first line as the kernel prints it, at the start of the line; leading blanks are a paste's indentation
    // (round 12: a mail indents its console four spaces and has no printk times for LinePrefix to take off).
    private static bool IsCrashStart(ReadOnlySpan<char> line) => IsCrashStartAtLineStart(line.TrimStart(' '));

    private static bool IsCrashStartAtLineStart(ReadOnlySpan<char> text) =>
        text.StartsWith("Oops", StringComparison.Ordinal) || text.StartsWith("Internal error:", StringComparison.Ordinal)
        || text.StartsWith("BUG: unable to handle", StringComparison.Ordinal) || text.StartsWith("BUG: kernel NULL", StringComparison.Ordinal)
        || text.StartsWith("kernel BUG at", StringComparison.Ordinal) || Has(text, "general protection fault")
        || text.StartsWith("Unable to handle kernel", StringComparison.Ordinal) || Has(text, "Trigger a crash");

    private Attempt AttemptAt(long n)
    {
        if (_attempt is { } open && open.FirstKernel == _boot)
        {
            // A crash line again: the attempt is followed as a possible dump again (TraceEnded).
            open.LivedThrough = false;
            return open;
        }
        if (_attempt is { } old)
        {
            Emit(old.Finish(rebooted: true));
        }
        _attempt = new Attempt(n, _boot);
        return _attempt;
    }
}
