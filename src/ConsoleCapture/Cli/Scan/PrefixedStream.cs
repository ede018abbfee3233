using SolWatch.Storage.Files;

namespace SolWatch.ConsoleCapture.Cli.Scan;

/// <summary>A read-only stream that yields <c>prefix</c> and then the rest of <c>inner</c>: lets us sniff the first
/// bytes of a stream that cannot seek (stdin, a pipe) without losing them.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    // A FileStream opened without FileOptions.Asynchronous (and, on Unix, with it too) runs each ReadAsync as a work item
    // on the thread pool: for a scan of a regular file that is a thread hop and a wake-up per 64 KiB, measured at a
    // third of a crash-dense scan's wall time. A regular file (seekable) never blocks for long, so its reads run on
    // the caller's thread; a pipe, FIFO or terminal (not seekable) keeps the asynchronous read, which a Ctrl+C can leave.
    private readonly bool _readInline = inner.CanSeek;

    public override int Read(Span<byte> buffer)
    {
        if (!_prefix.IsEmpty)
        {
            int n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }
        return inner.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_prefix.IsEmpty || _readInline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Read(buffer.Span);
        }
        return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
