namespace SolWatch.Storage.Incidents;

/// <summary>
/// A file fetched for an incident after the fact, e.g. the <c>vmcore-dmesg.txt</c> that kdump saved on the crashed host
/// (fetched over SSH once the host is back), or why it could not be fetched. One per <see cref="Name"/>: a later
/// attachment of the same name (a retry that succeeded) replaces the earlier one.
/// </summary>
/// <param name="Name">What it is, e.g. <c>vmcore-dmesg.txt</c>.</param>
/// <param name="FetchedAt">When it was fetched or given up on (UTC).</param>
/// <param name="Source">Where it came from, e.g. <c>ssh://root@db-7:22/var/crash/127.0.0.1-2026-12-05-04:10:11/vmcore-dmesg.txt</c>.</param>
/// <param name="Text">The file's text (bounded, see <see cref="MaxTextChars"/>); null when <paramref name="Error"/> says why there is none.</param>
/// <param name="Error">Why the file could not be fetched (host key mismatch, login refused, no file); null on success.</param>
public sealed record IncidentAttachment(string Name, DateTimeOffset FetchedAt, string Source, string? Text, string? Error)
{
    /// <summary>
    /// Longest text kept: 4 Mi characters. A kernel log buffer is at most a few MiB (log_buf_len), and LiteDB refuses
    /// documents over 16 MiB; text beyond the bound is cut and <see cref="Truncated"/> says so.
    /// </summary>
    public const int MaxTextChars = 4 << 20;

    /// <summary>Whether the text was cut at the bound (by the fetch or by the store).</summary>
    public bool Truncated { get; init; }
}
