using CsCheck;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Support;

/// <summary>Crash reports and incidents for tests: a realistic one, and CsCheck generators covering every field.</summary>
public static class Reports
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 7, 53, 1, TimeSpan.Zero);

    public static CrashReport NullDeref(string fingerprint = "0123456789abcdef", CrashKind kind = CrashKind.Oops,
        string title = "BUG: unable to handle kernel NULL pointer dereference in sysrq_handle_crash") => new()
    {
        Kind = kind,
        Title = title,
        Fingerprint = fingerprint,
        Panicked = true,
        PanicReason = "Fatal exception",
        Ip = new InstructionPointer("ffffffff8d6c5b26", "sysrq_handle_crash", 0x16, 0x20, null),
        Frames = [new StackFrame("sysrq_handle_crash", 0x16, 0x20, null, true), new StackFrame("write_sysrq_trigger", 0x44, 0x60, "ext4", false)],
        GuiltyFrame = "sysrq_handle_crash",
        Registers = RegisterDictionary.Of(new Dictionary<string, string> { ["RAX"] = "0000000000000000", ["RIP"] = "0010:sysrq_handle_crash+0x16/0x20" }),
        Kernel = new KernelInfo("6.1.0-27-amd64", "BWO"),
        Task = new TaskInfo(0, 1234, "bash"),
        Hardware = "QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
        Modules = ["ext4", "crc16"],
        StartLine = 10,
        EndLine = 42,
        Text = "[   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000000\n  trailing spaces  ",
    };

    public static NewIncident Incident(string console = "bmc1", string? host = "node1", DateTimeOffset? at = null,
        CrashReport? report = null)
    {
        var first = at ?? T0;
        return new NewIncident(console, host, report ?? NullDeref(), first, first.AddSeconds(2),
            [new TranscriptLine(first.AddSeconds(-1), "[   11.0] sysrq: Trigger a crash"), new TranscriptLine(first, "") { IsGap = true }]);
    }

    // Any char but lone surrogates (which no UTF-8 store can keep): console text is arbitrary.
    private static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.String[Gen.Char['\0', '\uD7FF'], 0, 40]),
        (1, Gen.Const("")),
        (1, Gen.Const("  padded  ")));

    private static readonly Gen<string?> MaybeText = Gen.Frequency((1, Gen.Const<string?>((string?)null)), (3, Text.Select(s => (string?)s)));
    private static readonly Gen<long?> MaybeLong = Gen.Frequency((1, Gen.Const<long?>((long?)null)), (3, Gen.Long.Select(l => (long?)l)));
    private static readonly Gen<int?> MaybeInt = Gen.Frequency((1, Gen.Const<int?>((int?)null)), (3, Gen.Int.Select(i => (int?)i)));

    private static readonly Gen<StackFrame> Frame =
        Gen.Select(Text, MaybeLong, MaybeLong, MaybeText, Gen.Bool, (f, o, s, m, r) => new StackFrame(f, o, s, m, r));

    private static readonly Gen<InstructionPointer?> Ip = Gen.Frequency(
        (1, Gen.Const<InstructionPointer?>((InstructionPointer?)null)),
        (3, Gen.Select(MaybeText, MaybeText, MaybeLong, MaybeLong, MaybeText, (a, f, o, s, m) => (InstructionPointer?)new InstructionPointer(a, f, o, s, m))));

    private static readonly Gen<TaskInfo?> Task = Gen.Frequency(
        (1, Gen.Const<TaskInfo?>((TaskInfo?)null)),
        (3, Gen.Select(MaybeInt, MaybeInt, MaybeText, (c, p, n) => (TaskInfo?)new TaskInfo(c, p, n))));

    private static readonly Gen<RegisterDictionary> Registers =
        Gen.Dictionary(Gen.String[Gen.Char['A', 'Z'], 1, 4], Text)[0, 8].Select(RegisterDictionary.Of);

    public static readonly Gen<CrashReport> AnyReport =
        Gen.Select(
            Gen.Select(Gen.Enum<CrashKind>(), Text, Gen.String[Gen.Char['0', 'f'], 16, 16], Gen.Bool, MaybeText, Gen.Bool, MaybeText),
            Gen.Select(Ip, Frame.Array[0, 6], MaybeText, Registers, MaybeText, MaybeText, Task),
            Gen.Select(MaybeText, Text.Array[0, 5], Gen.Long, Gen.Long, Text),
            (a, b, c) => new CrashReport
            {
                Kind = a.Item1, Title = a.Item2, Fingerprint = a.Item3, Panicked = a.Item4, PanicReason = a.Item5,
                Corrupted = a.Item6, CorruptedReason = a.Item7,
                Ip = b.Item1, Frames = [.. b.Item2], GuiltyFrame = b.Item3, Registers = b.Item4,
                Kernel = new KernelInfo(b.Item5, b.Item6), Task = b.Item7,
                Hardware = c.Item1, Modules = [.. c.Item2], StartLine = c.Item3, EndLine = c.Item4, Text = c.Item5,
            });

    public static readonly Gen<NewIncident> AnyIncident =
        Gen.Select(Text, MaybeText, AnyReport, Gen.Long[0, DateTime.MaxValue.Ticks - 1], Gen.Select(Gen.Long[0, DateTime.MaxValue.Ticks - 1], Text, Gen.Bool).Array[0, 4],
            (console, host, report, ticks, context) => new NewIncident(
                console, host, report, new DateTimeOffset(ticks, TimeSpan.Zero), new DateTimeOffset(ticks, TimeSpan.Zero),
                [.. context.Select(c => new TranscriptLine(new DateTimeOffset(c.Item1, TimeSpan.Zero), c.Item2) { IsGap = c.Item3 })]));

    /// <summary>Field-by-field equality (the records hold ImmutableArray/ImmutableSortedDictionary, compared by reference).</summary>
    public static void AssertSame(CrashReport expected, CrashReport actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Fingerprint, actual.Fingerprint);
        Assert.Equal(expected.Panicked, actual.Panicked);
        Assert.Equal(expected.PanicReason, actual.PanicReason);
        Assert.Equal(expected.Corrupted, actual.Corrupted);
        Assert.Equal(expected.CorruptedReason, actual.CorruptedReason);
        Assert.Equal(expected.Ip, actual.Ip);
        Assert.Equal(expected.Frames.AsEnumerable(), actual.Frames.AsEnumerable());
        Assert.Equal(expected.GuiltyFrame, actual.GuiltyFrame);
        Assert.Equal(expected.Registers.AsEnumerable(), actual.Registers.AsEnumerable());
        Assert.Equal(expected.Kernel, actual.Kernel);
        Assert.Equal(expected.Task, actual.Task);
        Assert.Equal(expected.Hardware, actual.Hardware);
        Assert.Equal(expected.Modules.AsEnumerable(), actual.Modules.AsEnumerable());
        Assert.Equal(expected.StartLine, actual.StartLine);
        Assert.Equal(expected.EndLine, actual.EndLine);
        Assert.Equal(expected.Text, actual.Text);
    }

    public static void AssertSame(NewIncident expected, Incident actual)
    {
        Assert.Equal(expected.Console, actual.Console);
        Assert.Equal(expected.Host, actual.Host);
        Assert.Equal(expected.FirstLineAt, actual.FirstLineAt);
        Assert.Equal(expected.LastLineAt, actual.LastLineAt);
        Assert.Equal(expected.Context.AsEnumerable(), actual.Context.AsEnumerable());
        AssertSame(expected.Report, actual.Report);
    }
}
