using System.Text;
using SolWatch.Parsers.Framing;

namespace SolWatch.Parsers.Tests.Framing;

/// <summary>Each framed line knows the file line it begins on (LineFramer.FileLines.cs), and FileLineMap turns a reader's
/// line numbers into the file's.</summary>
public class FileLineTests
{
    // The framed lines of `input` read in `chunk`-byte reads, each with its file line, the unfinished one flushed.
    internal static List<(string Line, long File)> Frame(string input, int chunk = 1 << 16, LineFramerOptions? options = null)
    {
        var framer = new LineFramer(options);
        var batch = new FramedBatch();
        var lines = new List<(string, long)>();
        byte[] bytes = Encoding.UTF8.GetBytes(input);
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            framer.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), batch);
            for (int l = 0; l < batch.Count; l++)
            {
                lines.Add((batch[l], batch.FileLineOf(l)));
            }
            batch.Clear();
        }
        while (framer.Flush(out long fileLine) is { } last)
        {
            lines.Add((last, fileLine));
        }
        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(65536)]
    public void Every_line_ending_counts_file_lines_as_grep_does(int chunk)
    {
        // LF, CRLF, a double ONLCR's CRCRLF, LFCR, a blank line, then lone CRs: lines 1-6 of the file, the CR pieces all on 6.
        var lines = Frame("a\nb\r\nc\r\r\nd\n\re\n\nf\rg\rh\n", chunk);

        Assert.Equal(
            [("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5), ("", 6), ("f", 7), ("g", 7), ("h", 7)],
            lines.Select(l => (l.Line, l.File)));
    }

    [Fact]
    public void The_pieces_of_an_overlong_line_are_all_on_its_file_line()
    {
        var lines = Frame("one\n" + new string('x', 40) + "\nthree", options: new LineFramerOptions { MaxLineLength = 16 });

        Assert.Equal([1L, 2, 2, 2, 3], lines.Select(l => l.File));
    }

    [Fact]
    public void A_level_header_inside_a_line_begins_a_framed_line_on_the_same_file_line()
    {
        var lines = Frame("one\nLOCKUP on cpu 3\u0001dModules linked in:\nfour\n");

        Assert.Equal([("one", 1L), ("LOCKUP on cpu 3", 2), ("Modules linked in:", 2), ("four", 3)], lines.Select(l => (l.Line, l.File)));
    }

    [Fact]
    public void A_map_of_an_ordinary_log_gives_each_line_its_own_number()
    {
        var map = new FileLineMap();
        for (long n = 1; n <= 1000; n++)
        {
            map.Add(n);
        }

        Assert.Equal(1, map.ToFile(1));
        Assert.Equal(777, map.ToFile(777));
    }

    [Fact]
    public void A_map_gives_the_file_lines_of_pieces_and_of_the_lines_after_them()
    {
        // Framed lines 1-3 are file lines 1-3; 4-7 the pieces of file line 4; 8 on are 5 on; 9-10 a CR-only pair on 6.
        long[] file = [0, 1, 2, 3, 4, 4, 4, 4, 5, 6, 6, 7, 8];
        var map = new FileLineMap();
        for (long n = 1; n < file.Length; n++)
        {
            map.Add(file[n]);
        }

        Assert.Equal(file[1..], Enumerable.Range(1, file.Length - 1).Select(n => map.ToFile(n)));
    }

    [Fact]
    public void A_cr_only_capture_is_one_run_of_the_first_file_line()
    {
        var map = new FileLineMap();
        for (long n = 1; n <= 100_000; n++)
        {
            map.Add(1);
        }

        Assert.Equal(1, map.ToFile(99_999));
    }

    [Fact]
    public void Lines_added_without_a_file_line_keep_the_current_run()
    {
        var map = new FileLineMap();
        map.Add(1);
        map.Add(0);
        map.Add(0);

        Assert.Equal(3, map.ToFile(3));
    }

    [Fact]
    public void Noting_a_batch_at_once_gives_what_noting_each_line_gives()
    {
        long[] file = [1, 2, 3, 4, 4, 4, 4, 5, 6, 6, 7, 8, 9, 10, 10, 11];
        for (int split = 1; split < file.Length; split++)
        {
            var one = new FileLineMap();
            var batched = new FileLineMap();
            for (int n = 0; n < file.Length; n++)
            {
                one.Add(file[n]);
            }
            batched.Add(file.AsSpan(0, split));
            batched.Add(file.AsSpan(split));

            Assert.Equal(
                Enumerable.Range(1, file.Length).Select(n => one.ToFile(n)),
                Enumerable.Range(1, file.Length).Select(n => batched.ToFile(n)));
            Assert.Equal(file, Enumerable.Range(1, file.Length).Select(n => batched.ToFile(n)));
        }
    }
}
