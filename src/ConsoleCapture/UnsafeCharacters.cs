namespace SolWatch.ConsoleCapture;

/// <summary>
/// The characters a terminal or a log reader acts on instead of showing: the one definition behind the CLI's escaping
/// (<see cref="Cli.TerminalText"/>) and the log's (<see cref="Hosting.LogSafe"/>), so both refuse the same set.
/// </summary>
internal static class UnsafeCharacters
{
    /// <summary>
    /// C0 controls (tab included: callers that keep tabs say so), DEL and C1 (U+009B is CSI, U+009D OSC, U+0090 DCS),
    /// the bidirectional marks, embeddings, overrides and isolates (Unicode TR #9: U+061C, U+200E/F, U+202A–E,
    /// U+2066–9), and the line and paragraph separators (line breaks to some terminals).
    /// </summary>
    public static bool IsControl(char c) => c switch
    {
        < ' ' => true,
        >= '\u007f' and <= '\u009f' => true,
        '\u061c' or '\u200e' or '\u200f' => true,
        >= '\u202a' and <= '\u202e' => true,
        >= '\u2066' and <= '\u2069' => true,
        '\u2028' or '\u2029' => true,
        _ => false,
    };
}
