using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Cli.ConfigCheck;

/// <summary>
/// The real <c>solwatch</c> process given hostile configurations: <c>config check</c> and <c>run --config</c> print
/// every error as one FILE:LINE:COL list and exit 2, never a stack trace, never a crash.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigCheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-config-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertNoStackTrace(string output)
    {
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Stack overflow", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_lists_every_error_of_a_hostile_file_and_exits_2()
    {
        string path = Write("hostile.yaml", """
            api:
              port: 1
              port: 2
            consoles:
              - { name: a, type: tcp, address: 10.0.0.1 }
              - { name: a, type: ipmii }
              - { name: b, type: ipmi, address: 10.0.0.3, user: admin, passwordEnv: "S3cr3t!pass" }
            """);
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("config", "check", path);
        AssertNoStackTrace(stdout + stderr);
        Assert.Equal(2, code);
        Assert.Equal(
            [
                $"{path}:3:3: api.port: repeated key (first at line 2); a key may appear once in a mapping",
                $"{path}:5:5: consoles[0].port: is required",
                $"{path}:6:13: consoles[1].name: a is already the name of consoles[0]; console names must be unique",
                $"{path}:6:22: consoles[1].type: ipmii is not a console type; did you mean ipmi? (known: exec, file, ipmi, netconsole, replay, serial, ssh, tcp, telnet)",
                $"{path}:7:73: consoles[2].passwordEnv: the value is not an environment variable name (it looks like a secret itself; it is not shown): set passwordEnv to the NAME of a variable that holds the password",
                "solwatch: 5 configuration errors",
            ],
            stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.DoesNotContain("S3cr3t", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_of_a_valid_file_counts_its_consoles_and_exits_0()
    {
        string path = Write("ok.yaml", """
            consoles:
              - { name: a, type: tcp, address: 10.0.0.1, port: 7001 }
              - { name: b, type: replay, resource: demo }
            """);
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("config", "check", path);
        Assert.Equal(0, code);
        Assert.Equal("ok: 2 consoles", stdout.Trim());
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Config_check_of_a_file_with_no_consoles_warns_that_solwatch_would_watch_nothing()
    {
        string path = Write("empty-consoles.yaml", """
            storage:
              database: /tmp/never-opened.db
            consoles: []
            """);
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("config", "check", path);
        Assert.True(code == 0, stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"warning: {path}:3:", lines[0], StringComparison.Ordinal);
        Assert.Contains("consoles: no console is configured: solwatch would run and watch nothing; add one under consoles:", lines[0], StringComparison.Ordinal);
        Assert.Equal("ok: 0 consoles", lines[1]);
    }

    [Fact]
    public async Task Config_check_warns_of_a_kdump_host_without_a_pinned_host_key_and_still_exits_0()
    {
        string path = Write("kdump.yaml", """
            consoles:
              - name: a
                type: tcp
                address: 10.0.0.1
                port: 7001
                kdumpHost: { host: 10.0.0.11, user: root, passwordEnv: PATH }
            """);
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("config", "check", path);
        Assert.True(code == 0, stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"warning: {path}:6:", lines[0], StringComparison.Ordinal);
        Assert.Contains("consoles[0].kdumpHost.hostKey: hostKey is required (no trust on first use), so SolWatch never connects to 10.0.0.11: run `solwatch ssh-fingerprint 10.0.0.11 --port 22`", lines[0], StringComparison.Ordinal);
        Assert.Equal("ok: 1 console", lines[1]);
    }

    [Fact]
    public async Task Run_with_a_hundred_thousand_nested_brackets_prints_a_located_error_instead_of_overflowing_the_stack()
    {
        string path = Write("deep.yaml", "api: " + new string('[', 100_000) + "\n");
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("run", "--config", path);
        AssertNoStackTrace(stdout + stderr);
        Assert.Equal(2, code);
        Assert.StartsWith($"{path}:1:", stderr, StringComparison.Ordinal);
        Assert.Contains("nested more than 64 levels deep", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing started", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_dev_zero_as_its_configuration_refuses_it_without_reading_it()
    {
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("run", "--config", "/dev/zero");
        AssertNoStackTrace(stdout + stderr);
        Assert.Equal(2, code);
        Assert.StartsWith("/dev/zero:1:1: is a character device, not a regular file", stderr, StringComparison.Ordinal);
    }
}
