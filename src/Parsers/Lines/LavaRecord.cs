namespace SolWatch.Parsers.Lines;

/// <summary>
/// The head of a LAVA job log's record (lava_common/log.py: one YAML list item a line, a JSON object with the time, the
/// level and the line): <c>- {"dt": "2022-09-01T10:00:00.000000", "lvl": "target", "msg": "</c>. The device's console
/// is level <c>target</c> (other consoles <c>feedback</c>); the message is a JSON string, closed by <c>"}</c>
/// (<see cref="LinePrefix"/>'s record tail).
/// </summary>
internal static class LavaRecord
{
    private const string Head = "- {\"dt\": \"";
    private const string Level = "\", \"lvl\": \"";
    private const string Message = "\", \"msg\": \"";

    /// <summary>Index of the message's first character when <paramref name="s"/> opens with a record's head, else -1.</summary>
    public static int MessageStart(ReadOnlySpan<char> s)
    {
        if (!s.StartsWith(Head, StringComparison.Ordinal))
        {
            return -1;
        }
        int i = Head.Length;
        int dt = s[i..].IndexOf('"');
        if (dt <= 0 || dt > 40 || !s[(i + dt)..].StartsWith(Level, StringComparison.Ordinal))
        {
            return -1;
        }
        i += dt + Level.Length;
        int lvl = s[i..].IndexOf('"');
        if (lvl <= 0 || lvl > 16 || !s[(i + lvl)..].StartsWith(Message, StringComparison.Ordinal))
        {
            return -1;
        }
        return i + lvl + Message.Length;
    }
}
