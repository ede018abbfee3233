using System.Globalization;

namespace SolWatch.Parsers.Hardware;

/// <summary>
/// The memory location an EDAC or CPER line gives: <c>channel:1 slot:0 page:0x… offset:0x… rank:1</c> (edac_mc.c's
/// location and the drivers' other_detail), <c>node:6 card:1 module:0 rank:1</c> (cper.c/ghes_edac.c), the 2.6
/// <c>page 0x…, offset 0x…, row 1, channel 0</c>, and what a label says (<c>CPU_SrcID#0_Ha#0_Chan#1_DIMM#0</c>,
/// <c>mc#0csrow#2channel#0</c>). The first value of a name wins: the location comes before other_detail.
/// </summary>
internal sealed class EdacFields
{
    // x86's PAGE_SHIFT: edac_mc.c prints page frame numbers.
    private const int PageShift = 12;

    private ulong? _page;
    private ulong? _offset;

    public int? Channel { get; private set; }
    public int? Dimm { get; private set; }
    public int? Rank { get; private set; }
    public int? Socket { get; private set; }

    /// <summary>page and offset as one physical address; null when no page (or page 0, which EDAC prints when unknown),
    /// or when the offset is past 4 KiB: edac_mc prints offset_in_page(), below PAGE_SIZE, so the kernel's pages are larger
    /// (arm64's 16 or 64 KiB) and the page's address cannot be known from the line.</summary>
    public ulong? Address => _page is > 0 && (_offset ?? 0) < 1UL << PageShift ? (_page.Value << PageShift) + (_offset ?? 0) : null;

    /// <summary>"name:value" pairs separated by spaces ("node: 0 card: 0" with a space after the colon too).</summary>
    public void ReadPairs(ReadOnlySpan<char> s)
    {
        while (s.Length > 0)
        {
            int colon = s.IndexOf(':');
            if (colon <= 0)
            {
                return;
            }
            int nameStart = s[..colon].LastIndexOf(' ') + 1;
            ReadOnlySpan<char> name = s[nameStart..colon];
            ReadOnlySpan<char> rest = s[(colon + 1)..].TrimStart(' ');
            int end = rest.IndexOf(' ');
            ReadOnlySpan<char> value = end < 0 ? rest : rest[..end];
            Set(name, value);
            s = end < 0 ? [] : rest[end..];
        }
    }

    /// <summary>The 2.6 form: "page 0x1f5a, offset 0x3c0, grain 8, syndrome 0x5ff0, row 1, channel 0, label …".</summary>
    public void ReadOld(ReadOnlySpan<char> s)
    {
        foreach (Range part in s.Split(','))
        {
            ReadOnlySpan<char> pair = s[part].Trim();
            int space = pair.IndexOf(' ');
            if (space > 0)
            {
                Set(pair[..space], pair[(space + 1)..]);
            }
        }
    }

    /// <summary>What a DIMM label says, where the pairs did not: SrcID# socket, Chan#/Channel#/channel# channel, DIMM# slot.</summary>
    public void ReadLabel(string? label)
    {
        if (label is null)
        {
            return;
        }
        Socket ??= After(label, "SrcID#");
        Channel ??= After(label, "Chan#") ?? After(label, "Channel#") ?? After(label, "channel#");
        Dimm ??= After(label, "DIMM#");
    }

    private void Set(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        switch (name)
        {
            case "channel":
                Channel ??= Int(value);
                break;
            case "slot":
            case "module":
            case "dimm":
                Dimm ??= Int(value);
                break;
            case "rank":
                Rank ??= Int(value);
                break;
            case "socket":
                Socket ??= Int(value);
                break;
            case "page":
                _page ??= Hex(value);
                break;
            case "offset":
                _offset ??= Hex(value);
                break;
        }
    }

    private static int? After(string label, string key)
    {
        int at = label.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        ReadOnlySpan<char> rest = label.AsSpan(at + key.Length);
        int end = 0;
        while (end < rest.Length && char.IsAsciiDigit(rest[end]))
        {
            end++;
        }
        return Int(rest[..end]);
    }

    private static int? Int(ReadOnlySpan<char> s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static ulong? Hex(ReadOnlySpan<char> s)
    {
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
        }
        return ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v) ? v : null;
    }
}
