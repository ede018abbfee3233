using System.Diagnostics;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Launcher;

/// <summary>
/// The <c>./solwatch</c> launcher at the repository root, run on a small copy of a checkout. The compiler is a
/// hand-written stand-in (a <c>dotnet</c> script first on PATH that counts its builds and writes an executable
/// saying which build it is): what is tested is when the launcher builds and where it puts the result, and a
/// real build takes half a minute.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LauncherScriptTests : IDisposable
{
    private const string FakeDotnet = """
        #!/usr/bin/env bash
        # Stand-in for `dotnet build PROJECT -c Release -o DIR`: counts builds, writes DIR/solwatch.
        set -eu
        [ -n "${FAKE_DOTNET_FAIL:-}" ] && { echo "A.cs(1,1): error CS1002: ; expected"; exit 1; }
        out=
        while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done
        n=$(( $(cat "$FAKE_DOTNET_COUNT" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$FAKE_DOTNET_COUNT"
        mkdir -p "$out"
        printf '#!/usr/bin/env bash\necho "build %s: $*"\n[ "${1:-}" = daemon ] && exec sleep 30\nexit 0\n' "$n" > "$out/solwatch"
        chmod +x "$out/solwatch"
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("solwatch-launcher-").FullName;
    private readonly List<Process> _started = [];

    public LauncherScriptTests()
    {
        string checkout = Path.Combine(_root, "checkout");
        Directory.CreateDirectory(Path.Combine(checkout, "src", "ConsoleCapture", "obj", "Release"));
        Directory.CreateDirectory(Path.Combine(checkout, "src", "ConsoleCapture", "bin", "Release"));
        Directory.CreateDirectory(Path.Combine(checkout, "samples"));
        File.Copy(Path.Combine(RepoPaths.Root, "solwatch"), Path.Combine(checkout, "solwatch"));
        File.WriteAllText(Path.Combine(checkout, "src", "ConsoleCapture", "SolWatch.ConsoleCapture.csproj"), "<Project />\n");
        File.WriteAllText(Path.Combine(checkout, "src", "ConsoleCapture", "Program.cs"), "class P { }\n");
        File.WriteAllText(Path.Combine(checkout, "src", "ConsoleCapture", "obj", "Release", "project.assets.json"), "{}\n");
        File.WriteAllText(Path.Combine(checkout, "src", "ConsoleCapture", "bin", "Release", "solwatch.dll"), "x\n");
        File.WriteAllText(Path.Combine(checkout, "samples", "demo-panic.log"), "Kernel panic\n");
        File.WriteAllText(Path.Combine(checkout, "global.json"), "{}\n");
        File.WriteAllText(Path.Combine(checkout, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(checkout, "Directory.Packages.props"), "<Project />\n");
        string bin = Directory.CreateDirectory(Path.Combine(_root, "fakebin")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"), FakeDotnet.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string Checkout => Path.Combine(_root, "checkout");

    private string Artifacts => Path.Combine(Checkout, "artifacts");

    private int Builds => File.Exists(Path.Combine(_root, "count")) ? int.Parse(File.ReadAllText(Path.Combine(_root, "count")).Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    public void Dispose()
    {
        foreach (Process p in _started)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
            p.Dispose();
        }
        Directory.Delete(_root, recursive: true);
    }

    private Process StartLauncher(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(Checkout, "solwatch"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["PATH"] = Path.Combine(_root, "fakebin") + ":" + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["FAKE_DOTNET_COUNT"] = Path.Combine(_root, "count");
        foreach ((string k, string v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        Process p = Process.Start(psi)!;
        _started.Add(p);
        return p;
    }

    private async Task<(int Code, string Stdout, string Stderr)> LaunchAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        Process p = StartLauncher(env, args);
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    private static void Touch(string path) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));

    [Fact]
    public async Task Files_written_under_obj_and_bin_by_a_dotnet_build_do_not_make_the_launcher_rebuild()
    {
        (int code, string stdout, string stderr) = await LaunchAsync(null, "--version");
        Assert.True(code == 0, stderr);
        Assert.Equal("build 1: --version\n", stdout);
        Assert.Contains("solwatch: building (Release", stderr, StringComparison.Ordinal);

        // What `dotnet build` / `dotnet test` in the checkout leave behind: newer files under obj/ and bin/.
        Touch(Path.Combine(Checkout, "src", "ConsoleCapture", "obj", "Release", "project.assets.json"));
        Touch(Path.Combine(Checkout, "src", "ConsoleCapture", "bin", "Release", "solwatch.dll"));
        File.WriteAllText(Path.Combine(Checkout, "src", "ConsoleCapture", "obj", "Release", "Generated.cs"), "class G { }\n");

        (code, stdout, stderr) = await LaunchAsync(null, "--version");
        Assert.True(code == 0, stderr);
        Assert.Equal("build 1: --version\n", stdout);
        Assert.DoesNotContain("building", stderr, StringComparison.Ordinal);
        Assert.Equal(1, Builds);
    }

    [Theory]
    [InlineData("src/ConsoleCapture/Program.cs")]
    [InlineData("src/ConsoleCapture/SolWatch.ConsoleCapture.csproj")]
    [InlineData("samples/demo-panic.log")]
    [InlineData("Directory.Packages.props")]
    public async Task A_changed_source_rebuilds_into_a_new_directory_and_leaves_the_running_daemon_s_files_alone(string source)
    {
        Assert.Equal(0, (await LaunchAsync(null, "--version")).Code);
        string first = Path.GetFullPath(Path.Combine(Artifacts, File.ResolveLinkTarget(Path.Combine(Artifacts, "solwatch"), returnFinalTarget: false)!.ToString()));
        string firstExe = File.ReadAllText(Path.Combine(first, "solwatch"));
        Process daemon = StartLauncher(null, "daemon");
        await Task.Delay(300);

        File.AppendAllText(Path.Combine(Checkout, source), "\n");
        (int code, string stdout, string stderr) = await LaunchAsync(null, "--version");

        Assert.True(code == 0, stderr);
        Assert.Equal("build 2: --version\n", stdout);
        string second = Path.GetFullPath(Path.Combine(Artifacts, File.ResolveLinkTarget(Path.Combine(Artifacts, "solwatch"), returnFinalTarget: false)!.ToString()));
        Assert.NotEqual(first, second);
        Assert.False(daemon.HasExited);
        Assert.Equal(firstExe, File.ReadAllText(Path.Combine(first, "solwatch")));
    }

    [Fact]
    public async Task A_build_interrupted_earlier_leaves_no_directory_behind_after_the_next_build()
    {
        string interrupted = Directory.CreateDirectory(Path.Combine(Artifacts, "solwatch-0123456789abcdef.tmp.4242")).FullName;
        File.WriteAllText(Path.Combine(interrupted, "solwatch.dll"), "half written");

        (int code, _, string stderr) = await LaunchAsync(null, "--version");

        Assert.True(code == 0, stderr);
        Assert.False(Directory.Exists(interrupted));
    }

    [Fact]
    public async Task A_failed_build_says_so_and_keeps_the_last_good_build()
    {
        Assert.Equal(0, (await LaunchAsync(null, "--version")).Code);
        File.AppendAllText(Path.Combine(Checkout, "src", "ConsoleCapture", "Program.cs"), "broken(\n");

        (int code, string stdout, string stderr) = await LaunchAsync(new Dictionary<string, string> { ["FAKE_DOTNET_FAIL"] = "1" }, "--version");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("error CS1002", stderr, StringComparison.Ordinal);
        Assert.Contains("solwatch: build failed", stderr, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(Artifacts, "solwatch-*")); // the good one; the failed build's directory is gone
        Assert.True(File.Exists(Path.Combine(Artifacts, "solwatch", "solwatch")), "the last good build is still where artifacts/solwatch points");
    }
}
