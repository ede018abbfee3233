namespace SolWatch.Parsers.Kdump;

// Part of KdumpTracker (its overview is in KdumpTracker.cs): boots: each kernel banner and command line, and whether the boot is a first kernel or a capture kernel.
public sealed partial class KdumpTracker
{
    private void OnBanner(long n, DateTimeOffset at)
    {
        if (!_boot.HasBanner && _boot.FadumpActiveLine is { } active && !(_boot.CommandLineLine > active))
        {
            // ppc64: early_setup runs early_init_devtree (arch/powerpc/kernel/prom.c) before start_kernel prints the
            // banner, and there the firmware's dump node is scanned (rtas-fadump.c/opal-fadump.c: "Firmware-assisted
            // dump is active.") and fadump_reserve_mem prints its own and "Reserving %lluMB of memory at %#016llx for
            // preserving crash data". The banner after those lines, with no command line of start_kernel's between, is
            // the same fadump boot's, not the next one (round 20: a PowerVM LPAR's whole fadump boot as attached).
            _boot.HasBanner = true;
            _boot.Events.Add(new KdumpEvent(n, at, "kernel banner"));
            return;
        }
        CloseBoot(ending: false);
        _collectorError = null;
        _report = null;
        _boot = new Boot(n, banner: true);
        _boot.Events.Add(new KdumpEvent(n, at, "kernel banner"));
    }

    // The boot before a new banner (or the end): its readiness is final, and a capture kernel's attempt is over.
    private void CloseBoot(bool ending)
    {
        Boot old = _boot;
        _previousBoot = old;
        if (_attempt is { CaptureEnded: > 0 } restarted && !ending)
        {
            // The capture kernel restarted (ReadCaptureKernel) and the boot after it ends too: the machine came back.
            Emit(restarted.Finish(rebooted: true));
            _attempt = null;
        }
        old.Capture ??= _attempt is { CaptureEnded: 0 } open && open.FirstKernel != old && open.Jumped;
        if (old.Capture == true)
        {
            if (_attempt is { } a && !ending)
            {
                Emit(a.Finish(rebooted: true));
                _attempt = null;
            }
            return;
        }
        if (old.Evidence)
        {
            Emit(old.Readiness());
            _lastFirstKernel = old;
        }
        if (_attempt is { } pending && pending.FirstKernel == old && !pending.Confirmed && !pending.KdumpLoaded)
        {
            // An oops the kernel lived through: not a crash that could have been dumped. (With kdump loaded the next
            // boot may be its capture kernel, which confirms it; a first kernel drops it, BootIsFirstKernel.) Kept aside
            // for that next boot alone: kernels before dump_stack printed "Kdump: loaded" never say it (BootIsCapture).
            _droppedOops = pending;
            _attempt = null;
        }
    }

    private void OnCommandLine(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        _boot.CommandLineLine = n;
        int colon = text.IndexOf("ommand line:", StringComparison.Ordinal) + "ommand line:".Length;
        ReadOnlySpan<char> args = text[colon..];
        if (ReadCommandLineArgs(args, n, at))
        {
            return;
        }
        if (args.EndsWith(' ') && args.Trim().Length > 0)
        {
            // A mail client's soft line break: format=flowed (RFC 3676 §4.2) and the clients that wrap plain text at a
            // space keep the space at the end of the broken line. The kernel prints its command line on one line
            // (init/main.c start_kernel: "Kernel command line: %s\n"), so a wrapped paste may carry the capture kernel's
            // elfcorehdr= on the next lines (round 19: 2.6.12 and 2.6.13 kdump kernels posted by mail). Which kernel
            // runs is decided when the continuation ends (ReadCommandLineContinuation).
            _commandLineWraps = true;
            return;
        }
        DecideFirstKernel();
    }

    // The command line's arguments, or a wrapped paste's continuation of them: true when they name a capture kernel
    // (and the boot is made one); otherwise the first kernel's settings are taken from them.
    private bool ReadCommandLineArgs(ReadOnlySpan<char> args, long n, DateTimeOffset at)
    {
        // x86 and ppc64 kexec put elfcorehdr= on the capture kernel's command line; arm64 passes it in the device tree,
        // so there only the kdump tools' own additions tell: reset_devices (kdump-utils, Debian, SUSE, the lab). A wrapped
        // paste's continuation may start with it.
        if (Has(args, "elfcorehdr=") || Has(args, " reset_devices") || args.TrimStart().StartsWith("reset_devices", StringComparison.Ordinal)
            || Has(args, "kdump-tools-dump.service"))
        {
            _boot.Events.Add(new KdumpEvent(n, at, "capture kernel command line"));
            BootIsCapture(n, at);
            return true;
        }
        foreach (Range r in args.Split(' '))
        {
            ReadOnlySpan<char> arg = args[r];
            if (arg.StartsWith("crashkernel=", StringComparison.Ordinal))
            {
                _boot.CrashKernelArgument = arg["crashkernel=".Length..].ToString();
                _boot.Evidence = true;
            }
            else if (arg.StartsWith("panic=", StringComparison.Ordinal) && int.TryParse(arg[6..], out int p))
            {
                _boot.PanicTimeout = p;
            }
            else if (arg.SequenceEqual("oops=panic") || arg.StartsWith("panic_on_oops=1", StringComparison.Ordinal))
            {
                _boot.PanicOnOops = true;
            }
            else if (arg.StartsWith("fadump=on", StringComparison.Ordinal))
            {
                _boot.Evidence = true;
                _boot.Events.Add(new KdumpEvent(n, at, "fadump=on"));
            }
        }
        return false;
    }

    // The line after a command line that ended in a soft break (OnCommandLine). A continuation is what a mail client cut
    // off: arguments only (at least one '=', no quote, no "word:" outside an argument's value), which no message the
    // kernel prints after its command line is ("Unknown kernel command line parameters \"…\", will be passed to user
    // space.", "Dentry cache hash table entries: …"). Its prefix is not looked at: a paste carried by syslog or a
    // journal tags every piece alike. True when the line was one (read as arguments); otherwise the command line ended
    // on the line before, and the line is read as itself.
    private bool ReadCommandLineContinuation(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        if (!IsArgumentsOnly(text))
        {
            DecideFirstKernel();
            return false;
        }
        if (ReadCommandLineArgs(text, n, at))
        {
            return true;
        }
        if (text.EndsWith(' '))
        {
            _commandLineWraps = true;
            return true;
        }
        DecideFirstKernel();
        return true;
    }

    private static bool IsArgumentsOnly(ReadOnlySpan<char> text)
    {
        if (!text.Contains('=') || text.Contains('"'))
        {
            return false;
        }
        foreach (Range r in text.Split(' '))
        {
            ReadOnlySpan<char> arg = text[r];
            int colon = arg.IndexOf(':');
            if (colon >= 0 && (arg.IndexOf('=') is var eq && (eq < 0 || eq > colon)))
            {
                // "entries:" or "level:" is a message's; "ip=10.0.0.2::10.0.0.1:…" an argument's value.
                return false;
            }
        }
        return true;
    }

    // A command line that named no capture kernel: this boot is a first kernel.
    private void DecideFirstKernel()
    {
        _commandLineWraps = false;
        if (_boot.Capture is null)
        {
            _boot.Capture = false;
            BootIsFirstKernel();
        }
    }

    private void BootIsCapture(long n, DateTimeOffset at)
    {
        if (_boot.Capture == true)
        {
            return;
        }
        _boot.Capture = true;
        if (_attempt is null && _droppedOops is { } oops && oops.FirstKernel == _previousBoot)
        {
            // A capture kernel right after a boot whose oops looked lived through: that oops was the crash. The kernel
            // boots the crash image only from __crash_kexec (kernel/kexec_core.c: panic(), and oops_end()'s
            // crash_kexec on x86 and the others), and kexec-tools puts elfcorehdr= on no other image's command line; an
            // oops without "Kdump: loaded" on its CPU line says nothing when the kernel predates that word (2.6-era
            // dump_stack printed no kexec state; round 13: a 2.6.29 ProLiant's kernel BUG, hpwdt NMIs, then its kdump
            // kernel's initramfs panic).
            oops.LivedThrough = false;
            _attempt = oops;
        }
        _droppedOops = null;
        if (_attempt is { } a && a.FirstKernel != _boot)
        {
            a.CaptureBooted(n, at);
            return;
        }
        if (_attempt is { } mine)
        {
            // The crash was in this boot as far as the console showed: the capture kernel's banner was not captured.
            mine.CaptureBooted(n, at);
            return;
        }
        // A capture kernel with no crash before it: a stack overflow or a hard hang kdump'ed with nothing printed, or a
        // console opened late. Only "no crash report" when the console did show the first kernel.
        bool sawFirstKernel = _boot.HasBanner && _boot.StartLine > 1;
        _attempt = new Attempt(_boot.HasBanner ? _boot.StartLine : n, null)
        {
            CaptureWithoutCrash = sawFirstKernel,
            // Its crashkernel size, panic= and oops=panic are the first kernel's the console showed just before: it
            // loaded this capture kernel. (Not its FirstKernel: no report of that boot is this attempt's.)
            ArmedBy = sawFirstKernel && _previousBoot is { Capture: not true, Evidence: true } before ? before : null,
        };
        _attempt.CaptureBooted(n, at);
    }

    private void BootIsFirstKernel()
    {
        _droppedOops = null;
        if (_attempt is { } a && a.FirstKernel != _boot)
        {
            // The machine came back in a normal kernel: no capture kernel ran for that crash (an oops it lived through,
            // kdump loaded or not, was no crash to dump).
            if (a.Confirmed)
            {
                Emit(a.Finish(rebooted: true));
            }
            _attempt = null;
        }
    }
}
