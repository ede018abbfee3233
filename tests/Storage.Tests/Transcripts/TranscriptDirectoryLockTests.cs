using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;
using SolWatch.Storage.Transcripts;

namespace SolWatch.Storage.Tests.Transcripts;

/// <summary>
/// One writer per transcripts directory: two daemons with different databases but one transcripts directory (the
/// default one, when a configuration sets only storage.database) wrote over each other's lines in current.log.
/// </summary>
public sealed class TranscriptDirectoryLockTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private TranscriptOptions Owner => new() { Directory = _dir.File("transcripts"), OwnDirectory = true };

    [Fact]
    public async Task A_second_writer_of_the_same_transcripts_directory_is_refused_naming_the_directory_and_what_to_do()
    {
        await using var first = new TranscriptStore(Owner);

        var e = Assert.Throws<StoreUnavailableException>(() => new TranscriptStore(Owner));

        Assert.Contains(_dir.File("transcripts"), e.Message, StringComparison.Ordinal);
        Assert.Contains("storage.transcripts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_line_of_the_first_writer_is_kept_when_a_second_one_tries_the_same_directory()
    {
        await using var first = new TranscriptStore(Owner);
        first.Append("shared", Reports.T0, "line 1 of the first daemon");
        await first.FlushAsync();
        Assert.Throws<StoreUnavailableException>(() => new TranscriptStore(Owner));
        first.Append("shared", Reports.T0.AddSeconds(1), "line 2 of the first daemon");
        await first.FlushAsync();

        Assert.Equal(["line 1 of the first daemon", "line 2 of the first daemon"], first.Read("shared").Select(l => l.Text));
    }

    [Fact]
    public async Task The_directory_is_free_again_once_its_writer_is_disposed()
    {
        var first = new TranscriptStore(Owner);
        await first.DisposeAsync();
        await using var second = new TranscriptStore(Owner);
        second.Append("c", Reports.T0, "written");
        await second.FlushAsync();
        Assert.Single(second.Read("c"));
    }

    [Fact]
    public async Task A_reader_that_does_not_own_the_directory_opens_it_beside_the_writer()
    {
        await using var writer = new TranscriptStore(Owner);
        await using var reader = new TranscriptStore(new TranscriptOptions { Directory = _dir.File("transcripts") });
        Assert.Empty(reader.Read("nothing-yet"));
    }
}
