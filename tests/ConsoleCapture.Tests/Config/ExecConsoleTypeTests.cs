using SolWatch.ConsoleCapture.Collectors.Exec;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Tests.Config;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExecConsoleTypeTests
{
    private static LoadedConfig Parse(string yaml) => new ConfigLoader().Parse(yaml, "solwatch.yaml", Path.GetTempPath());

    [Fact]
    public void Env_passEnv_and_sendTimeout_reach_the_collectors_options()
    {
        LoadedConfig loaded = Parse("""
            consoles:
              - name: a
                type: exec
                command: [ipmitool, -E, sol, activate]
                passEnv: [IPMI_PASSWORD]
                env:
                  IPMI_CIPHER: "17"
                sendTimeout: 2s
            """);
        var settings = Assert.IsType<CollectorSettings<ExecCollectorOptions>>(Assert.Single(loaded.Config.Consoles).Settings);
        Assert.Equal(["IPMI_PASSWORD"], settings.Options.PassEnvironment.ToArray());
        Assert.Equal("17", settings.Options.Environment["IPMI_CIPHER"]);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Options.SendTimeout);

        var child = ExecEnvironment.For(settings.Options, new Dictionary<string, string>
        {
            ["PATH"] = "/bin", ["IPMI_PASSWORD"] = "s3cret", ["OTHER_CONSOLE_PASSWORD"] = "hunter2", ["LC_ALL"] = "C",
        });
        Assert.Equal(["IPMI_CIPHER", "IPMI_PASSWORD", "LC_ALL", "PATH", ExecOwner.Variable], child.Keys);
    }

    [Fact]
    public void A_bad_variable_name_or_a_secret_written_as_a_mapping_is_an_error_at_its_key()
    {
        ConfigException e = Assert.Throws<ConfigException>(() => Parse("""
            consoles:
              - name: a
                type: exec
                command: [env]
                passEnv: ["NOT-A-NAME"]
              - name: b
                type: exec
                command: [env]
                env:
                  1BAD: x
                  GOOD: {nested: value}
            """));
        Assert.Equal(
            [
                "solwatch.yaml:5:14: consoles[0].passEnv: 'NOT-A-NAME' is not an environment variable name (letters, digits and _, not starting with a digit)",
                "solwatch.yaml:10:7: consoles[1].env.1BAD: is not an environment variable name (letters, digits and _, not starting with a digit)",
                "solwatch.yaml:11:13: consoles[1].env.GOOD: must be a single value (for a secret, set it in the daemon's environment and name it in passEnv)",
            ],
            e.Errors.Select(x => x.ToString()));
    }
}
