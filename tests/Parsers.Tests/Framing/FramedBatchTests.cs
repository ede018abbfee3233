using System.Text;
using SolWatch.Parsers.Framing;

namespace SolWatch.Parsers.Tests.Framing;

public class FramedBatchTests
{
    [Fact]
    public void The_joined_text_holds_every_line_followed_by_a_line_feed_and_where_each_starts()
    {
        var batch = new FramedBatch();
        new LineFramer().Push("first\r\n\r\nthird line\n"u8, batch);
        Assert.Equal(["first", "", "third line"], batch.Lines);
        Assert.Equal("first\n\nthird line\n", batch.JoinedText.ToString());
        Assert.Equal([0, 6, 7, 18], Enumerable.Range(0, batch.Count + 1).Select(batch.StartOf));
    }

    [Fact]
    public void A_line_is_made_a_string_only_when_asked_for_and_is_the_same_string_every_time()
    {
        var batch = new FramedBatch();
        new LineFramer().Push("first\n\nthird line\n"u8, batch);
        Assert.Equal("third line", batch.TextOf(2).ToString());
        Assert.Equal(0, batch.StringsMade);
        string third = batch[2];
        Assert.Same(third, batch[2]);
        Assert.Same(third, batch.Lines[2]);
        Assert.Equal(1, batch.StringsMade);
        Assert.Null(batch.StringIfMade(0));
        Assert.Same(string.Empty, batch.StringIfMade(1));
        batch.Clear();
        new LineFramer().Push("other\n"u8, batch);
        Assert.Null(batch.StringIfMade(0));
        Assert.Equal("other", batch[0]);
    }

    [Fact]
    public void A_batch_gathers_the_lines_of_several_reads_until_it_is_cleared()
    {
        var framer = new LineFramer();
        var batch = new FramedBatch();
        framer.Push("one\ntw"u8, batch);
        framer.Push("o\nthree"u8, batch);
        Assert.Equal(["one", "two"], batch.Lines);
        batch.Clear();
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.JoinedText.Length);
        framer.Push("\n"u8, batch);
        Assert.Equal(["three"], batch.Lines);
        Assert.Equal("three\n", batch.JoinedText.ToString());
    }

    [Fact]
    public void A_line_added_by_hand_joins_the_text_like_a_framed_one()
    {
        var batch = new FramedBatch();
        new LineFramer().Push("framed\n"u8, batch);
        batch.Add("the last, unfinished line");
        Assert.Equal("framed\nthe last, unfinished line\n", batch.JoinedText.ToString());
        Assert.Equal(7, batch.StartOf(1));
        Assert.Equal(batch.JoinedText.Length, batch.StartOf(2));
    }

    [Fact]
    public void An_invalid_sequence_at_a_line_end_becomes_one_replacement_character_and_keeps_the_line_end()
    {
        var batch = new FramedBatch();
        new LineFramer().Push([0x61, 0xE2, 0x82, 0x0A, 0x62, 0xF0, 0x0D, 0x0A, 0x63, 0x0A], batch);
        Assert.Equal(["a\uFFFD", "b\uFFFD", "c"], batch.Lines);
    }

    [Fact]
    public void Reads_larger_than_the_framers_slice_are_framed_whole_across_slice_boundaries()
    {
        // 200 KB of lines of varied length in one read: lines straddle the framer's internal slices.
        var text = new StringBuilder();
        for (int i = 0; text.Length < 200_000; i++)
        {
            text.Append("[ ").Append(i).Append("] ").Append('x', i % 300).Append("é\r\n");
        }
        string[] expected = text.ToString().Split("\r\n")[..^1];
        var batch = new FramedBatch();
        new LineFramer().Push(Encoding.UTF8.GetBytes(text.ToString()), batch);
        Assert.Equal(expected, batch.Lines);
    }

    [Fact]
    public void Random_bytes_give_the_same_lines_whatever_the_reads_and_whether_batched_or_listed()
    {
        var random = new Random(20261126);
        byte[] alphabet = [.. "abc é\u00ff[]"u8, 0x0A, 0x0D, 0x1B, 0x5B, 0x00, 0x09, 0xE2, 0x82, 0xAC, 0xFF, 0xC3];
        for (int round = 0; round < 200; round++)
        {
            byte[] bytes = new byte[random.Next(1, 3000)];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = alphabet[random.Next(alphabet.Length)];
            }
            List<string> whole = FrameAsList(bytes, bytes.Length);
            Assert.Equal(whole, FrameAsList(bytes, 1));
            Assert.Equal(whole, FrameAsBatch(bytes, random.Next(1, 64)));
        }
    }

    private static List<string> FrameAsList(byte[] bytes, int read)
    {
        var framer = new LineFramer(new LineFramerOptions { MaxLineLength = 100 });
        var lines = new List<string>();
        for (int i = 0; i < bytes.Length; i += read)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(read, bytes.Length - i)), lines);
        }
        if (framer.Flush() is { } rest)
        {
            lines.Add(rest);
        }
        return lines;
    }

    private static List<string> FrameAsBatch(byte[] bytes, int read)
    {
        var framer = new LineFramer(new LineFramerOptions { MaxLineLength = 100 });
        var batch = new FramedBatch();
        for (int i = 0; i < bytes.Length; i += read)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(read, bytes.Length - i)), batch);
        }
        if (framer.Flush() is { } rest)
        {
            batch.Add(rest);
        }
        string joined = batch.JoinedText.ToString();
        Assert.Equal(string.Concat(batch.Lines.Select(l => l + "\n")), joined);
        return [.. batch.Lines];
    }
}
