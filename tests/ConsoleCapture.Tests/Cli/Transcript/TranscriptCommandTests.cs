using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Cli.Transcript;

/// <summary>
/// <c>solwatch transcript</c> end to end: a real daemon reads a console server (a TCP listener of this test) that
/// sends console bytes of every awkward kind and drops the link once; the transcript comes back from the running
/// daemon's API and, once it stopped, from the files — raw byte for byte, lines with their gap.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TranscriptCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TestDaemon.Patience;
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-transcript-").FullName;

    private string Database => TestDaemon.Database(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly byte[] First = [.. "[    0.000000] Linux version 6.1.0\r\n"u8, 0x1B, .. "[6n"u8, 0x00, 0xFF, 0xFE, .. "\rhalf a line"u8];
    private static readonly byte[] Second = [.. " and the rest\r\n"u8, 0x07, .. "# "u8];

    [Fact]
    public async Task The_raw_transcript_comes_back_byte_for_byte_from_the_daemon_and_from_the_files_and_the_lines_with_their_gap()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int port = ((IPEndPoint)server.LocalEndpoint).Port;
        using var silent = new TcpListener(IPAddress.Loopback, 0); // the other console's server: connected, says nothing
        silent.Start();
        int silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        string config = await TestDaemon.WriteConfigAsync(_dir, $"""
              - name: cs
                type: tcp
                address: 127.0.0.1
                port: {port}
              - name: no-raw
                type: tcp
                address: 127.0.0.1
                port: {silentPort}
                rawTranscript: false
            """);
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);
        try
        {
            using (TcpClient first = await AcceptAsync(server, "cs"))
            {
                await first.GetStream().WriteAsync(First);
                await WaitForRawBytesAsync(First.Length);
            }
            using TcpClient second = await AcceptAsync(server, "cs again, after the gap");
            await second.GetStream().WriteAsync(Second);
            byte[] expected = [.. First, .. Second];
            await WaitForRawBytesAsync(expected.Length);

            (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("transcript", "cs", "--raw", "-o", Out("daemon.raw"), "--db", Database);
            Assert.True(code == 0, stderr);
            Assert.Equal(expected, await File.ReadAllBytesAsync(Out("daemon.raw")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Out("daemon.raw")));
            Assert.Matches($"^solwatch: gap after byte {First.Length} \\(.*Z\\): ", stderr);

            (code, stdout, stderr) = await SolwatchProcess.RunAsync("transcript", "cs", "--db", Database);
            Assert.True(code == 0, stderr);
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches("^20[0-9-]+T[0-9:.]+Z \\| \\[    0.000000\\] Linux version 6.1.0$", lines[0]);
            Assert.Contains(lines, l => l.Contains(" ! gap: ", StringComparison.Ordinal));

            (code, _, stderr) = await SolwatchProcess.RunAsync("transcript", "no-raw", "--raw", "--db", Database);
            Assert.Equal(2, code);
            Assert.Contains("console no-raw has no raw transcript (rawTranscript is off for it", stderr, StringComparison.Ordinal);
        }
        finally
        {
            daemon.Signal("TERM");
            await daemon.WaitForExitAsync(Patience);
        }

        // No daemon: the same from the files (--db finds the transcripts beside the database).
        byte[] all = [.. First, .. Second];
        (int fileCode, _, string fileStderr) = await SolwatchProcess.RunAsync("transcript", "cs", "--raw", "-o", Out("files.raw"), "--db", Database);
        Assert.True(fileCode == 0, fileStderr);
        Assert.Equal(all, await File.ReadAllBytesAsync(Out("files.raw")));
        (fileCode, string json, fileStderr) = await SolwatchProcess.RunAsync("transcript", "cs", "--raw", "--json", "--db", Database);
        Assert.True(fileCode == 0, fileStderr);
        byte[] fromJson = [.. json.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<JsonElement>(l))
            .Where(s => s.GetProperty("gap").ValueKind == JsonValueKind.Null)
            .SelectMany(s => s.GetProperty("bytes").GetBytesFromBase64())];
        Assert.Equal(all, fromJson);
        (fileCode, string text, fileStderr) = await SolwatchProcess.RunAsync("transcript", "cs", "--text", "--db", Database);
        Assert.True(fileCode == 0, fileStderr);
        Assert.StartsWith("[    0.000000] Linux version 6.1.0\n", text, StringComparison.Ordinal);
        Assert.Contains("solwatch: gap (", fileStderr, StringComparison.Ordinal);
        (fileCode, _, fileStderr) = await SolwatchProcess.RunAsync("transcript", "nobody", "--db", Database);
        Assert.Equal(2, fileCode);
        Assert.Contains("no transcript of console nobody in ", fileStderr, StringComparison.Ordinal);
        // A window with no lines says so on stderr (stdout stays empty for scripts), not an empty answer that looks like a failure.
        (fileCode, text, fileStderr) = await SolwatchProcess.RunAsync("transcript", "cs", "--since", "2000-01-01", "--until", "2000-01-02", "--db", Database);
        Assert.True(fileCode == 0, fileStderr);
        Assert.Equal("", text);
        Assert.Equal("solwatch: no lines of console cs in that time\n", fileStderr);

        // An output path that cannot be written says why in words, not in .NET's ("Could not find a part of the path").
        string missing = Path.Combine(_dir, "no-such-dir", "x.raw");
        (fileCode, _, fileStderr) = await SolwatchProcess.RunAsync("transcript", "cs", "--raw", "-o", missing, "--db", Database);
        Assert.Equal(2, fileCode);
        Assert.Contains($"--output {missing}: no directory {Path.Combine(_dir, "no-such-dir")}; create it first", fileStderr, StringComparison.Ordinal);
        (fileCode, _, fileStderr) = await SolwatchProcess.RunAsync("transcript", "cs", "--raw", "-o", _dir, "--db", Database);
        Assert.Equal(2, fileCode);
        Assert.Contains($"--output {_dir}: a directory; name a file in it", fileStderr, StringComparison.Ordinal);
    }

    private string Out(string name) => Path.Combine(_dir, name);

    private static async Task<TcpClient> AcceptAsync(TcpListener server, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await server.AcceptTcpClientAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the daemon never connected ({what})");
        }
    }

    private async Task WaitForRawBytesAsync(int count)
    {
        string raw = Path.Combine(_dir, "data", "transcripts", "cs", "current.raw");
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(raw) || new FileInfo(raw).Length < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the raw transcript did not reach {count} bytes");
            await Task.Delay(100);
        }
    }
}
