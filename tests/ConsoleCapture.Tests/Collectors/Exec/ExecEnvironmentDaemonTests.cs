using SolWatch.ConsoleCapture.Tests.Api;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Exec;

/// <summary>An exec console's command sees a minimal environment plus what its configuration names, never the daemon's secrets.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExecEnvironmentDaemonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-execenv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Dictionary<string, string> DaemonEnvironment = new()
    {
        ["SOLWATCH_TEST_BMC_PASSWORD"] = "hunter2-daemon-secret",
        ["SOLWATCH_TEST_PASSED"] = "passed-on-purpose",
        ["LC_TIME"] = "C",
    };

    [Fact]
    public async Task A_command_running_env_sees_no_secret_of_the_daemons_environment()
    {
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, """
              - name: plain
                type: exec
                command: [env]
            """, DaemonEnvironment);

        string[] plain = await TestDaemon.WaitForLineAsync(daemon.Database, "plain", "env's PATH line", l => l.StartsWith("PATH=", StringComparison.Ordinal));
        Assert.DoesNotContain(plain, l => l.Contains("hunter2", StringComparison.Ordinal));
        Assert.DoesNotContain(plain, l => l.StartsWith("SOLWATCH_TEST_PASSED=", StringComparison.Ordinal));
        Assert.Contains("LC_TIME=C", plain);
        Assert.Contains(plain, l => l.StartsWith("HOME=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_gets_the_daemons_variables_its_console_passes_by_name_and_the_plain_values_it_sets()
    {
        await using RunningDaemon daemon = await RunningDaemon.StartAsync(_dir, """
              - name: named
                type: exec
                command: [env]
                passEnv: [SOLWATCH_TEST_PASSED]
                env:
                  GREETING: hello-from-config
            """, DaemonEnvironment);

        string[] named = await TestDaemon.WaitForLineAsync(daemon.Database, "named", "the configured variable", l => l == "GREETING=hello-from-config");
        Assert.Contains("SOLWATCH_TEST_PASSED=passed-on-purpose", named);
        Assert.DoesNotContain(named, l => l.Contains("hunter2", StringComparison.Ordinal));
    }
}
