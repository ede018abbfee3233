using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SolWatch.Parsers.Detection;

namespace SolWatch.Parsers.Search;

/// <summary>
/// Finds every word of several readers (the detector's header markers and fact words, the hardware events' words, the
/// kdump tracker's) in one pass over a batch's lines laid end to end, and gives each line the hints of the words it
/// holds. Exact: a line is flagged with a word's hints if and only if it holds that word.
/// </summary>
/// <remarks>
/// <para>Why not .NET's multi-string search (SearchValues, a "Teddy"): it takes eight buckets of patterns, so the
/// detector ran three or four passes over each batch (two sets of fifteen markers, the fact words, the trackers' words)
/// and the kdump tracker's words cost a crowded pass of their own, the whole of what following kdump cost an ordinary
/// console. Each pass streams the batch's UTF-16 text again; on ordinary logs the passes were most of the scan.</para>
/// <para>How (a Teddy variant for AVX-512 VBMI): each word is looked for by a run of <see cref="PrefixLength"/> of its
/// characters, the one least common in console text (<see cref="Buckets.RarestWindow"/>). Each position's next
/// <see cref="PrefixLength"/> characters, packed to bytes, are looked up whole in 128-entry tables (vpermi2b), one table
/// per character position and group of eight of the <see cref="BucketCount"/> buckets, giving the buckets whose runs may
/// start there; each of those buckets' words is then compared in full where it would start. Runs are put in buckets
/// against a sample of console text (<see cref="Buckets"/>), so a bucket lets few ordinary positions through. Only where
/// the CPU has VBMI (<see cref="IsSupported"/>: Intel Ice Lake and later, AMD Zen 4 and later; not in the native
/// scanner, compiled for x86-64-v3); elsewhere the caller keeps its SearchValues passes.</para>
/// </remarks>
internal sealed class FusedWordSearch
{
    /// <summary>Characters of each word the vector lookup checks (the rest are compared in full).</summary>
    internal const int PrefixLength = 4;

    /// <summary>Buckets of words: four groups of eight, one bit each in a byte per group.</summary>
    internal const int BucketCount = 32;

    private const int Groups = BucketCount / 8;

    // Positions a block checks, and the characters it reads (the prefix of its last position).
    private const int BlockLength = 64;
    private const int BlockReach = BlockLength + PrefixLength - 1;

    private readonly string[] _words;
    private readonly LineHints[] _wordHints;
    // Where in each word the run the vector lookup checks starts.
    private readonly int[] _offsets;
    private readonly int[][] _bucketWords;
    // [(position * Groups + group) * 2 + part]: the buckets of a group (one bit each) whose words have each ASCII
    // character (part 0: 0-63, part 1: 64-127) at that position of their prefix. Every block reads all of them, each a
    // whole cache line, so they are kept on cache-line boundaries (AlignedVectors): an array of Vector512 is aligned
    // only as the collector places it, and a table split across two lines costs two loads. Measured over the bench's
    // boot-log input before they were: one process's scan took 25 ms, the next one's 33 ms, as the placement fell.
    private readonly AlignedVectors _tables = new(PrefixLength * Groups * 2);
    // The quadwords of a packed block in text order: the pack gives, lane by lane, eight characters of the first half and
    // then eight of the second.
    private static readonly Vector512<ulong> TextOrder = Vector512.Create(0UL, 2, 4, 6, 1, 3, 5, 7);

    // For texts shorter than a block: the words by first character; and the words shorter than the prefix, which may
    // start where the prefix runs into a character that is not ASCII.
    private readonly int[][] _byFirstChar = new int[128][];
    private readonly int[][] _shortByFirstChar = new int[128][];
    private readonly bool _hasShortWords;

    /// <summary>Whether this CPU can run the search (AVX-512 VBMI).</summary>
    public static bool IsSupported => Avx512Vbmi.IsSupported;

    /// <summary>Builds the search for <paramref name="words"/>, each with the hints a line holding it gets (a word listed
    /// twice gets both). Every word is ASCII, without '\n', at least one character long.</summary>
    public FusedWordSearch(IEnumerable<(string Word, LineHints Hints)> words)
    {
        Dictionary<string, LineHints> hintsByWord = new(StringComparer.Ordinal);
        foreach ((string word, LineHints hints) in words)
        {
            if (word.Length == 0 || word.Any(c => c > 127 || c == '\n'))
            {
                throw new ArgumentException($"'{word}' is not a searchable word (ASCII, no line break, not empty)", nameof(words));
            }
            hintsByWord[word] = hintsByWord.GetValueOrDefault(word) | hints;
        }
        _words = [.. hintsByWord.Keys];
        _wordHints = [.. hintsByWord.Values];
        // Each word is looked for by its rarest run of PrefixLength characters (Buckets.RarestWindow), not always its
        // first: "Internal error:" by its first four would stop at every "Intel".
        _offsets = [.. _words.Select(w => Buckets.RarestWindow(w, PrefixLength))];
        string[] windows = [.. _words.Select((w, i) => w.Substring(_offsets[i], Math.Min(PrefixLength, w.Length)))];
        Buckets buckets = Buckets.Assign(windows, PrefixLength, BucketCount);
        _bucketWords = buckets.Words;
        for (int k = 0; k < PrefixLength; k++)
        {
            for (int group = 0; group < Groups; group++)
            {
                byte[] table = new byte[128];
                for (int b = group * 8; b < (group * 8) + 8; b++)
                {
                    for (int c = 0; c < 128; c++)
                    {
                        if (buckets.Holds(b, k, (char)c))
                        {
                            table[c] |= (byte)(1 << (b - (group * 8)));
                        }
                    }
                }
                _tables[((k * Groups) + group) * 2] = Vector512.Create(table.AsSpan(0, 64));
                _tables[(((k * Groups) + group) * 2) + 1] = Vector512.Create(table.AsSpan(64, 64));
            }
        }
        for (int c = 0; c < 128; c++)
        {
            _byFirstChar[c] = [.. Enumerable.Range(0, _words.Length).Where(w => _words[w][0] == c)];
            _shortByFirstChar[c] = [.. _byFirstChar[c].Where(w => _words[w].Length < PrefixLength)];
        }
        _hasShortWords = _words.Any(w => w.Length < PrefixLength);
    }

    /// <summary>
    /// Flags the lines of <paramref name="text"/> (line i from starts[i] to the '\n' before starts[i + 1];
    /// <paramref name="starts"/> holds one entry more than there are lines: the text's length) with the hints of every
    /// word each holds: <c>hints[i] |= …</c>.
    /// </summary>
    public void Flag(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, Span<LineHints> hints)
    {
        var cursor = new LineCursor(starts, hints);
        if (text.Length < BlockReach || !IsSupported)
        {
            FlagOneByOne(text, 0, ref cursor);
            return;
        }
        int last = text.Length - BlockReach;
        int i = 0;
        for (; i <= last; i += BlockLength)
        {
            Block(text, i, from: i, ref cursor);
        }
        if (i < text.Length)
        {
            // The positions left over: one more block ending at the text's end, positions before `i` already done.
            Block(text, last, from: i, ref cursor);
        }
        // A block checks only positions with a whole prefix after them: a word shorter than the prefix may start in
        // the last few.
        FlagOneByOne(text, text.Length - PrefixLength + 1, ref cursor);
    }

    private void FlagOneByOne(ReadOnlySpan<char> text, int from, ref LineCursor cursor)
    {
        for (int at = from; at < text.Length; at++)
        {
            FlagWordsAt(text, at, _byFirstChar, ref cursor);
        }
    }

    // Compares the words of `byFirstChar` that start with the character at `at` (none for one that is not ASCII) with the
    // text there, and flags the line of each that is.
    private void FlagWordsAt(ReadOnlySpan<char> text, int at, int[][] byFirstChar, ref LineCursor cursor)
    {
        char c = text[at];
        if (c >= 128)
        {
            return;
        }
        foreach (int w in byFirstChar[c])
        {
            if (text[at..].StartsWith(_words[w], StringComparison.Ordinal))
            {
                cursor.Flag(at, _wordHints[w]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Packed(ref char at) =>
        // Two 32-character halves to 64 bytes; characters over 255 saturate (255, or 0 when their sign bit is set), and
        // none of them can start a word (ASCII): see the mask in Block. The pack interleaves the halves by 128-bit lane
        // (TextOrder puts them back).
        Avx512BW.PackUnsignedSaturate(
            Vector512.LoadUnsafe(ref Unsafe.As<char, short>(ref at)),
            Vector512.LoadUnsafe(ref Unsafe.As<char, short>(ref Unsafe.Add(ref at, 32))));

    // Checks positions i..i+63 (those from `from` on) of text, which holds at least i + BlockReach characters.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block(ReadOnlySpan<char> text, int i, int from, ref LineCursor cursor)
    {
        ref char start = ref Unsafe.Add(ref MemoryMarshal.GetReference(text), i);
        ref Vector512<byte> t = ref _tables.First;
        Vector512<byte> c0 = Packed(ref start);
        Vector512<byte> c1 = Packed(ref Unsafe.Add(ref start, 1));
        Vector512<byte> c2 = Packed(ref Unsafe.Add(ref start, 2));
        Vector512<byte> c3 = Packed(ref Unsafe.Add(ref start, 3));
        Vector512<byte> g0 = Group(ref t, 0, c0, c1, c2, c3);
        Vector512<byte> g1 = Group(ref t, 1, c0, c1, c2, c3);
        Vector512<byte> g2 = Group(ref t, 2, c0, c1, c2, c3);
        Vector512<byte> g3 = Group(ref t, 3, c0, c1, c2, c3);
        // The lookup reads 7 bits: a byte of 128 or more (a character that is not ASCII) rules its positions out; a word
        // shorter than the prefix may still start there, before the character (checked one by one, below).
        Vector512<byte> ascii = ~Vector512.ShiftRightArithmetic((c0 | c1 | c2 | c3).AsSByte(), 7).AsByte();
        if (_hasShortWords)
        {
            Vector512<byte> cut = ~Vector512.ShiftRightArithmetic(c0.AsSByte(), 7).AsByte() & ~ascii;
            if (cut != Vector512<byte>.Zero)
            {
                FlagShortWords(text, i, from, Avx512F.PermuteVar8x64(cut.AsUInt64(), TextOrder).AsByte().ExtractMostSignificantBits(), ref cursor);
            }
        }
        // Back in text order (the pack put the halves' quarters side by side, lane by lane), so bit n is position i + n
        // and the finds come in text order, as the line cursor needs.
        g0 = Avx512F.PermuteVar8x64((g0 & ascii).AsUInt64(), TextOrder).AsByte();
        g1 = Avx512F.PermuteVar8x64((g1 & ascii).AsUInt64(), TextOrder).AsByte();
        g2 = Avx512F.PermuteVar8x64((g2 & ascii).AsUInt64(), TextOrder).AsByte();
        g3 = Avx512F.PermuteVar8x64((g3 & ascii).AsUInt64(), TextOrder).AsByte();
        ulong mask = (~Vector512.Equals(g0 | g1 | g2 | g3, Vector512<byte>.Zero)).ExtractMostSignificantBits();
        while (mask != 0)
        {
            int bit = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            int at = i + bit;
            if (at < from)
            {
                continue;
            }
            uint buckets = g0.GetElement(bit) | ((uint)g1.GetElement(bit) << 8) | ((uint)g2.GetElement(bit) << 16) | ((uint)g3.GetElement(bit) << 24);
            while (buckets != 0)
            {
                int bucket = BitOperations.TrailingZeroCount(buckets);
                buckets &= buckets - 1;
                foreach (int w in _bucketWords[bucket])
                {
                    // The run found at `at` is the word's from its offset on: the word starts that much before.
                    int wordAt = at - _offsets[w];
                    if (wordAt >= 0 && text[wordAt..].StartsWith(_words[w], StringComparison.Ordinal))
                    {
                        cursor.Flag(wordAt, _wordHints[w]);
                    }
                }
            }
        }
    }

    // The buckets of group `g` whose words may start at each position: each prefix character looked up in its table.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Group(ref Vector512<byte> t, int g, Vector512<byte> c0, Vector512<byte> c1, Vector512<byte> c2, Vector512<byte> c3)
    {
        int at = g * 2;
        const int Step = Groups * 2;
        return Avx512Vbmi.PermuteVar64x8x2(Unsafe.Add(ref t, at), c0, Unsafe.Add(ref t, at + 1))
               & Avx512Vbmi.PermuteVar64x8x2(Unsafe.Add(ref t, at + Step), c1, Unsafe.Add(ref t, at + Step + 1))
               & Avx512Vbmi.PermuteVar64x8x2(Unsafe.Add(ref t, at + (2 * Step)), c2, Unsafe.Add(ref t, at + (2 * Step) + 1))
               & Avx512Vbmi.PermuteVar64x8x2(Unsafe.Add(ref t, at + (3 * Step)), c3, Unsafe.Add(ref t, at + (3 * Step) + 1));
    }

    // The words shorter than the prefix at the positions of `cut` (bit n: position i + n), whose prefix runs into a
    // character that is not ASCII (before the rest of the block's finds: the line cursor walks back as well as on).
    private void FlagShortWords(ReadOnlySpan<char> text, int i, int from, ulong cut, ref LineCursor cursor)
    {
        while (cut != 0)
        {
            int at = i + BitOperations.TrailingZeroCount(cut);
            cut &= cut - 1;
            // A character from U+8000 on packs to 0, which reads as ASCII: FlagWordsAt looks at the character itself.
            if (at >= from)
            {
                FlagWordsAt(text, at, _shortByFirstChar, ref cursor);
            }
        }
    }

    // The line holding a position, found by walking from the line of the last find: finds come nearly in text order (a
    // block's finds in order, blocks in order; a block's short words before its other finds; a word found by a run
    // inside it a few characters back).
    private ref struct LineCursor(ReadOnlySpan<int> starts, Span<LineHints> hints)
    {
        private readonly ReadOnlySpan<int> _starts = starts;
        private readonly Span<LineHints> _hints = hints;
        private int _line;

        public void Flag(int at, LineHints hints)
        {
            while (_starts[_line + 1] <= at)
            {
                _line++;
            }
            while (_starts[_line] > at)
            {
                _line--;
            }
            _hints[_line] |= hints;
        }
    }
}
