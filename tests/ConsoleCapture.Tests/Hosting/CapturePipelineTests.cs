using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

public sealed class CapturePipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    [Fact]
    public async Task Netconsole_senders_sharing_one_port_are_separate_consoles_and_a_duplicate_sender_fails_alone()
    {
        int port = FreeUdpPort();
        string yaml = $"""
            storage: {"{"} database: {_dir}/incidents.db, transcripts: {_dir}/transcripts {"}"}
            consoles:
              - {"{"} name: one, type: netconsole, sender: 127.0.0.1, listen: 127.0.0.1, port: {port}, format: plain {"}"}
              - {"{"} name: two, type: netconsole, sender: 127.0.0.2, listen: 127.0.0.1, port: {port}, format: plain {"}"}
              - {"{"} name: dup, type: netconsole, sender: 127.0.0.2, listen: 127.0.0.1, port: {port}, format: plain {"}"}
            """;
        SolwatchConfig config = new ConfigLoader().Parse(yaml, "t.yaml", _dir).Config;
        await using CapturePipeline pipeline = CapturePipeline.Open(config, NullLoggerFactory.Instance);
        pipeline.Start();

        Assert.Equal("Failed", pipeline.Sessions["dup"].Status.State);
        Assert.Contains("configured for two consoles", pipeline.Sessions["dup"].Status.Detail, StringComparison.Ordinal);
        using var one = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 0));
        using var two = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var target = new IPEndPoint(IPAddress.Loopback, port);
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (pipeline.Sessions["one"].Status.Lines < 1 || pipeline.Sessions["two"].Status.Lines < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "netconsole lines did not arrive");
            await one.SendAsync(Encoding.ASCII.GetBytes("from one\n"), target);
            await two.SendAsync(Encoding.ASCII.GetBytes("from two\n"), target);
            await Task.Delay(200);
        }
        await pipeline.StopAsync();

        await using var transcripts = new Storage.Transcripts.TranscriptStore(new() { Directory = Path.Combine(_dir, "transcripts") });
        // Gap marks left out: stopping may note "netconsole listener … stopped" on a console, before or after its last
        // line, depending on which the stop reaches first (a CI run saw it once).
        Assert.All(transcripts.Read("one").Where(l => !l.IsGap), l => Assert.Equal("from one", l.Text));
        Assert.All(transcripts.Read("two").Where(l => !l.IsGap), l => Assert.Equal("from two", l.Text));
        Assert.Contains(transcripts.Read("two"), l => !l.IsGap);
    }

    private SolwatchConfig Config(string database, string? transcripts) => new ConfigLoader().Parse($"""
        storage:
          database: {database}
        {(transcripts is null ? "" : $"  transcripts: {transcripts}")}
        consoles:
          - {"{"} name: shared, type: replay, resource: demo {"}"}
        """, "t.yaml", _dir).Config;

    [Fact]
    public async Task A_second_daemon_with_its_own_database_but_the_same_transcripts_directory_is_refused_naming_the_directory()
    {
        string transcripts = Path.Combine(_dir, "transcripts");
        await using CapturePipeline first = CapturePipeline.Open(Config(Path.Combine(_dir, "a", "incidents.db"), transcripts), NullLoggerFactory.Instance);

        var e = Assert.Throws<Storage.Incidents.StoreUnavailableException>(
            () => CapturePipeline.Open(Config(Path.Combine(_dir, "b", "incidents.db"), transcripts), NullLoggerFactory.Instance));

        Assert.Contains($"the transcripts directory {transcripts} is in use", e.Message, StringComparison.Ordinal);
        // Its database was opened first and is let go: a corrected start of the second daemon is not refused by it.
        await using CapturePipeline corrected = CapturePipeline.Open(
            Config(Path.Combine(_dir, "b", "incidents.db"), Path.Combine(_dir, "b", "transcripts")), NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task A_second_pipeline_on_the_same_data_is_refused_for_its_database_first_not_its_transcripts()
    {
        // A second daemon is told "the database … is in use by a running solwatch daemon; ask it …"; in one process
        // the database's own guard answers first, with the database's name too.
        string database = Path.Combine(_dir, "incidents.db");
        string transcripts = Path.Combine(_dir, "transcripts");
        await using CapturePipeline first = CapturePipeline.Open(Config(database, transcripts), NullLoggerFactory.Instance);

        Exception e = Assert.ThrowsAny<Exception>(() => CapturePipeline.Open(Config(database, transcripts), NullLoggerFactory.Instance));

        Assert.Contains(database, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("transcripts directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transcripts_path_that_is_a_file_is_refused_naming_storage_transcripts_and_the_file_is_left_as_it_was()
    {
        string file = Path.Combine(_dir, "hosts");
        File.WriteAllText(file, "127.0.0.1 localhost\n");

        var e = Assert.Throws<IOException>(() => CapturePipeline.Open(Config(Path.Combine(_dir, "incidents.db"), file), NullLoggerFactory.Instance));

        Assert.Equal($"storage.transcripts {file} is a file, not a directory; give storage.transcripts (or --data-dir) a directory's path", e.Message);
        Assert.Equal("127.0.0.1 localhost\n", File.ReadAllText(file));
    }
}
