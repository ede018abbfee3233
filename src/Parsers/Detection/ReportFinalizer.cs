using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SolWatch.Parsers.Detection.Rules;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Detection;

/// <summary>Turns the lines of a finished report into a <see cref="CrashReport"/>: rule, title, corruption, fields.</summary>
internal static partial class ReportFinalizer
{
    private const string PanicMarker = "Kernel panic - not syncing";

    /// <summary>Builds the report of <paramref name="report"/>'s lines, read through <paramref name="view"/> (any
    /// view: it is pointed at these lines first).</summary>
    public static CrashReport Build(OpenReport report, ReportView view)
    {
        List<ReportLine> lines = report.Lines;
        view.Show(lines);
        string header = report.Header.HeaderText;
        string? panicReason = report.PanicReason ?? PanicReasonOf(header);

        (CrashRule rule, string[] captures, string? access) = ChooseRule(report.Header, view);
        string? frame = null;
        List<string> candidates = [];
        string? corrupted = rule.Corrupted ? "the report's first part is missing or cut" : null;
        if (rule.Stack is { } stack)
        {
            candidates = FrameExtractor.Candidates(stack, captures, view);
            frame = FrameFilters.Pick(stack.Picker, candidates);
            if (frame is not null && stack.Picker == FramePicker.First)
            {
                // The stall picker already names syscalls by their entry (sys_foo); elsewhere the entry prefix is noise.
                frame = FrameFilters.StripEntryPrefix(frame);
            }
            if (frame is null && rule.Title.Contains("{frame}", StringComparison.Ordinal))
            {
                corrupted ??= "no frame to blame could be read";
            }
        }

        string rawTitle = rule.Title
            .Replace("{frame}", frame ?? "corrupted", StringComparison.Ordinal)
            .Replace("{access}", access ?? "", StringComparison.Ordinal)
            .Replace("{reason}", panicReason ?? "", StringComparison.Ordinal)
            .Replace("{0}", captures.Length > 0 ? captures[0] : "", StringComparison.Ordinal)
            .Replace("{1}", captures.Length > 1 ? captures[1] : "", StringComparison.Ordinal);
        corrupted ??= CorruptionCheck.Check(rule, rawTitle, view);
        string title = TitleText.Sanitize(rawTitle);

        ReportFields fields = ReportFields.Read(lines, view);
        bool panicked = report.Panicked || panicReason is not null;
        InstructionPointer? ip = fields.Ip;
        if (ip is null || ip.Function is null)
        {
            // No register dump (a plain panic, a hung task): the blamed frame, else the first frame outside the
            // reporting machinery, is where the kernel was. A register dump whose instruction pointer is an address no
            // symbol names (%pS printing "0x…": arm's "PC is at 0xe3fc0000" after a jump into an ioremapped FIQ handler,
            // x86's "RIP: 0010:0x0") says where the CPU was, and it was in no function: the first frame of the trace is
            // a caller (arm's LR frame), not the instruction pointer, so only a blamed frame stands in for it.
            bool unsymbolizedIp = fields.IpNamesNoSymbol;
            StackFrame? top = fields.Frames.FirstOrDefault(f => f.Reliable && f.Function == frame)
                              ?? (unsymbolizedIp ? null : FirstOutsideMachinery(fields.Frames));
            if (top is not null)
            {
                ip = new InstructionPointer(ip?.Address, top.Function, top.Offset, top.Size, top.Module);
            }
            if (frame is not null && top?.Function != frame && !fields.Frames.Any(f => f.Reliable && f.Function == frame) && !frame.Contains(' ', StringComparison.Ordinal))
            {
                // The blamed function is only named as a caller (arm's last "from (caller+0x…)") or by an unreliable "?"
                // frame (a KASAN report cut before the reliable one): it is where the CPU was.
                ip = new InstructionPointer(ip?.Address, frame, null, null, null);
            }
            if (ip?.Function is null && fields.Frames.IsEmpty && frame is null && TrackedCaller(lines) is { } caller)
            {
                ip = new InstructionPointer(ip?.Address, caller.Function, caller.Offset, caller.Size, caller.Module);
            }
        }

        return new CrashReport
        {
            Kind = rule.Kind,
            Title = title,
            Fingerprint = Fingerprint.Of(rule.Kind, title, fields.Frames),
            Panicked = panicked,
            PanicReason = panicReason,
            Corrupted = corrupted is not null,
            CorruptedReason = corrupted,
            Ip = ip,
            Frames = fields.Frames,
            GuiltyFrame = frame,
            Registers = fields.Registers,
            Kernel = fields.Kernel,
            Task = fields.Task,
            Hardware = fields.Hardware,
            Modules = fields.Modules,
            StartLine = report.StartLine,
            EndLine = report.EndLine,
            TextLines = RawLines(lines),
        };
    }

    // The lines as the console printed them: the report's text, joined when first read (see CrashReport.Text).
    private static string[] RawLines(List<ReportLine> lines)
    {
        var raw = new string[lines.Count];
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = lines[i].Raw;
        }
        return raw;
    }

    /// <summary>The text after "Kernel panic - not syncing: ", when the header is a panic.</summary>
    public static string? PanicReasonOf(string text)
    {
        int at = text.IndexOf(PanicMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        string reason = text[(at + PanicMarker.Length)..].TrimStart(':', ' ').Trim();
        if (reason.EndsWith("]---", StringComparison.Ordinal))
        {
            reason = reason[..^4].TrimEnd();
        }
        return reason;
    }

    private static (CrashRule Rule, string[] Captures, string? Access) ChooseRule(HeaderMatch header, ReportView view)
    {
        bool kernelish = header.Line.HasKernelPrefix
                         || HeaderRecognizer.IsKernels(header.Line, header.Line.TextSpan.IndexOf(header.Group.Marker, StringComparison.Ordinal));
        CrashRule? fallback = null;
        string[] fallbackCaptures = [];
        // The rules before the first one the recognizer matched cannot match either (same header, same kernel test).
        for (int r = header.FirstRule; r < header.Group.Rules.Length; r++)
        {
            CrashRule rule = header.Group.Rules[r];
            if (rule.KernelLineOnly && !kernelish)
            {
                continue;
            }
            string[]? captures = r == header.FirstRule ? header.FirstCaptures : rule.Header.Match(header.HeaderText);
            if (captures is null)
            {
                continue;
            }
            if (rule.Requires is null)
            {
                return (rule, captures, null);
            }
            for (int i = 1; i < view.Count; i++)
            {
                if (rule.Requires(view[i]) is { } access)
                {
                    return (rule, captures, access);
                }
            }
            if (fallback is null)
            {
                fallback = rule;
                fallbackCaptures = captures;
            }
        }
        // The recognizer matched some rule of the group, so one of the two is set.
        return (fallback ?? header.Group.Rules[^1], fallbackCaptures, null);
    }

    /// <summary>The first reliable frame outside the reporting machinery that is no noreturn neighbour (see
    /// <see cref="IsNoreturnNeighbour"/>): where the kernel was, when no register dump says it.</summary>
    private static StackFrame? FirstOutsideMachinery(ImmutableArray<StackFrame> frames)
    {
        for (int i = 0; i < frames.Length; i++)
        {
            StackFrame f = frames[i];
            if (f.Reliable && !FrameFilters.IsReportingMachinery(f.Function)
                && !IsNoreturnNeighbour(f, i > 0 ? frames[i - 1].Function : null))
            {
                return f;
            }
        }
        return null;
    }

    /// <summary>
    /// A call-trace frame at offset 0 of its function: a return address is never a function's first instruction unless the
    /// call before it was the last instruction of the function above, a call to a noreturn function (panic(), vpanic(),
    /// do_exit()…), and the unwinders that print return addresses with %pS, not %pB (arm64's dump_backtrace_entry, arm's
    /// "from", riscv's print_ip_sym), then name the next function in the image: arm64's "vpanic+0xf8/0x2dc",
    /// "abort+0x0/0x4", "add_taint+0x0/0xbc". The frame printed right after an exception vector's entry frame (arm64's
    /// el1h_64_error/el1_error…, arm's __irq_svc/__dabt_svc…, riscv's handle_exception) is the interrupted pt_regs pc, not a
    /// return address, and may be a function's first instruction ("el1h_64_error+0x64/0x68", "clk_mux_val_to_index+0x0/0xc0"
    /// of an SError taken at a function's entry). Such a neighbour is no caller; it is passed over only where the IP falls
    /// back to the first frame outside the reporting machinery (no register dump), so no title changes by it.
    /// </summary>
    internal static bool IsNoreturnNeighbour(StackFrame frame, string? frameAbove) =>
        frame.Offset == 0 && (frameAbove is null || !IsExceptionEntry(frameAbove));

    /// <summary>Exception vector entry frames after which an unwinder prints the interrupted pc: arm64 entry.S
    /// (el1_sync/el1_irq/el1_error… up to 5.10, el1h_64_sync/_irq/_fiq/_error since 5.12, el0 likewise), arm entry-armv.S
    /// (__irq_svc, __dabt_svc, __pabt_svc, __und_svc, __fiq_svc and their _usr forms), riscv entry.S (handle_exception,
    /// ret_from_exception).</summary>
    internal static bool IsExceptionEntry(string function) => ExceptionEntry().IsMatch(function);

    [GeneratedRegex(@"^(?:el[01]h?_(?:64_|32_)?(?:sync|irq|fiq|error)|__(?:irq|dabt|pabt|und|fiq)_(?:svc|usr)|handle_exception|ret_from_exception)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ExceptionEntry();

    /// <summary>
    /// The function mm/slub.c print_track() names in a SLUB debug report: "INFO: Allocated in %pS age=%lu cpu=%u pid=%d"
    /// (2.6.x–5.13; "Allocated in %pS age=…" since 5.14), and "Freed in" for the free. The address is track-&gt;addr, the
    /// slab allocator entry point's _RET_IP_: its caller, the first frame outside the allocator of the stack the kernel
    /// prints after the line when it has CONFIG_STACKTRACE. A report with no stack at all (no stacktrace support, or an
    /// excerpt cut before it) still names where the object came from here; the first such line is the allocation's.
    /// </summary>
    internal static StackFrame? TrackedCaller(List<ReportLine> lines)
    {
        foreach (ReportLine line in lines)
        {
            ReadOnlySpan<char> t = line.Text.TrimStart();
            if (t.StartsWith("INFO: ", StringComparison.Ordinal))
            {
                t = t["INFO: ".Length..];
            }
            int lead = t.StartsWith("Allocated in ", StringComparison.Ordinal) ? "Allocated in ".Length
                : t.StartsWith("Freed in ", StringComparison.Ordinal) ? "Freed in ".Length : -1;
            int age = t.IndexOf(" age=", StringComparison.Ordinal);
            if (lead < 0 || age <= lead)
            {
                continue;
            }
            if (ReportLineKinds.TryFrame(t[lead..age], out Grammar.ParsedFrame f) && f.Symbol.Offset is not null
                && !FrameFilters.IsReportingMachinery(f.Symbol.Function))
            {
                return new StackFrame(f.Symbol.Function, f.Symbol.Offset, f.Symbol.Size, f.Symbol.Module, true);
            }
            return null;
        }
        return null;
    }
}
