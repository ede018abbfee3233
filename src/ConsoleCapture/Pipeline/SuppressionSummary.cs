using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>
/// What the rate limiter held back on one console during one suppression window: how many reports, when, and their
/// titles (most frequent first). Stored as an incident of its own so the flood stays visible.
/// </summary>
/// <param name="Console">The console's name.</param>
/// <param name="Suppressed">Reports not stored.</param>
/// <param name="First">When the first of them was held back.</param>
/// <param name="Last">When the last of them was held back.</param>
/// <param name="DistinctTitles">How many different titles they had (at least: see <paramref name="TitlesOverflowed"/>).</param>
/// <param name="TopTitles">The most frequent titles with their counts, most frequent first.</param>
/// <param name="TitlesOverflowed">More distinct titles came than are tracked; <paramref name="DistinctTitles"/> is a lower bound.</param>
public sealed record SuppressionSummary(
    string Console,
    long Suppressed,
    DateTimeOffset First,
    DateTimeOffset Last,
    int DistinctTitles,
    ImmutableArray<(string Title, long Count)> TopTitles,
    bool TitlesOverflowed)
{
    /// <summary>One line: <c>N more reports suppressed on CONSOLE between T1 and T2: K distinct titles, most frequent …</c>.</summary>
    public string Title
    {
        get
        {
            string distinct = TitlesOverflowed
                ? $"more than {DistinctTitles.ToString(CultureInfo.InvariantCulture)} distinct titles"
                : DistinctTitles == 1 ? "1 distinct title" : $"{DistinctTitles.ToString(CultureInfo.InvariantCulture)} distinct titles";
            string most = TopTitles.IsEmpty ? "" : $", most frequent: {TopTitles[0].Title} ({TopTitles[0].Count.ToString(CultureInfo.InvariantCulture)}x)";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Suppressed} more reports suppressed on {Console} between {First:yyyy-MM-ddTHH:mm:ssZ} and {Last:yyyy-MM-ddTHH:mm:ssZ}: {distinct}{most}");
        }
    }

    /// <summary>
    /// The summary as a report of kind <see cref="CrashKind.Other"/>, so the store, the API and the CLI show it like
    /// any incident. Its fingerprint is made from the console and the window's start: each window is its own
    /// incident, never folded into an earlier one.
    /// </summary>
    public CrashReport ToReport()
    {
        var text = new StringBuilder();
        text.Append("solwatch: ").Append(Title).Append('\n');
        text.Append("solwatch: the console's incident rate limit (incidents.rateLimit) held these reports back; ")
            .Append("their text is in the console's transcript between these times. Titles, most frequent first:");
        foreach ((string title, long count) in TopTitles)
        {
            text.Append('\n').Append(count.ToString(CultureInfo.InvariantCulture)).Append("x ").Append(title);
        }
        string key = string.Create(CultureInfo.InvariantCulture, $"RateLimit|{Console}|{First.UtcTicks}");
        return new CrashReport
        {
            Kind = CrashKind.Other,
            Title = Title,
            Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 8)),
            Text = text.ToString(),
        };
    }
}
