using Microsoft.Extensions.Logging.Abstractions;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;
using SolWatch.ConsoleCapture.Hosting;
using SolWatch.ConsoleCapture.Ssh;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Config;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SshConsoleTypeTests : IDisposable
{
    private const string Pin = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-ssh-config-").FullName;
    private readonly ConfigLoader _loader = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LoadedConfig Parse(string yaml) => _loader.Parse(yaml, "solwatch.yaml", _dir);

    private string[] Errors(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml)).Errors.Select(e => e.ToString()).ToArray();

    private static CollectorContext Context => new("c", NullLoggerFactory.Instance, new SharedServices());

    [Fact]
    public void A_complete_ssh_console_maps_to_the_ssh_options_with_the_profile_overrides()
    {
        LoadedConfig loaded = Parse($"""
            consoles:
              - name: sm
                type: ssh
                address: 10.0.0.5
                user: ADMIN
                passwordEnv: PATH
                hostKey: {Pin}
                profile: smash
                exitSequence: \r\eT
                readIdleTimeout: 10m
                keepalive: 5s
            """);
        var settings = Assert.IsType<SshConsoleType.SshConsoleSettings>(Assert.Single(loaded.Config.Consoles).Settings);
        SshConsoleOptions o = settings.Options;
        Assert.Equal(("10.0.0.5", 22, "ADMIN", Pin), (o.Host, o.EffectivePort, o.User, o.HostKeySha256));
        Assert.Equal(("smash", "start /system1/sol1"), (o.Profile.Name, o.Profile.StartCommand));
        Assert.Equal([(byte)'\r', 0x1B, (byte)'T'], o.Profile.ExitSequence.ToArray());
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5)), (o.ReadIdleTimeout, o.KeepAliveInterval));
        Assert.Null(o.Password);
        Assert.Equal("ssh://ADMIN@10.0.0.5:22 (smash)", settings.CreateCollector(Context).Endpoint);
    }

    [PeerFact("ssh-keygen")]
    public void A_private_key_file_with_its_passphrase_file_is_read_when_the_collector_is_created()
    {
        string key = Path.Combine(_dir, "bmc_key");
        var keygen = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "s3cret", "-f", key])
            ?? throw new InvalidOperationException("ssh-keygen did not start (apt-get install openssh-client)");
        keygen.WaitForExit();
        Assert.Equal(0, keygen.ExitCode);
        string passphrase = Path.Combine(_dir, "bmc_key.pass");
        File.WriteAllText(passphrase, "s3cret\n");
        File.SetUnixFileMode(passphrase, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        LoadedConfig loaded = Parse($"""
            consoles:
              - name: ob
                type: ssh
                address: 10.0.0.6
                user: root
                keyFile: bmc_key
                keyPassphraseFile: bmc_key.pass
                hostKey: {Pin}
            """);
        var settings = Assert.IsType<SshConsoleType.SshConsoleSettings>(Assert.Single(loaded.Config.Consoles).Settings);
        Assert.Equal(key, settings.Key!.FilePath);
        Assert.DoesNotContain("s3cret", settings.ToString(), StringComparison.Ordinal);
        Assert.Equal("ssh://root@10.0.0.6:2200 (openbmc)", settings.CreateCollector(Context).Endpoint);

        File.WriteAllText(passphrase, "wrong\n");
        var e = Assert.Throws<ArgumentException>(() => settings.CreateCollector(Context));
        Assert.Contains("the private key cannot be read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Openbmc_is_the_default_profile_on_port_2200()
    {
        LoadedConfig loaded = Parse($"""
            consoles:
              - {"{"} name: ob, type: ssh, address: 10.0.0.6, user: root, passwordEnv: PATH, hostKey: "{Pin}" {"}"}
            """);
        Assert.Equal("ssh://root@10.0.0.6:2200 (openbmc)", Assert.Single(loaded.Config.Consoles).Settings.Endpoint);
    }

    [Fact]
    public void A_console_without_a_pinned_host_key_does_not_start_and_says_how_to_get_the_fingerprint()
    {
        LoadedConfig loaded = Parse("""
            consoles:
              - name: ob
                type: ssh
                address: 10.0.0.6
                user: root
                passwordEnv: PATH
              - { name: other, type: tcp, address: 127.0.0.1, port: 7001 }
            """);
        ConfigError problem = Assert.Single(loaded.ConsoleProblems);
        Assert.StartsWith(
            "solwatch.yaml:2:5: consoles[0].hostKey: hostKey is required (no trust on first use): run `solwatch ssh-fingerprint 10.0.0.6 --port 2200`",
            problem.ToString(), StringComparison.Ordinal);
        var e = Assert.Throws<InvalidOperationException>(() => loaded.Config.Consoles[0].Settings.CreateCollector(Context));
        Assert.Contains("solwatch ssh-fingerprint 10.0.0.6 --port 2200", e.Message, StringComparison.Ordinal);
        Assert.Null(loaded.Config.Consoles[1].Problem);
    }

    [Fact]
    public void A_plain_password_a_bad_fingerprint_and_a_bad_break_sequence_are_located()
    {
        string[] errors = Errors("""
            consoles:
              - name: dr
                type: ssh
                address: 10.0.0.7
                user: root
                password: calvin
                hostKey: MD5:00:11:22
                profile: idrac
                breakSequence: ^1
            """);
        Assert.Equal(
            [
                "solwatch.yaml:2:5: consoles[0].passwordEnv: give passwordEnv/passwordFile or keyFile (or both): the BMC needs a credential",
                "solwatch.yaml:6:15: consoles[0].password: secrets are not allowed in the configuration file; use passwordEnv (an environment variable) or passwordFile (a file only its owner can read)",
                "solwatch.yaml:7:14: consoles[0].hostKey: host key fingerprint \"MD5:00:11:22\" must start with \"SHA256:\" (OpenSSH format, e.g. from `solwatch ssh-fingerprint HOST` or `ssh-keygen -lf KEY.pub`); MD5 fingerprints are not accepted; run `solwatch ssh-fingerprint 10.0.0.7 --port 22` and pin what it prints",
                "solwatch.yaml:9:20: consoles[0].breakSequence: key sequence \"^1\": ^1 at position 1 is not a control key (use ^@ .. ^_ or ^?)",
            ],
            errors);
        Assert.DoesNotContain(errors, e => e.Contains("calvin", StringComparison.Ordinal));
    }
}
