using System.Buffers;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Framing;

namespace SolWatch.Parsers.Kdump;

/// <summary>
/// The cheap first look at every line: a line that holds none of these anchors says nothing about kdump and leaves at
/// once, so following the kdump story costs the scanner little on ordinary boot and crash text. Every rule of
/// <see cref="KdumpTracker"/> needs a line holding one of them (README.md lists the messages); a rule added later needs
/// its anchor here.
/// </summary>
/// <remarks>
/// Why so few and so short: .NET's multi-string search (Teddy) slows down as patterns are added (a first try with 31
/// whole phrases searched at about the scanner's own speed, doubling its time); one short anchor such as "dump" stands for
/// kdump, Kdump, crashdump, fadump, makedumpfile and "Saving dump". As in the detector (Detection/BatchPreScan), the
/// search runs over a whole framed batch at once (<see cref="Flag"/>), where its fixed cost per call is paid once per
/// read instead of once per line; a line pushed without a pre-scan is searched alone (<see cref="MayMatter"/>).
/// </remarks>
internal static class KdumpAnchors
{
    // Each anchor's first three characters are what the search really looks for: they are chosen rare in ordinary boot
    // text ("Unable to h", not "nable to handle", which starts like "enabled"; "reboot:", not "Restarting", which starts
    // like "Reserving"). Phrases that need no anchor of their own: "Internal error: Oops" (Oops), "System is deadlocked
    // on memory" (a panic line), "Executing final action" (kdump: prefix). "Active: " is the Active: line of a
    // `systemctl status kdump.service` block (SystemctlStatus), which names no kdump word of its own. "IPI to other CPUs"
    // is powerpc's crash IPI (KdumpTracker.ReadCrash), printed after the oops's end marker: no capture word, which an
    // oops that looked lived through stops searching for. "KDSETLED" is SUSE kdumptool's LED blinker failing in the
    // kdump initramfs ("Unable to ioctl(KDSETLED) -- are you not on the console?"), which names no kdump word.
    // "l Offset: " is panic()'s notifier line "Kernel Offset: …" (x86, arm64, riscv dump_kernel_offset), which confirms a
    // panic whose own line the console does not show; "Ker" would start the search in every "Kernel command line".
    private static readonly string[] Anchors =
    [
        "dump", "Dump", "kexec", "crash", "Crash ", "vmcore", "panic", "Linux version", "ommand line:", "Oops", "BUG",
        "general protection", "Unable to h", "Out of memory and", "Rebooting", "reboot:", "purgatory", "Bye!",
        "failure: order", "Could not find a", "elfcorehdr", "Active: ", "IPI to other CPUs", "PID: ", "KDSETLED",
        "l Offset: ",
    ];

    // Anchors common in crash text that no rule needs as such: dump_stack frames hold "dump" (about 15,500 lines of the
    // bench's crash-dense input), every report says "BUG" or "panic". Each is searched as the longer words of the rules
    // it stands for (README.md, Message formats); a rule that needs one of these anchors in another phrase adds its own
    // word (above) or a word here. "rror: " is for a tool's "Error: …"/"Fatal error: …" (ToolMessage), which the old
    // anchors let through only beside another anchor: Confirmed keeps it so.
    private static readonly Dictionary<string, string[]> Narrowed = new(StringComparer.Ordinal)
    {
        ["dump"] = ["kdump", "adump", "Firmware-assisted dump", "dumpfile", "Saving dump", "crashdump", "Crashdump", "rror: "],
        ["Dump"] = ["Kdump", "Firmware-Assisted Dump", "Dump saving", "Dumping to NFS"],
        // Every panic rule reads "Kernel panic - not syncing" (its end marker "---[ end Kernel panic - not syncing" too):
        // a bare "Kernel panic" (a mail subject, "Kernel panic on …") is no rule's, and the shared pre-scan, which leaves
        // this word to the detector's panic marker, never hands such a line over either.
        ["panic"] = ["Kernel panic - not syncing"],
        // "BUG: soft lockup": a capture kernel stuck reading /proc/vmcore (KdumpTracker.ReadReport, round 14).
        ["BUG"] = ["BUG: unable to handle", "BUG: kernel NULL", "kernel BUG at", "BUG: soft lockup"],
        // An oops's CPU: line when the task it kills is the idle task or init (KdumpTracker.KilledTask, round 21): every
        // report and dump_stack says "PID: ", only these two make an oops fatal.
        ["PID: "] = ["PID: 1 Comm: ", "PID: 0 Comm: "],
    };

    /// <summary>The anchors as listed (before the broad ones are narrowed).</summary>
    internal static IReadOnlyList<string> Listed => Anchors;

    /// <summary>The words searched for (every anchor, broad ones replaced by their narrower words), for a caller that
    /// folds them into its own batch search (Detection/BatchPreScan); a line holding one then goes to <see cref="Confirmed"/>.</summary>
    internal static readonly string[] Words =
        [.. Anchors.SelectMany(a => Narrowed.TryGetValue(a, out string[]? n) ? n : [a]).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Words only a crash's dump attempt needs (the jump, the capture kernel's fate, the reboot): the detector's batch
    /// search looks for them only while the tracker follows an attempt (KdumpTracker.WantsCaptureWords), so ordinary
    /// text pays nothing for them. (Not "Out of memory and": out_of_memory() prints it on its own line before panicking,
    /// in the first kernel too.) The oops's CPU: line naming pid 1 or 0 matters only to the oops an attempt follows.
    /// </summary>
    internal static readonly string[] CaptureWords = ["Rebooting", "purgatory", "Bye!", "failure: order", "PID: 1 Comm: ", "PID: 0 Comm: "];

    /// <summary>
    /// Words the rules need that each hold an anchor of a crash header marker: on a batch the detector pre-scans, only
    /// the lines it found a marker's anchor on are looked at for them (<see cref="HoldsDetectorWord"/>), at no search of
    /// their own. "Kernel panic - not syncing" also stands in its end marker "---[ end Kernel panic - not syncing: …".
    /// </summary>
    internal static readonly string[] DetectorWords =
    [
        "Kernel panic - not syncing", "Oops", "BUG: unable to handle", "BUG: kernel NULL", "kernel BUG at", "general protection",
        "Unable to handle", "reboot: ",
    ];

    /// <summary>
    /// Anchors standing for the tracker's own words in its batch search, each starting with three characters rare in
    /// console text (what the search looks for first): "mpfile" for "dumpfile" ("dum" starts every dump_stack frame),
    /// "x version" for "Linux version" ("Lin" starts "Link is Up"), "d line:" for "ommand line:" ("omm" starts
    /// "common"), "rash" for "crash", "Crash " and "crashdump", "rmware-" for "Firmware-assisted dump", "ve: " for
    /// "Active: " ("Act" starts systemd's "Activating swap").
    /// </summary>
    internal static readonly string[] PreferredAnchors = ["kdump", "Kdump", "adump", "mpfile", "rmware-", "Dump", "rash", "x version", "d line:", "vmcore", "kexec", "fcorehdr", "ve: "];

    /// <summary>The tracker's own words (not the detector's, not only an attempt's) as few rare anchors, for the shared
    /// batch search (Detection/BatchPreScan), which checks a line found with <see cref="MayMatter"/>.</summary>
    internal static readonly string[] OwnAnchors =
        SearchAnchors.Cover(Words.Except(CaptureWords).Where(w => !DetectorWords.Any(d => d.Contains(w, StringComparison.Ordinal))), PreferredAnchors);

    private static readonly SearchValues<string> DetectorWordSet = SearchValues.Create(DetectorWords, StringComparison.Ordinal);

    // In even sets of at most 16 words (SearchAnchors.InSets), as the detector's markers: a larger set is searched far more
    // slowly (measured: all 32 words in one set cost the boot-log bench +56 % against +43 % for the 20 listed).
    private static readonly SearchValues<string>[] WordSets = SearchAnchors.InSets(Words);

    // The anchors as listed: a line goes to the rules only when it holds one of them too, so the narrower search never
    // lets through a line the rules were not shown before.
    private static readonly SearchValues<string> AnyAnchor = SearchValues.Create(Anchors, StringComparison.Ordinal);

    /// <summary>True when <paramref name="text"/> may matter to kdump.</summary>
    public static bool MayMatter(ReadOnlySpan<char> text)
    {
        foreach (SearchValues<string> set in WordSets)
        {
            if (text.ContainsAny(set))
            {
                return Confirmed(text);
            }
        }
        return false;
    }

    /// <summary>
    /// For a line found to hold one of <see cref="Words"/>, read while no dump attempt is followed: whether it holds a
    /// word other than the <see cref="CaptureWords"/>, which matter only to an attempt: one of the tracker's own words
    /// (<see cref="HoldsOwnWord"/>) or a crash header's (<see cref="HoldsDetectorWord"/>), which together are every other
    /// word. However the line was searched (alone, in the tracker's batch search, in the detector's), it then counts the
    /// same.
    /// </summary>
    public static bool MattersWithoutAttempt(ReadOnlySpan<char> line) => HoldsOwnWord(line) || HoldsDetectorWord(line);

    // Every word but the one of panic()'s "Kernel Offset:" line (see OnlyKernelOffset).
    private static readonly SearchValues<string> WordsButKernelOffset =
        SearchValues.Create([.. Words.Where(w => w != "l Offset: ")], StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="line"/> is panic()'s "Kernel Offset:" line and holds no other word of the tracker's: read
    /// only to confirm a crash (KdumpTracker.ReadCrash), which a panic line before it in the same boot did already.
    /// </summary>
    public static bool OnlyKernelOffset(ReadOnlySpan<char> line) =>
        line.Contains("Kernel Offset: ", StringComparison.Ordinal) && !line.ContainsAny(WordsButKernelOffset);

    /// <summary><see cref="CaptureWords"/> as one search.</summary>
    internal static readonly SearchValues<string> CaptureWordSet = SearchValues.Create(CaptureWords, StringComparison.Ordinal);

    /// <summary>
    /// For a line of a batch whose pre-scan looked for every word but <see cref="CaptureWords"/> (no attempt was followed
    /// when it ran; one began within the batch): whether it may matter for the words that search left out. One small
    /// search instead of <see cref="MayMatter"/>'s over every word: a line holding any other word was flagged already.
    /// </summary>
    public static bool MayMatterForCaptureWords(ReadOnlySpan<char> line) => line.ContainsAny(CaptureWordSet) && Confirmed(line);

    private static readonly SearchValues<string> OwnAnchorSet = SearchValues.Create(OwnAnchors, StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="text"/> holds one of the tracker's own words (<see cref="OwnAnchors"/>: not only a word of
    /// a crash header, <see cref="DetectorWords"/>, or of an attempt, <see cref="CaptureWords"/>), which every readiness
    /// and save message holds.
    /// </summary>
    public static bool HoldsOwnWord(ReadOnlySpan<char> text) => text.ContainsAny(OwnAnchorSet);

    // The own anchors the boot, readiness and save rules need (KdumpTracker.Read gates them on these): all but three that
    // are own anchors for other rules' sake. "BUG: soft lockup" is a capture kernel's report (KdumpTracker.ReadReport,
    // not gated); "l Offset: " is panic()'s "Kernel Offset:" line, which only the crash rules read (KdumpTracker.ReadCrash).
    // "rror: " stands for a tool's "Error: " and "Fatal error: " (KdumpTracker.ToolMessage), which are searched as such
    // here. Why: a crash-dense console's "Internal error: Oops" lines (arm's die()), soft lockups and panics' "Kernel
    // Offset:" lines, about a quarter of the lines the tracker reads there, would otherwise each go through every
    // readiness and save rule (the "Kernel Offset:" lines alone were a tenth of what kdump cost the bench's crash-dense input).
    private static readonly SearchValues<string> RuleAnchorSet = SearchValues.Create(
        [.. OwnAnchors.Where(a => a is not ("BUG: soft lockup" or "rror: " or "l Offset: ")), "Error: ", "Fatal error: "],
        StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="text"/> holds a word of the boot, readiness or save rules (<see cref="HoldsOwnWord"/> less
    /// the words only a capture kernel's report or a tool's error line needs in another form: see RuleAnchorSet).
    /// </summary>
    public static bool HoldsRuleWord(ReadOnlySpan<char> text) => text.ContainsAny(RuleAnchorSet);

    /// <summary>For a line in which a batch search found one of <see cref="Words"/>: whether it may matter to kdump.</summary>
    public static bool Confirmed(ReadOnlySpan<char> line) => line.ContainsAny(AnyAnchor);

    /// <summary>For a line on which the detector's pre-scan found a header marker's anchor: whether it holds one of
    /// <see cref="DetectorWords"/>.</summary>
    public static bool HoldsDetectorWord(ReadOnlySpan<char> line) => line.ContainsAny(DetectorWordSet);

    /// <summary>Flags the lines of <paramref name="text"/> (line i from starts[i] to the '\n' before starts[i + 1]) that
    /// may matter.</summary>
    public static void Flag(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, Span<bool> flags)
    {
        foreach (SearchValues<string> set in WordSets)
        {
            // A find of a word of the rules needs only the anchors' check (Confirmed).
            foreach (int line in new LineFinds(text, starts, set))
            {
                flags[line] = flags[line] || Confirmed(text[starts[line]..(starts[line + 1] - 1)]);
            }
        }
    }
}
