using SolWatch.ConsoleCapture.Cli;

namespace SolWatch.ConsoleCapture.Tests.Cli;

public sealed class TerminalTextTests
{
    public static TheoryData<string, string> Dangerous => new()
    {
        // C0 controls: ESC (an OSC title sequence, a CSI colour), BEL, NUL, backspace, CR, LF, vertical tab, form feed.
        { "a\u001b]0;pwned\u0007b", "a\\x1b]0;pwned\\x07b" },
        { "\u001b[31mred", "\\x1b[31mred" },
        { "nul\u0000", "nul\\x00" },
        { "over\bwrite", "over\\x08write" },
        { "line\rfake", "line\\rfake" },
        { "two\nlines", "two\\nlines" },
        { "\u000b\u000c\u001f", "\\x0b\\x0c\\x1f" },
        // DEL, then C1: CSI (U+009B), OSC (U+009D), DCS (U+0090), NEL (U+0085), the first and the last.
        { "del\u007f", "del\\x7f" },
        { "\u009b31m", "\\u009b31m" },
        { "\u009d0;t\u009c", "\\u009d0;t\\u009c" },
        { "\u0090q\u0085\u0080\u009f", "\\u0090q\\u0085\\u0080\\u009f" },
        // Bidirectional embeddings, overrides, isolates, marks.
        { "abc\u202edcba", "abc\\u202edcba" },
        { "\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d" },
        { "\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069" },
        { "\u200e\u200f\u061c", "\\u200e\\u200f\\u061c" },
        // Line and paragraph separators.
        { "\u2028\u2029", "\\u2028\\u2029" },
    };

    [Theory]
    [MemberData(nameof(Dangerous))]
    public void Every_character_a_terminal_would_act_on_is_shown_as_a_visible_escape(string text, string shown)
    {
        Assert.Equal(shown, TerminalText.Escape(text));
        Assert.DoesNotContain(TerminalText.Escape(text), TerminalText.IsUnsafe);
    }

    [Fact]
    public void An_unpaired_surrogate_is_escaped_and_a_pair_is_kept()
    {
        // Built here: test data would be serialized by xunit, which replaces an unpaired surrogate (from a JSON \ud800).
        string text = new(['x', '\ud800', 'y', '\udc00', '\ud83d', '\ude00']);
        Assert.Equal("x\\ud800y\\udc00😀", TerminalText.Escape(text));
    }

    [Theory]
    [InlineData("[   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000000")]
    [InlineData("tab\tstays")]
    [InlineData("カーネルパニック - 同期していません")]
    [InlineData("Noyau: échec à l'écriture, señal, Größe")]
    [InlineData("┌──┬──┐ │ box │ └──┴──┘ ═══ ║")]
    [InlineData("emoji 😀 and 👩‍💻 (a joiner sequence), zero-width non-joiner: می‌خواهم")]
    [InlineData("")]
    public void Ordinary_text_passes_unchanged(string text)
    {
        Assert.Same(text, TerminalText.Escape(text));
    }

    [Fact]
    public void Json_keeps_its_values_exactly_while_the_characters_its_encoder_lets_through_become_escapes()
    {
        var value = new Dictionary<string, string> { ["text"] = "a\u202eb\u009bc\u007fd\u2028 é カ 😀 \u001b[2J" };
        string json = System.Text.Json.JsonSerializer.Serialize(value, SolWatch.ConsoleCapture.Api.ApiJson.Indented);
        Assert.Contains('\u202e', json); // the relaxed encoder, as the API writes it

        string safe = TerminalText.EscapeJson(json);

        Assert.DoesNotContain(safe, c => c is '\u202e' or '\u009b' or '\u007f' or '\u2028' or '\u001b');
        Assert.Contains("\n", safe, StringComparison.Ordinal); // indented JSON keeps its line ends
        Assert.Contains("é カ", safe, StringComparison.Ordinal);
        Assert.Equal(value, System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(safe));
    }

    [Fact]
    public void The_writer_escapes_everything_written_to_it_but_its_own_line_ends()
    {
        var inner = new StringWriter { NewLine = "\n" };
        TextWriter w = TerminalText.Writer(inner);

        w.WriteLine("title \u001b]0;pwned\u0007");
        w.Write('\u009b');
        w.Write("a\u202eb".AsSpan());
        w.Write('\ud83d');
        w.Write('\ude00'); // the two halves of 😀, written apart
        w.WriteLine();
        w.WriteLine($"{"x\ny"}");

        Assert.Equal("title \\x1b]0;pwned\\x07\n\\u009ba\\u202eb😀\nx\\ny\n", inner.ToString());
    }
}
