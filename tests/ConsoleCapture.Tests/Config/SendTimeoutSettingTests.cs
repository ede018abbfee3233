using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Tests.Config;

/// <summary>The key <c>sendTimeout</c> of every console type that takes input (see <see cref="SendTimeoutSetting"/>).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SendTimeoutSettingTests
{
    private static LoadedConfig Parse(string yaml) => new ConfigLoader().Parse(yaml, "solwatch.yaml", Path.GetTempPath());

    [Fact]
    public void Every_type_that_takes_input_reads_sendTimeout_and_defaults_to_five_seconds()
    {
        LoadedConfig loaded = Parse("""
            consoles:
              - { name: t, type: tcp, address: 127.0.0.1, port: 7001, sendTimeout: 2s }
              - { name: n, type: telnet, address: 127.0.0.1, port: 7002, sendTimeout: 1m }
              - { name: s, type: serial, device: /dev/solwatch-no-such-tty, sendTimeout: 90s }
              - { name: i, type: ipmi, address: 127.0.0.1, user: admin, passwordEnv: PATH, sendTimeout: 3s }
              - { name: e, type: exec, command: [cat], sendTimeout: 4s }
              - { name: plain, type: tcp, address: 127.0.0.1, port: 7003 }
            """);
        Assert.Equal(
            new Dictionary<string, TimeSpan>
            {
                ["t"] = TimeSpan.FromSeconds(2), ["n"] = TimeSpan.FromMinutes(1), ["s"] = TimeSpan.FromSeconds(90),
                ["i"] = TimeSpan.FromSeconds(3), ["e"] = TimeSpan.FromSeconds(4), ["plain"] = TimeSpan.FromSeconds(5),
            },
            loaded.Config.Consoles.ToDictionary(c => c.Name, c => c.Settings.SendTimeout));
    }

    [Fact]
    public void A_send_timeout_of_zero_or_of_more_than_a_day_is_an_error_at_its_key_and_a_console_that_takes_no_input_has_no_such_key()
    {
        ConfigException e = Assert.Throws<ConfigException>(() => Parse("""
            consoles:
              - { name: t, type: tcp, address: 127.0.0.1, port: 7001, sendTimeout: 0s }
              - { name: f, type: file, path: /tmp/x.log, sendTimeout: 5s }
              - { name: n, type: telnet, address: 127.0.0.1, port: 7001, sendTimeout: 30d }
              - { name: e, type: exec, command: [cat], sendTimeout: 25d }
            """));
        string[] errors = e.Errors.Select(x => x.ToString()).ToArray();
        Assert.Contains(errors, x => x.Contains("consoles[0].sendTimeout: must be above zero", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.Contains("consoles[1].sendTimeout: unknown key", StringComparison.Ordinal));
        // Longer than a timer takes (about 24.8 days) would fail every send with an internal error.
        Assert.Contains(errors, x => x.Contains("consoles[2].sendTimeout: must be above zero and at most 1d", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.Contains("consoles[3].sendTimeout: must be above zero and at most 1d", StringComparison.Ordinal));
        Assert.Equal(4, errors.Length);
    }
}
