using System.IO.Compression;
using System.Text;
using SolWatch.Storage.Files;

namespace SolWatch.Storage.Tests.Files;

/// <summary>
/// <see cref="GzipInputStream"/> over real gzip data, whole, cut off and damaged, in this test host, whose
/// runtimeconfig carries the strict gzip validation every SolWatch executable runs with (Directory.Build.props).
/// </summary>
public sealed class GzipInputStreamTests
{
    // A console's worth of text: 4,000 numbered lines.
    private static readonly byte[] Text = Encoding.ASCII.GetBytes(
        string.Concat(Enumerable.Range(1, 4000).Select(i => $"[ {i,8}.000000] line {i} of an ordinary console\n")));

    private static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, level))
        {
            gzip.Write(data);
        }
        return buffer.ToArray();
    }

    private static (byte[] Read, InvalidDataException? Damage) ReadAll(byte[] compressed, bool async = false)
    {
        using var input = GzipInputStream.Open(new MemoryStream(compressed));
        using var output = new MemoryStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = async ? input.ReadAsync(buffer).AsTask().GetAwaiter().GetResult() : input.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, n);
        }
        return (output.ToArray(), input.Damage);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_whole_file_reads_to_its_end_with_no_damage(bool async)
    {
        (byte[] read, InvalidDataException? damage) = ReadAll(Gzip(Text), async);

        Assert.Null(damage);
        Assert.Equal(Text, read);
    }

    [Theory]
    [InlineData(8)] // the trailer (CRC and size) only
    [InlineData(600)] // the end of the text too
    [InlineData(20_000)] // most of it
    public void A_file_cut_off_gives_the_text_before_the_cut_and_names_the_damage(int cut)
    {
        // Stored blocks, so that what is left of the text is known: all of it up to about the cut.
        byte[] compressed = Gzip(Text, CompressionLevel.NoCompression);

        (byte[] read, InvalidDataException? damage) = ReadAll(compressed[..^cut]);

        Assert.NotNull(damage);
        Assert.True(read.Length >= Text.Length - cut - 64, $"{read.Length} bytes read of {Text.Length}, cut {cut}");
        Assert.Equal(Text.AsSpan(0, read.Length).ToArray(), read);
    }

    [Fact]
    public void A_compressed_file_cut_in_its_middle_names_the_damage_and_gives_only_text_of_the_file()
    {
        byte[] compressed = Gzip(Text);

        (byte[] read, InvalidDataException? damage) = ReadAll(compressed[..(compressed.Length / 2)]);

        Assert.NotNull(damage);
        Assert.True(read.Length < Text.Length);
        Assert.Equal(Text.AsSpan(0, read.Length).ToArray(), read);
    }

    [Fact]
    public void Bytes_overwritten_inside_the_data_end_the_input_there_with_the_damage_named()
    {
        byte[] compressed = Gzip(Text);
        compressed.AsSpan(compressed.Length / 2, 64).Fill(0xFF);

        (byte[] read, InvalidDataException? damage) = ReadAll(compressed);

        Assert.NotNull(damage);
        Assert.True(read.Length < Text.Length);
    }

    [Fact]
    public void Members_written_one_after_the_other_read_as_one_text_as_gzip_does()
    {
        byte[] compressed = [.. Gzip(Text), .. Gzip(Text)];

        (byte[] read, InvalidDataException? damage) = ReadAll(compressed);

        Assert.Null(damage);
        Assert.Equal([.. Text, .. Text], read);
    }

    [Fact]
    public void Reading_on_after_the_damage_gives_nothing_more()
    {
        byte[] compressed = Gzip(Text, CompressionLevel.NoCompression)[..^600];
        using var input = GzipInputStream.Open(new MemoryStream(compressed));
        input.CopyTo(Stream.Null);

        Assert.NotNull(input.Damage);
        Assert.Equal(0, input.Read(new byte[16]));
    }
}
