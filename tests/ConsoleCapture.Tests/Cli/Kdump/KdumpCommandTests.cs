using System.IO.Compression;
using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Cli.Kdump;

/// <summary><c>solwatch kdump</c> run as a process over real console logs (the kdump fixtures without their headers).</summary>
public sealed class KdumpCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-kdump-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A fixture's console text: what follows its header (up to the first empty line).
    private string Console(string fixture, bool gzip = false)
    {
        byte[] raw = File.ReadAllBytes(RepoPaths.Tests("Parsers.Tests", "Fixtures", "kdump", fixture));
        int split = raw.AsSpan().IndexOf("\n\n"u8);
        string path = Path.Combine(_dir, fixture + (gzip ? ".gz" : ""));
        using FileStream file = File.Create(path);
        using Stream output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        output.Write(raw.AsSpan(split + 2));
        return path;
    }

    [Fact]
    public async Task Json_gives_one_object_per_finding_in_file_order_with_the_contract_fields()
    {
        string ok = Console("lab-x86_64-6.1-sysrq-ok-saved.log");
        string failed = Console("ppc64le-fcos-rawhide-makedumpfile-failed.log", gzip: true);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("kdump", "--json", ok, failed);

        Assert.True(code == 0, stderr);
        List<JsonElement> findings = [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal([ok, ok, failed], findings.Select(f => f.GetProperty("source").GetString()));
        Assert.Equal(["readiness", "dump", "dump"], findings.Select(f => f.GetProperty("kind").GetString()));

        JsonElement boot = findings[0];
        Assert.Equal(1, boot.GetProperty("startLine").GetInt64());
        Assert.True(boot.GetProperty("armed").GetBoolean());
        Assert.Equal(112L << 20, boot.GetProperty("crashkernel").GetInt64());
        Assert.Equal(5, boot.GetProperty("panicTimeout").GetInt32());

        JsonElement saved = findings[1];
        Assert.Equal("saved", saved.GetProperty("outcome").GetString());
        Assert.True(saved.GetProperty("armed").GetBoolean());
        Assert.Equal(112L << 20, saved.GetProperty("crashkernel").GetInt64());
        Assert.Equal("/mnt/crash/127.0.0.1-2026-12-04-15:31:43/vmcore", saved.GetProperty("vmcorePath").GetString());
        Assert.True(saved.GetProperty("startLine").GetInt64() < saved.GetProperty("endLine").GetInt64());
        JsonElement[] timeline = [.. saved.GetProperty("timeline").EnumerateArray()];
        Assert.Equal(["crash report", "panic", "capture kernel booted"], timeline.Take(3).Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(JsonValueKind.Null, timeline[0].GetProperty("at").ValueKind);
        Assert.Contains(timeline, e => e.GetProperty("event").GetString() == "vmcore saved");

        JsonElement fail = findings[2];
        Assert.Equal("save-failed", fail.GetProperty("outcome").GetString());
        Assert.StartsWith("makedumpfile failed: readpage_elf:", fail.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, fail.GetProperty("crashkernel").ValueKind);
    }

    [Fact]
    public async Task A_crash_whose_panic_went_on_comes_after_its_boots_readiness_though_the_tracker_decided_it_first()
    {
        // The lab's first kernel up to its panic, then panic()'s countdown: that decides the crash at once, while the
        // boot's readiness is given only when the boot ends (here, the console's end).
        string[] lines = File.ReadAllLines(Console("lab-x86_64-6.1-sysrq-ok-saved.log"));
        int panic = Array.FindIndex(lines, l => l.Contains("Kernel panic - not syncing", StringComparison.Ordinal));
        string went = Path.Combine(_dir, "went-on.log");
        File.WriteAllLines(went, [.. lines.Take(panic + 1), "[   12.600000] Rebooting in 5 seconds.."]);

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("kdump", "--json", went);

        Assert.True(code == 0, stderr);
        List<JsonElement> findings = [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["readiness", "dump"], findings.Select(f => f.GetProperty("kind").GetString()));
        long[] starts = [.. findings.Select(f => f.GetProperty("startLine").GetInt64())];
        Assert.True(starts[0] < starts[1], string.Join(", ", starts));
    }

    [Fact]
    public async Task Text_names_the_outcome_and_reason_and_says_when_a_log_has_nothing()
    {
        string nomem = Console("lab-x86_64-6.1-sysrq-nomem-capture-oom.log");
        string empty = Path.Combine(_dir, "quiet.log");
        await File.WriteAllTextAsync(empty, "[    0.000000] Linux version 6.1.0\n[    1.000000] systemd[1]: Started Journal Service.\n");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("kdump", nomem, empty);

        Assert.True(code == 0, stderr);
        Assert.Contains(": crash: capture-kernel-failed (armed, crashkernel 72M): capture kernel ran out of memory while booting: crashkernel=72M is too small for this kernel", stdout, StringComparison.Ordinal);
        Assert.Contains("  timeline: ", stdout, StringComparison.Ordinal);
        Assert.Contains($"{empty}: nothing about kdump and no crash", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_named_on_stderr_with_exit_2_and_the_other_files_are_still_read()
    {
        string missing = Path.Combine(_dir, "no-such.log");
        string ok = Console("x86_64-fcos-no-memory-reserved.log");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("kdump", "--json", missing, ok);

        Assert.Equal(2, code);
        Assert.Contains($"solwatch kdump: {missing}: no such file; check the path", stderr, StringComparison.Ordinal);
        JsonElement f = JsonDocument.Parse(stdout.Trim()).RootElement;
        Assert.Equal("not-armed", f.GetProperty("outcome").GetString());
        Assert.False(f.GetProperty("armed").GetBoolean());
    }

    [Fact]
    public async Task A_directory_is_refused_in_one_line_and_the_other_files_are_still_read()
    {
        string ok = Console("x86_64-fcos-no-memory-reserved.log");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("kdump", "--json", _dir, ok);

        Assert.Equal(2, code);
        Assert.Equal($"solwatch kdump: {_dir}: a directory; name the files to read (e.g. {Path.Combine(_dir, "*.log")})\n", stderr.ReplaceLineEndings("\n"));
        Assert.Equal("not-armed", JsonDocument.Parse(stdout.Trim()).RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Text_shows_control_and_bidirectional_characters_of_the_vmcore_path_and_the_file_name_as_escapes()
    {
        // A hostile console names its save directory with a right-to-left override and a C1 CSI; the file name holds an ESC.
        string saved = await File.ReadAllTextAsync(Console("lab-x86_64-6.1-sysrq-ok-saved.log"));
        string log = Path.Combine(_dir, "evil\u001b[2J.log");
        await File.WriteAllTextAsync(log, saved.Replace("/mnt/crash/127.0.0.1-2026-12-04-15:31:43", "/mnt/crash/../x\u202eevil\u009b31m", StringComparison.Ordinal));
        string quiet = Path.Combine(_dir, "quiet\u001b]0;title\u0007.log");
        await File.WriteAllTextAsync(quiet, "[    1.000000] systemd[1]: Started Journal Service.\n");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("kdump", log, quiet);

        Assert.True(code == 0, stderr);
        Assert.Contains(@"evil\x1b[2J.log:", stdout, StringComparison.Ordinal);
        Assert.Contains(@": crash: saved (armed, crashkernel 112M): vmcore saved to /mnt/crash/../x\u202eevil\u009b31m/vmcore", stdout, StringComparison.Ordinal);
        Assert.Contains(@"quiet\x1b]0;title\x07.log: nothing about kdump and no crash", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(stdout, c => c is '\u001b' or '\u0007' or '\u202e' or '\u009b');
    }

    [Theory]
    [InlineData("--db")]
    [InlineData("--config")]
    [InlineData("--transcripts")]
    public async Task A_fleet_option_beside_paths_is_refused_rather_than_ignored(string option)
    {
        string ok = Console("x86_64-fcos-no-memory-reserved.log");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("kdump", option, Path.Combine(_dir, "incidents.db"), ok);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"solwatch kdump: {option} chooses the daemon of the fleet view (solwatch kdump without PATHs); with PATHs the logs are read offline: give one or the other\n",
            stderr.ReplaceLineEndings("\n"));
    }
}
