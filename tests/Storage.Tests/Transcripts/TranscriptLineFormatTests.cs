using CsCheck;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Transcripts;

public sealed class TranscriptLineFormatTests
{
    private static readonly Gen<string> AnyText = Gen.String[Gen.Char['\0', '\uD7FF'], 0, 60];

    [Fact]
    public void Any_line_without_line_breaks_reads_back_with_its_exact_time_and_text() =>
        Gen.Select(Gen.Long[0, DateTime.MaxValue.Ticks], AnyText, Gen.Bool)
            .Where(t => !t.Item2.Contains('\n', StringComparison.Ordinal) && !t.Item2.Contains('\r', StringComparison.Ordinal))
            .Sample((ticks, text, isGap) =>
            {
                var at = new DateTimeOffset(ticks, TimeSpan.Zero);
                var formatted = TranscriptLineFormat.Format(at, text, isGap);
                Assert.EndsWith("\n", formatted, StringComparison.Ordinal);
                Assert.Equal(new TranscriptLine(at, text) { IsGap = isGap }, TranscriptLineFormat.Parse(formatted[..^1]));
            });

    [Fact]
    public void A_stray_line_break_in_the_text_cannot_split_the_record()
    {
        var formatted = TranscriptLineFormat.Format(DateTimeOffset.UnixEpoch, "one\ntwo\rthree", isGap: false);
        Assert.Single(formatted.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("one\u2424two\u240Dthree", TranscriptLineFormat.Parse(formatted[..^1])!.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("2026-11-26T07:53:01.1234567Z ? unknown marker")]
    [InlineData("2026-13-26T07:53:01.1234567Z | bad month")]
    public void Anything_else_is_not_a_record(string line) => Assert.Null(TranscriptLineFormat.Parse(line));
}
