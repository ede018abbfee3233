using System.Collections.Immutable;
using SolWatch.Storage.Transcripts;

namespace SolWatch.ConsoleCapture.Pipeline;

/// <summary>
/// The last lines of one console, numbered as the detector numbers them, so a completed report can be stored with
/// the lines before it. Grows lazily (an idle console holds almost nothing) up to a bound, and can be trimmed back
/// when the console goes quiet.
/// </summary>
internal sealed class ContextRing
{
    private readonly int _capacity;
    private Entry[] _items = [];
    private int _start;
    private int _count;

    public ContextRing(int capacity)
    {
        _capacity = Math.Max(1, capacity);
    }

    /// <summary>Lines held now.</summary>
    public int Count => _count;

    /// <summary>Adds line number <paramref name="number"/> (numbers increase by one per line).</summary>
    public void Add(long number, DateTimeOffset at, string text)
    {
        if (_count == _items.Length && _items.Length < _capacity)
        {
            Resize(Math.Min(_capacity, Math.Max(16, _items.Length * 2)));
        }
        if (_count == _items.Length)
        {
            _items[_start] = new Entry(number, at, text);
            _start = (_start + 1) % _items.Length;
        }
        else
        {
            _items[(_start + _count) % _items.Length] = new Entry(number, at, text);
            _count++;
        }
    }

    /// <summary>The held lines numbered <paramref name="from"/> through <paramref name="to"/>.</summary>
    public ImmutableArray<TranscriptLine> Slice(long from, long to)
    {
        var result = ImmutableArray.CreateBuilder<TranscriptLine>();
        for (int i = 0; i < _count; i++)
        {
            Entry e = _items[(_start + i) % _items.Length];
            if (e.Number >= from && e.Number <= to)
            {
                result.Add(new TranscriptLine(e.At, e.Text));
            }
        }
        return result.ToImmutable();
    }

    /// <summary>Keeps only the newest <paramref name="keep"/> lines and releases the rest of the memory.</summary>
    public void TrimTo(int keep)
    {
        keep = Math.Max(0, keep);
        if (_count <= keep && _items.Length <= Math.Max(16, keep))
        {
            return;
        }
        int drop = Math.Max(0, _count - keep);
        _start = (_start + drop) % Math.Max(1, _items.Length);
        _count -= drop;
        Resize(_count == 0 ? 0 : Math.Max(16, _count));
    }

    private void Resize(int size)
    {
        var items = new Entry[size];
        for (int i = 0; i < _count; i++)
        {
            items[i] = _items[(_start + i) % _items.Length];
        }
        _items = items;
        _start = 0;
    }

    private readonly record struct Entry(long Number, DateTimeOffset At, string Text);
}
