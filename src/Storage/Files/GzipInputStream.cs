using System.IO.Compression;

namespace SolWatch.Storage.Files;

/// <summary>
/// Reads a gzip stream whose end may be missing or damaged: a console log copied off a host as it died, a transcript
/// part on a disk that filled. Damage ends the input where it was found instead of throwing from the middle of a read,
/// so a reader finishes with everything before it (the crash at the cut of such a log is often the one that matters);
/// <see cref="Damage"/> then says what was wrong, for the caller to report.
/// </summary>
/// <remarks>
/// Why the process needs <c>System.IO.Compression.UseStrictValidation</c> (set for every executable in
/// Directory.Build.props): without it .NET's <see cref="GZipStream"/> treats a stream that stops before its last block
/// and trailer as a whole one, so a truncated <c>.gz</c> read as a shorter log that ended normally, with no word said.
/// </remarks>
public sealed class GzipInputStream : ReadOnlyStream
{
    private readonly GZipStream _inner;

    private GzipInputStream(Stream compressed) => _inner = new GZipStream(compressed, CompressionMode.Decompress);

    /// <summary>Decompresses <paramref name="compressed"/> (disposed with the result).</summary>
    public static GzipInputStream Open(Stream compressed) => new(compressed);

    /// <summary>What ended the input early (damaged or cut-off data), or null while the data is whole.</summary>
    public InvalidDataException? Damage { get; private set; }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (Damage is not null)
        {
            return 0;
        }
        try
        {
            return _inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            Damage = e;
            return 0;
        }
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Damage is not null)
        {
            return 0;
        }
        try
        {
            return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            Damage = e;
            return 0;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
