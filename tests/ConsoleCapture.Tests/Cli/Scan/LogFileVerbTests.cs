using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Cli.Scan;

/// <summary>What <c>solwatch scan</c> and <c>solwatch kdump</c> (the real CLI) say about a path they cannot read: one
/// line on stderr, escaped like their text, exit 2, the other files still read.</summary>
public sealed class LogFileVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-log-file-verb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Panic()
    {
        string path = Path.Combine(_dir, "panic.log");
        File.WriteAllText(path, "[    1.000000] Kernel panic - not syncing: walk\n");
        return path;
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("kdump")]
    public async Task An_empty_path_is_refused_in_one_line_without_a_stack_trace_and_the_other_files_are_still_read(string verb)
    {
        string panic = Panic();

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync(verb, "", panic);

        Assert.Equal(2, code);
        Assert.Equal($"solwatch {verb}: an empty path; name a file, or - for standard input\n", stderr.ReplaceLineEndings("\n"));
        Assert.Contains($"{panic}:1-1: ", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("kdump")]
    public async Task A_missing_file_whose_name_holds_escape_sequences_is_named_with_them_escaped(string verb)
    {
        string missing = Path.Combine(_dir, "gone\u001b]0;title\u0007\u202e.log");

        (int code, _, string stderr) = await SolwatchProcess.RunAsync(verb, missing);

        Assert.Equal(2, code);
        Assert.Equal($"solwatch {verb}: {_dir}/gone\\x1b]0;title\\x07\\u202e.log: no such file; check the path\n", stderr.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("scan", "--format", "json")]
    [InlineData("kdump", "--json")]
    public async Task Json_lines_escape_a_consoles_bidirectional_override_and_keep_printable_unicode_as_it_is(params string[] verb)
    {
        // in the file name (the finding's source, both verbs) and in the console text (scan's title)
        string path = Path.Combine(_dir, "caf\u00e9 \u202egol.log");
        File.WriteAllText(path, "[    1.000000] Kernel panic - not syncing: caf\u00e9 evil\u202ecod.exe\u0085\n");

        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync([.. verb, path]);

        Assert.True(code == 0, stderr);
        Assert.Contains("caf\u00e9 \\u202egol.log", stdout, StringComparison.Ordinal);
        if (verb[0] == "scan")
        {
            Assert.Contains("caf\u00e9 evil\\u202ecod.exe\\u0085", stdout, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("\u202e", stdout, StringComparison.Ordinal);
        Assert.All(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => System.Text.Json.JsonDocument.Parse(line).Dispose());
    }

    [Fact]
    public async Task An_io_error_is_told_once_without_dotnet_repeating_the_full_path()
    {
        string loop = Path.Combine(_dir, "loop");
        File.CreateSymbolicLink(loop, loop);

        (int code, _, string stderr) = await SolwatchProcess.RunAsync("scan", loop);

        Assert.Equal(2, code);
        Assert.Equal($"solwatch scan: {loop}: Too many levels of symbolic links\n", stderr.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("kdump")]
    public async Task A_closed_standard_output_is_told_in_one_line_and_exit_2_not_a_stack_trace(string verb)
    {
        string panic = Panic();
        var psi = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // `>&-`: the process starts with descriptor 1 closed (the runtime then opens its own files on it).
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$1\" \"$2\" >&-");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "solwatch"));
        psi.ArgumentList.Add(verb);
        psi.ArgumentList.Add(panic);
        using var process = System.Diagnostics.Process.Start(psi)!;
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("solwatch: standard output is closed; give it a file, a pipe or /dev/null (e.g. > /dev/null)\n", stderr.ReplaceLineEndings("\n"));
    }
}
