namespace SolWatch.Parsers.Kdump;

// Part of KdumpTracker (its overview is in KdumpTracker.cs): the state of one crash's dump attempt.
public sealed partial class KdumpTracker
{
    /// <summary>One crash and its dump, from the first kernel's report to the capture kernel's end.</summary>
    private sealed class Attempt(long startLine, Boot? firstKernel)
    {
        public long StartLine { get; } = startLine;
        public Boot? FirstKernel { get; } = firstKernel;
        // The first kernel whose readiness (crashkernel, panic=, oops=panic) the attempt reports: its own, else the boot
        // before a capture kernel that had no crash before it.
        public Boot? ArmedBy { get => _armedBy ?? FirstKernel; init => _armedBy = value; }
        private readonly Boot? _armedBy;
        public long EndLine { get; private set; } = startLine;
        public KdumpTimeline Events { get; } = new();
        public bool Confirmed => ConfirmedAt > 0;
        public long ConfirmedAt { get; private set; }
        public bool Jumped { get; set; }
        /// <summary>The crashed kernel's last line was seen (purgatory's, or arm64's "Bye!"): what follows is the next kernel's.</summary>
        public bool Landed { get; set; }
        public bool KdumpLoaded { get; set; }
        public bool WentOn { get; set; }
        public string WentOnTo { get; set; } = "went on to reboot";
        public bool CaptureWithoutCrash { get; set; }
        // The line the capture kernel restarted, powered off or halted on (ReadCaptureKernel); 0 while it runs or before it.
        public long CaptureEnded { get; set; }

        public bool CaptureSeen { get; private set; }
        public bool SaveStarted { get; set; }
        /// <summary>Microdroid's crash-kernel init, crashdump, is saving the vmcore (MicrodroidCrashdump).</summary>
        public bool Crashdump { get; set; }
        public bool Saved { get; set; }
        public bool SaveFailed { get; set; }
        public bool MakedumpfileFailed { get; set; }
        public bool VersionWarning { get; set; }
        public bool CaptureOom { get; set; }
        public bool AllocationFailure { get; set; }
        public string? CapturePanic { get; set; }
        public string? CaptureCrash { get; set; }
        /// <summary>A soft lockup report of the capture kernel while it read /proc/vmcore (ReadReport).</summary>
        public string? CaptureStuck { get; set; }
        public string? PanicMessage { get; set; }
        public string? ToolError { get; set; }
        public string? CollectorError { get; set; }
        public bool ServiceFailed { get; set; }
        public bool Deleted { get; set; }
        public string? ToolDetail { get; private set; }
        public string? ExitCode { get; set; }
        public string? Target { get; set; }
        public string? DumpFile { get; set; }
        /// <summary>The file makedumpfile last said it wrote, until its "makedumpfile Completed." follows.</summary>
        public string? WrittenDumpFile { get; set; }
        /// <summary>The vmcore file a core collector finished writing (makedumpfile Completed), the save script's last
        /// word not (yet) on the console.</summary>
        public string? CollectorCompleted { get; set; }
        public string? VmcorePath { get; set; }

        // The line that made this a crash the kernel could not live through: a panic, the jump, the capture kernel.
        // sysrq-c was asked for: the oops that follows is made a panic (KdumpTracker.ReadCrash).
        public bool PanicForced { get; set; }

        // The line of the latest crash report header this attempt followed ("Oops", "BUG: unable to handle"…), and
        // whether the kernel printed that report's end marker, living through it (KdumpTracker.TraceEnded).
        public long LastCrashLine { get; set; }
        public bool LivedThrough { get; set; }
        // The line of that end marker.
        public long LivedThroughLine { get; set; }

        public void Confirm(long n)
        {
            if (ConfirmedAt == 0)
            {
                ConfirmedAt = n;
            }
        }

        public void Add(long n, DateTimeOffset at, string what)
        {
            Events.Add(new KdumpEvent(n, at, what));
            EndLine = Math.Max(EndLine, n);
        }

        public void CaptureBooted(long n, DateTimeOffset at)
        {
            if (!CaptureSeen)
            {
                CaptureSeen = true;
                Confirm(n);
                Add(n, at, "capture kernel booted");
            }
        }

        // makedumpfile's ERRMSG lines ("readpage_elf: Attempt to read non-existent page at 0x…", "write_buffer: Can't
        // write the dump file(…). No space left on device") name their function first and no common word.
        public void NoteToolError(ReadOnlySpan<char> text)
        {
            if (ToolDetail is not null)
            {
                return;
            }
            ReadOnlySpan<char> said = ToolMessage(text) is { Length: > 0 } m ? m : text.Trim();
            if (said.StartsWith("Can't write the ", StringComparison.Ordinal) && Has(said, " file("))
            {
                // makedumpfile.c write_and_check_space (since 2f5697e, 2021, makedumpfile 1.7.0): MSG("\nCan't write the
                // %s file(%s). %s\n", desc, file_name, strerror(errno)), without ERRMSG's function name ("No space left
                // on device" sets flag_nospace).
                ToolDetail = Clip(said).TrimEnd('.');
                return;
            }
            for (int i = 0; i + 2 < said.Length; i++)
            {
                if (said[i] != ':' || said[i + 1] != ' ')
                {
                    continue;
                }
                int start = i;
                while (start > 0 && (char.IsAsciiLetterLower(said[start - 1]) || char.IsAsciiDigit(said[start - 1]) || said[start - 1] == '_'))
                {
                    start--;
                }
                ReadOnlySpan<char> message = said[(i + 2)..];
                if (i - start >= 3 && said[start..i].Contains('_') && (Has(message, "Can't") || Has(message, "Attempt") || Has(message, "No space")
                    || message.Contains("fail", StringComparison.OrdinalIgnoreCase) || Has(message, "Invalid") || Has(message, "not ")))
                {
                    ToolDetail = Clip(said[start..]).TrimEnd('.');
                    return;
                }
            }
        }

        public TimeSpan? Stalled { get; set; }

        // ended: the story is over (the machine rebooted, or the console ended); else it is told as still unfolding.
        public KdumpFinding Finish(bool rebooted, bool ended = true)
        {
            bool? armed = CaptureSeen || Jumped || KdumpLoaded ? true : FirstKernel?.Armed;
            long? bytes = ArmedBy?.CrashKernelBytes;
            string size = bytes is { } b ? CrashKernelSize.Format(b) : null!;
            string path = VmcorePath ?? (Target is { } t ? t.TrimEnd('/') + "/vmcore" : CollectorCompleted is { } f ? RenamedOnSuccess(f) : DumpFile)!;
            (KdumpOutcome outcome, string reason) = Decide(armed, rebooted, ended, size);
            if (outcome == KdumpOutcome.NotArmed)
            {
                armed = false;
            }
            if (CaptureWithoutCrash)
            {
                reason = "capture kernel booted with no crash report on the console; " + reason;
            }
            return new KdumpFinding(
                KdumpFindingKind.DumpAttempt, StartLine, EndLine, armed, outcome, reason, bytes,
                // makedumpfile's "The dumpfile is saved to %s." then "makedumpfile Completed." name the file it wrote even
                // when no save script said "saving" first (a distribution's own capture service, round 22): the path goes
                // with the verdict it gives.
                Saved || SaveStarted || SaveFailed || CollectorCompleted is not null ? path : null, ArmedBy?.PanicTimeout, ArmedBy?.PanicOnOops,
                CaptureWithoutCrash, Events.ToArray());
        }

        private (KdumpOutcome, string) Decide(bool? armed, bool rebooted, bool ended, string? size)
        {
            string tooSmall = size is null ? "the crashkernel reservation is too small for this kernel" : $"crashkernel={size} is too small for this kernel";
            if (Deleted)
            {
                return (KdumpOutcome.SaveFailed, "the vmcore was deleted after saving: less free space than KDUMP_FREE_DISK_SIZE was left");
            }
            if (Saved && !SaveFailed)
            {
                string where = VmcorePath ?? (Target is { } t ? t.TrimEnd('/') + "/vmcore" : DumpFile)
                    ?? (Crashdump ? "the host (Microdroid's crashdump copied /proc/vmcore to /dev/hvc1 and rebooted)" : "the dump target");
                return (KdumpOutcome.Saved, $"vmcore saved to {where}");
            }
            if (SaveFailed || MakedumpfileFailed && !Saved)
            {
                string why = ToolDetail is { } d ? $"makedumpfile failed: {d}"
                    : MakedumpfileFailed && VersionWarning ? "makedumpfile failed: kernel version not supported"
                    : MakedumpfileFailed ? "makedumpfile failed"
                    : ToolError ?? CollectorError ?? (ExitCode is { } c ? $"saving vmcore failed (exit code {c})"
                        : ServiceFailed && !SaveStarted ? "the kdump save service (kdump.sh) failed before saving the vmcore" : "saving vmcore failed");
                if (ToolError is { } e && why != e && ToolDetail is null && !MakedumpfileFailed)
                {
                    why = e;
                }
                return (KdumpOutcome.SaveFailed, why);
            }
            if (CaptureOom)
            {
                return (KdumpOutcome.CaptureKernelFailed, $"capture kernel ran out of memory while booting: {tooSmall}");
            }
            if (CapturePanic is { } p)
            {
                return (KdumpOutcome.CaptureKernelFailed, $"capture kernel panicked: {p}");
            }
            if (CaptureCrash is { } c2)
            {
                return (KdumpOutcome.CaptureKernelFailed, $"capture kernel crashed: {c2}");
            }
            if (CaptureStuck is { } stuck)
            {
                return (KdumpOutcome.CaptureKernelFailed, $"capture kernel stuck reading /proc/vmcore: {stuck}");
            }
            if (ToolError is { } err)
            {
                return (KdumpOutcome.SaveFailed, err);
            }
            if (CollectorCompleted is { } file)
            {
                return (KdumpOutcome.Saved, $"vmcore saved to {RenamedOnSuccess(file)} (makedumpfile completed; the save script's last word is not on the console)");
            }
            if (CaptureSeen)
            {
                if (rebooted)
                {
                    return SaveStarted
                        ? (KdumpOutcome.SaveFailed, "the capture kernel rebooted while saving the vmcore (no completion)")
                        : (KdumpOutcome.CaptureKernelFailed, AllocationFailure
                            ? $"capture kernel rebooted before saving, after page allocation failures: {tooSmall}"
                            : "capture kernel rebooted before the save ran");
                }
                if (Stalled is { } quiet)
                {
                    return SaveStarted
                        ? (KdumpOutcome.SaveFailed, $"the capture kernel has printed nothing for {Minutes(quiet)} while saving the vmcore: hung?")
                        : (KdumpOutcome.CaptureKernelFailed, $"the capture kernel has printed nothing for {Minutes(quiet)} while booting: hung?");
                }
                // kdump.sh's dump_fs prints "saving to <target>" as its save begins (then vmcore-dmesg, then the vmcore).
                return (KdumpOutcome.Unknown, (SaveStarted || Target is not null, ended) switch
                {
                    (true, true) => "the console ends while the capture kernel saves the vmcore",
                    (false, true) => "the console ends while the capture kernel boots",
                    (true, false) => "the capture kernel is saving the vmcore",
                    (false, false) => "the capture kernel is booting",
                });
            }
            if (WentOn)
            {
                return armed == true
                    ? (KdumpOutcome.CaptureKernelFailed, "kdump was loaded, but the crashing kernel did not jump into the capture kernel")
                    // The panic going on is the console's own proof; the readiness's why (read from a kexec or
                    // service line that need not be about this kernel's capture kernel) only explains it.
                    : (KdumpOutcome.NotArmed, FirstKernel?.NotArmedReason is { } r
                        ? $"no capture kernel was loaded: the panic {WentOnTo} ({r})"
                        : $"no capture kernel was loaded: the panic {WentOnTo}");
            }
            if (armed == false)
            {
                return (KdumpOutcome.NotArmed, FirstKernel?.NotArmedReason ?? "no capture kernel was loaded");
            }
            if (rebooted)
            {
                return armed == true
                    ? (KdumpOutcome.CaptureKernelFailed, "kdump was loaded, but the machine came back without a capture kernel on the console")
                    : (KdumpOutcome.Unknown, "the machine rebooted after the crash; nothing on the console says whether kdump was armed");
            }
            if (Stalled is { } hung)
            {
                return (KdumpOutcome.CaptureKernelFailed, Jumped
                    ? $"jumped into the capture kernel, which has printed nothing for {Minutes(hung)}: hung?"
                    : $"kdump was loaded, but no capture kernel has appeared on the console for {Minutes(hung)}");
            }
            if (!ended)
            {
                return (KdumpOutcome.Unknown, Jumped
                    ? "jumped into the capture kernel; waiting for it to boot"
                    : armed == true ? "kdump was loaded; waiting for the capture kernel" : "nothing on the console says yet whether kdump was armed");
            }
            return Jumped
                ? (KdumpOutcome.Unknown, "jumped into the capture kernel; the console ends before it booted")
                : (KdumpOutcome.Unknown, armed == true
                    ? "kdump was loaded; the console ends after the crash"
                    : "the console ends after the crash; nothing on it says whether kdump was armed");
        }

        // kdump-utils writes the core collector's output to vmcore-incomplete and renames it to vmcore once the collector
        // exits 0 (dracut-kdump.sh save_vmcore_fs); other names are kept as makedumpfile said them.
        private static string RenamedOnSuccess(string file) =>
            file.EndsWith("/vmcore-incomplete", StringComparison.Ordinal) ? file[..^"-incomplete".Length] : file;

        private static string Minutes(TimeSpan t) =>
            t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalSeconds:0} s";
    }
}
