using System.Globalization;
using System.Text;

namespace SolWatch.ConsoleCapture.Cli;

/// <summary>
/// Makes untrusted text safe to print for people. Console text (and all that is derived from it: titles, frames,
/// panic reasons, the peers' error messages) comes from a crashed or hostile machine: an ESC or C1 sequence in it
/// can retitle the terminal, rewrite what is on the screen, or (on some terminals) answer back into the shell, and a
/// bidirectional override can make a line read differently from what it holds. Every character a terminal would act
/// on is shown as a visible escape instead: C0 controls but tab (<c>\x1b</c>, <c>\r</c>, <c>\n</c>), DEL
/// (<c>\x7f</c>), C1 controls (<c>\u009b</c>), the bidirectional embeddings, overrides, isolates and marks
/// (<c>\u202e</c>), the line and paragraph separators and unpaired surrogates. All other text, accents, Japanese,
/// box drawing included, passes unchanged.
/// </summary>
/// <remarks>
/// The human-readable output of every verb is escaped whether or not standard output is a terminal: a redirected
/// table or transcript is read later with <c>cat</c> or <c>less -R</c>, and the bytes in it are just as dangerous
/// then. Output meant to be exact has its own switches and is never escaped: <c>--json</c> (JSON escapes controls
/// itself) and <c>transcript --raw</c> (the console's bytes, byte for byte). A backslash is not escaped, so a
/// console line holding the text <c>\x1b</c> prints like an escaped ESC; <c>--json</c> tells them apart.
/// </remarks>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> with every character a terminal would act on replaced by a visible escape;
    /// the same instance when there is none (the common case costs one scan).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        int first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }
        var b = new StringBuilder(text.Length + 16);
        b.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                b.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (IsUnsafe(c))
            {
                AppendEscape(b, c);
            }
            else
            {
                b.Append(c);
            }
        }
        return b.ToString();
    }

    /// <summary>
    /// JSON text with the unsafe characters its encoder lets through raw (DEL, C1, bidirectional controls, line
    /// separators: the relaxed encoder keeps console text readable) written as <c>\uXXXX</c> escapes instead: the
    /// same JSON value, exact once parsed, and harmless when a person looks at it in a terminal. They can only occur
    /// inside strings; control characters below DEL are escaped by JSON itself (and the line ends of indented JSON
    /// are left alone).
    /// </summary>
    public static string EscapeJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        StringBuilder? b = null;
        int done = 0;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (char.IsHighSurrogate(c) && i + 1 < json.Length && char.IsLowSurrogate(json[i + 1]))
            {
                i++;
            }
            else if (c >= '\u007f' && IsUnsafe(c))
            {
                b ??= new StringBuilder(json.Length + 16);
                b.Append(json, done, i - done).Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                done = i + 1;
            }
        }
        return b is null ? json : b.Append(json, done, json.Length - done).ToString();
    }

    /// <summary>A writer that escapes (as <see cref="Escape"/>) all text written to it; only the line ends of its
    /// own <c>WriteLine</c> calls go through as line ends.</summary>
    public static TextWriter Writer(TextWriter inner) => inner as EscapingWriter ?? new EscapingWriter(inner);

    /// <summary>True for a character that is unsafe on its own (a surrogate is unsafe unless paired, see <see cref="Escape"/>).</summary>
    public static bool IsUnsafe(char c) => c != '\t' && (UnsafeCharacters.IsControl(c) || char.IsSurrogate(c));

    private static int FirstUnsafe(string text)
    {
        // Printable ASCII is never unsafe: one vectorized search skips it (nearly all console text), and the checks
        // below run from the first character outside it.
        int start = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (start < 0)
        {
            return -1;
        }
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return i;
            }
        }
        return -1;
    }

    private static void AppendEscape(StringBuilder b, char c)
    {
        switch (c)
        {
            case '\n':
                b.Append("\\n");
                break;
            case '\r':
                b.Append("\\r");
                break;
            case < '\u0080':
                b.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                break;
            default:
                b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>See <see cref="Writer"/>.</summary>
    private sealed class EscapingWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
    {
        // A high surrogate written alone waits here for its low half: together they are a character, apart they are not.
        private char? _pendingHigh;

        public override Encoding Encoding => inner.Encoding;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string NewLine
        {
            get => inner.NewLine;
            set => inner.NewLine = value;
        }

        public override void Write(char value)
        {
            if (_pendingHigh is { } high)
            {
                _pendingHigh = null;
                if (char.IsLowSurrogate(value))
                {
                    inner.Write(high);
                    inner.Write(value);
                    return;
                }
                inner.Write(Escape(high.ToString()));
            }
            if (char.IsHighSurrogate(value))
            {
                _pendingHigh = value;
                return;
            }
            if (IsUnsafe(value))
            {
                inner.Write(Escape(value.ToString()));
            }
            else
            {
                inner.Write(value);
            }
        }

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }
            FlushPending();
            inner.Write(Escape(value));
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (buffer.IndexOfAnyExceptInRange(' ', '~') < 0)
            {
                // Printable ASCII (numbers, most console text): nothing to escape, and no string to make.
                FlushPending();
                inner.Write(buffer);
                return;
            }
            Write(new string(buffer));
        }

        public override void WriteLine()
        {
            FlushPending();
            inner.WriteLine();
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            WriteLine();
        }

        public override void WriteLine(ReadOnlySpan<char> buffer) => WriteLine(new string(buffer));

        public override void WriteLine(char[] buffer, int index, int count) => WriteLine(new string(buffer, index, count));

        public override Task WriteAsync(char value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value)
        {
            FlushPending();
            return inner.WriteAsync(Escape(value));
        }

        public override Task WriteAsync(char[] buffer, int index, int count) => WriteAsync(new string(buffer, index, count));

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
            WriteAsync(new string(buffer.Span));

        public override async Task WriteLineAsync(string? value)
        {
            await WriteAsync(value);
            await inner.WriteLineAsync();
        }

        public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
            WriteLineAsync(new string(buffer.Span));

        public override Task WriteLineAsync(char[] buffer, int index, int count) => WriteLineAsync(new string(buffer, index, count));

        public override Task WriteLineAsync()
        {
            FlushPending();
            return inner.WriteLineAsync();
        }

        public override void Flush()
        {
            inner.Flush();
        }

        public override Task FlushAsync() => inner.FlushAsync();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        private void FlushPending()
        {
            if (_pendingHigh is { } high)
            {
                _pendingHigh = null;
                inner.Write(Escape(high.ToString()));
            }
        }

        // The inner writer belongs to the caller (often Console.Out): disposing this one must not close it.
        protected override void Dispose(bool disposing)
        {
            FlushPending();
            base.Dispose(disposing);
        }
    }
}
