using System.Diagnostics;
using SolWatch.ConsoleCapture.Cli;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Cli.Completion;

/// <summary>
/// <c>solwatch completion bash|zsh|fish</c> run in the real shells: the script registers itself, and completing a
/// command line (bash: COMP_WORDS and COMP_CWORD set as bash sets them, then the completion function) offers the
/// tree's subcommands, options, fixed values, files and the configuration's console names.
/// </summary>
public sealed class CompletionScriptTests : IDisposable
{
    private static readonly string Bin = AppContext.BaseDirectory.TrimEnd('/');
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-completion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_bash_script_registers_its_function_for_solwatch()
    {
        (int code, string output) = await RunAsync("bash", "-c", "source <(solwatch completion bash); complete -p solwatch");
        Assert.True(code == 0, output);
        Assert.Equal("complete -F _solwatch solwatch", output.Trim());
    }

    [Fact]
    public async Task Bash_completes_every_subcommand_of_the_tree_nested_subcommands_options_and_fixed_values()
    {
        string[] verbs = [.. SolwatchCommandLine.Build().Subcommands.Where(c => !c.Hidden).Select(c => c.Name).Order(StringComparer.Ordinal)];
        Assert.Contains("reload", verbs);
        Assert.Equal(verbs, (await CompleteAsync("solwatch", "")).Order(StringComparer.Ordinal));
        Assert.Equal(["incidents"], await CompleteAsync("solwatch", "inc"));
        Assert.Equal(["list", "show", "export"], await CompleteAsync("solwatch", "incidents", ""));
        Assert.Equal(["--kind"], await CompleteAsync("solwatch", "incidents", "list", "--ki"));
        // Options and their values are skipped when finding the command: --limit 5 is not a subcommand.
        Assert.Equal(["--json"], await CompleteAsync("solwatch", "incidents", "list", "--limit", "5", "--js"));
        Assert.Equal(["json", "text"], (await CompleteAsync("solwatch", "scan", "--format", "")).Order(StringComparer.Ordinal));
        Assert.Equal(["bash", "fish", "zsh"], (await CompleteAsync("solwatch", "completion", "")).Order(StringComparer.Ordinal));
        Assert.Contains("--help", await CompleteAsync("solwatch", "db", "check", "--"));
    }

    [Fact]
    public async Task Bash_completes_files_where_a_file_is_asked_for_and_console_names_from_the_configuration()
    {
        string config = Path.Combine(_dir, "solwatch.yaml");
        await File.WriteAllTextAsync(config, $"""
            storage:
              database: {_dir}/data/incidents.db
            consoles:
              - {"{"} name: web-01, type: tcp, address: 127.0.0.1, port: 9 {"}"}
              - {"{"} name: web-02, type: tcp, address: 127.0.0.1, port: 9 {"}"}
              - {"{"} name: db-01, type: tcp, address: 127.0.0.1, port: 9 {"}"}
            """);
        Assert.Equal([config], await CompleteAsync("solwatch", "config", "check", Path.Combine(_dir, "solw")));
        Assert.Equal([config], await CompleteAsync("solwatch", "consoles", "--config", Path.Combine(_dir, "solw")));
        // No daemon runs for that database: the names come from the file named by --config.
        Assert.Equal(["web-01", "web-02"], await CompleteAsync("solwatch", "tail", "--config", config, "web"));
        Assert.Equal(["db-01", "web-01", "web-02"], (await CompleteAsync("solwatch", "transcript", "--config", config, "")).Order(StringComparer.Ordinal));
        Assert.Equal(["db-01"], await CompleteAsync("solwatch", "incidents", "list", "--config", config, "--console", "d"));
    }

    [PeerFact("zsh")]
    public async Task The_zsh_script_loads_through_bashcompinit_and_registers_the_function()
    {
        (int code, string output) = await RunAsync("zsh", "-c", "source <(solwatch completion zsh) && (( $+functions[_solwatch] )) && echo registered");
        Assert.True(code == 0, output);
        Assert.Contains("registered", output, StringComparison.Ordinal);
    }

    [PeerFact("fish")]
    public async Task Fish_completes_nested_subcommands_and_option_values()
    {
        (int code, string output) = await RunAsync("fish", "-c", "solwatch completion fish | source; complete -C 'solwatch incidents '; complete -C 'solwatch scan --format '");
        Assert.True(code == 0, output);
        string[] words = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0])];
        // fish sorts each completion's candidates.
        Assert.Equal(["export", "list", "show", "json", "text"], words);
    }

    [PeerFact("fish")]
    public async Task Fish_completes_console_names_from_the_configuration_named_on_the_line()
    {
        string config = Path.Combine(_dir, "solwatch.yaml");
        await File.WriteAllTextAsync(config, $$"""
            storage:
              database: {{_dir}}/data/incidents.db
            consoles:
              - { name: web-01, type: tcp, address: 127.0.0.1, port: 9 }
              - { name: db-01, type: tcp, address: 127.0.0.1, port: 9 }
            """);
        (int code, string output) = await RunAsync("fish", "-c", $"solwatch completion fish | source; complete -C 'solwatch tail --config {config} '");
        Assert.True(code == 0, output);
        Assert.Equal(["db-01", "web-01"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]));
    }

    /// <summary>What bash's completion function offers for the words of a command line (the last one being completed).</summary>
    private static async Task<string[]> CompleteAsync(params string[] words)
    {
        (int code, string output) = await RunAsync("bash", ["-c", """
            source <(solwatch completion bash)
            COMP_WORDS=("$@")
            COMP_CWORD=$(( $# - 1 ))
            _solwatch
            printf '%s\n' "${COMPREPLY[@]}"
            """, "bash", .. words]);
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<(int Code, string Output)> RunAsync(string shell, params string[] args)
    {
        var psi = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // The solwatch built beside the tests, found as an installed one would be.
        psi.Environment["PATH"] = Bin + ":" + Environment.GetEnvironmentVariable("PATH");
        psi.Environment.Remove("SOLWATCH_CONFIG");
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }
}
