namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>
/// A database file opened for reading only, its length rounded down to whole pages. LiteDB "repairs" a file whose
/// length is not a multiple of its page size by truncating it (SetLength) as it opens; a file being checked or
/// salvaged must never be modified, so LiteDB sees whole pages and any write fails loudly.
/// </summary>
internal sealed class ReadOnlyPageStream(FileStream file) : Stream
{
    private readonly long _length = file.Length - (file.Length % DatabaseFileFormat.PageSize);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var left = _length - file.Position;
        return left <= 0 ? 0 : file.Read(buffer, offset, (int)Math.Min(count, left));
    }

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void Flush()
    {
        // Nothing is ever written.
    }

    public override void SetLength(long value) =>
        throw new NotSupportedException("The database file is open read-only: it is not changed.");

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The database file is open read-only: it is not changed.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
