namespace SolWatch.Parsers.Kdump;

/// <summary>
/// `systemctl status` and `systemctl list-units` output about the kdump arming units, as pasted into bug reports and
/// test logs: the unit's own state, which says whether the service that loads the capture kernel failed.
/// </summary>
/// <remarks>
/// The formats, from systemd's src/systemctl/systemctl-show.c print_status_info:
/// <code>
/// ● kdump.service - Crash recovery kernel arming          "%s%s%s %s" (colour, glyph, colour, id), " - %s" (description)
///      Loaded: loaded (/usr/lib/…/kdump.service; enabled; vendor preset: enabled)
///   Transient: yes                                        (only for transient units)
///     Drop-In: /usr/lib/systemd/system/service.d          (one line per directory, then its files)
///              └─10-timeout-abort.conf
///      Active: failed (Result: exit-code) since …         "     Active: %s (%s)" state and sub-state, " (Result: %s)"
/// </code>
/// The glyph is unit_active_state_to_glyph's: ● (active; "*" without UTF-8), ○ (inactive, "o"), × (failed, "x"), ↻
/// (reloading); systemd before 2013 printed none, and a copy may mangle it ("���"). The property column moved (3 spaces
/// before "Active:" up to systemd 245, 5 after), so only the words are read. `Active:` comes after Loaded:, Transient:
/// and the drop-in lines, before every other property, so it is at most <see cref="ActiveWithin"/> lines after the
/// header. list-units (src/systemctl/systemctl-list-units.c output_units_list) prints the columns UNIT LOAD ACTIVE SUB
/// DESCRIPTION, each padded with spaces: "● kdump.service  loaded failed failed Crash recovery kernel arming".
/// </remarks>
internal static class SystemctlStatus
{
    /// <summary>The units that load (arm) the capture kernel: kdump-utils' and openSUSE kdump's kdump.service, Debian's
    /// kdump-tools.service. (kdump-capture.service and SUSE's kdump-save run in the capture kernel.)</summary>
    private static readonly string[] ArmingUnits = ["kdump.service", "kdump-tools.service"];

    /// <summary>Header, Follows:, Loaded:, Transient:, and two drop-in directories with their file lines, then Active:.</summary>
    internal const int ActiveWithin = 8;

    /// <summary>The arming unit a `systemctl status` block starts with on this line (its header), or null.</summary>
    public static string? Header(ReadOnlySpan<char> text) =>
        UnitAfterGlyph(text, out ReadOnlySpan<char> after) is { } unit && (after.IsWhiteSpace() || after.StartsWith(" - ", StringComparison.Ordinal))
            ? unit
            : null;

    /// <summary>The state on an `Active:` line ("failed (Result: exit-code)"), without the time after it; empty when the
    /// line is no unit's Active: property.</summary>
    public static ReadOnlySpan<char> ActiveState(ReadOnlySpan<char> text)
    {
        int at = text.IndexOf("Active: ", StringComparison.Ordinal);
        if (at < 0 || !text[..at].IsWhiteSpace())
        {
            return [];
        }
        ReadOnlySpan<char> state = text[(at + "Active: ".Length)..];
        int since = state.IndexOf(" since ", StringComparison.Ordinal);
        return (since < 0 ? state : state[..since]).Trim();
    }

    /// <summary>The arming unit listed failed by `systemctl list-units`/`--failed` on this line ("kdump.service loaded
    /// failed failed …"), or null.</summary>
    public static string? ListedFailed(ReadOnlySpan<char> text)
    {
        if (UnitAfterGlyph(text, out ReadOnlySpan<char> rest) is not { } unit || rest.Length == 0 || rest[0] != ' ')
        {
            return null;
        }
        Span<Range> columns = stackalloc Range[4];
        ReadOnlySpan<char> trimmed = rest.Trim();
        int count = trimmed.Split(columns, ' ', StringSplitOptions.RemoveEmptyEntries);
        return count >= 3 && trimmed[columns[0]].SequenceEqual("loaded") && trimmed[columns[1]].SequenceEqual("failed") ? unit : null;
    }

    // The arming unit named on this line with only a glyph (IsGlyph) before it, and the text after its name; null when
    // none is.
    private static string? UnitAfterGlyph(ReadOnlySpan<char> text, out ReadOnlySpan<char> after)
    {
        foreach (string unit in ArmingUnits)
        {
            int at = text.IndexOf(unit, StringComparison.Ordinal);
            if (at >= 0 && IsGlyph(text[..at].Trim()))
            {
                after = text[(at + unit.Length)..];
                return unit;
            }
        }
        after = [];
        return null;
    }

    // Nothing, or one short token of no letters or digits (●, ×, ○, *, a mangled "���"), or the ASCII fallbacks of ○ and
    // × ("o", "x"): the glyph before the unit's name. A longer word ("Starting", "Failed to start", "units failed: [") is
    // a journal line that names the unit, not the unit's own status.
    private static bool IsGlyph(ReadOnlySpan<char> before) =>
        before.Length == 0
        || before.SequenceEqual("o") || before.SequenceEqual("x")
        || before.Length <= 3 && !before.ContainsAnyExcept(Glyphs);

    private static readonly System.Buffers.SearchValues<char> Glyphs =
        System.Buffers.SearchValues.Create("●○×*↻\uFFFD");
}
