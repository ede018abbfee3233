using Microsoft.Extensions.Logging.Abstractions;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;
using SolWatch.ConsoleCapture.Hosting;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Tests.Config;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IpmiConsoleTypeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-ipmi-config-").FullName;
    private readonly ConfigLoader _loader = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LoadedConfig Parse(string yaml) => _loader.Parse(yaml, "solwatch.yaml", _dir);

    private string[] Errors(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml)).Errors.Select(e => e.ToString()).ToArray();

    private string PrivateFile(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    [Fact]
    public void A_complete_ipmi_console_maps_to_the_sol_options_and_reads_its_password_only_when_created()
    {
        PrivateFile("bmc.pass", "labpass\n");
        LoadedConfig loaded = Parse("""
            consoles:
              - name: bmc
                type: ipmi
                address: 127.0.0.1
                port: 9674
                user: admin
                passwordFile: bmc.pass
                privilege: user
                cipherSuites: [3]
                activePolicy: steal
                keepalive: 5s
                requestTimeout: 2s
                retransmitLimit: 7
            """);
        var settings = Assert.IsType<IpmiConsoleType.IpmiConsoleSettings>(Assert.Single(loaded.Config.Consoles).Settings);
        IpmiSolOptions o = settings.Options;
        Assert.Equal(("127.0.0.1", 9674, "admin", IpmiPrivilege.User), (o.Session.Host, o.Session.Port, o.Session.UserName, o.Session.Privilege));
        Assert.Equal([3], o.Session.CipherSuites);
        Assert.Equal((SolActivePolicy.Steal, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 7), (o.WhenActive, o.Keepalive, o.Session.RequestTimeout, o.RetransmitLimit));
        Assert.Equal("", o.Session.Password);
        Assert.Equal(Path.Combine(_dir, "bmc.pass"), settings.Password.FilePath);
        Assert.DoesNotContain("labpass", loaded.Config.ToString(), StringComparison.Ordinal);

        var collector = settings.CreateCollector(new CollectorContext("bmc", NullLoggerFactory.Instance, new SharedServices()));
        Assert.Equal("ipmi-sol://admin@127.0.0.1:9674", collector.Endpoint);
    }

    [Fact]
    public void Defaults_are_port_623_suites_17_then_3_and_waiting_for_a_busy_console()
    {
        LoadedConfig loaded = Parse("""
            consoles:
              - { name: bmc, type: ipmi, address: bmc.example.net, user: admin, passwordEnv: PATH }
            """);
        IpmiSolOptions o = Assert.IsType<IpmiConsoleType.IpmiConsoleSettings>(Assert.Single(loaded.Config.Consoles).Settings).Options;
        Assert.Equal((623, SolActivePolicy.Wait, false), (o.Session.Port, o.WhenActive, o.Session.AllowInsecure));
        Assert.Equal([17, 3], o.Session.CipherSuites);
    }

    [Fact]
    public void Unsupported_and_insecure_cipher_suites_are_refused_at_their_list_item()
    {
        string[] errors = Errors("""
            consoles:
              - name: bmc
                type: ipmi
                address: 127.0.0.1
                user: admin
                passwordEnv: PATH
                cipherSuites: [17, 0, 42]
            """);
        Assert.Equal(
            [
                "solwatch.yaml:7:24: consoles[0].cipherSuites[1]: cipher suite 0 has no authentication, integrity or encryption (anyone who knows a user name can log in); use 17 or 3, or set allowInsecure: true for this console",
                "solwatch.yaml:7:27: consoles[0].cipherSuites[2]: cipher suite 42 is not supported by SolWatch; use 17 or 3",
            ],
            errors);
    }

    [Fact]
    public void Suite_0_is_accepted_only_with_allowInsecure()
    {
        LoadedConfig loaded = Parse("""
            consoles:
              - { name: bmc, type: ipmi, address: 127.0.0.1, user: admin, passwordEnv: PATH, cipherSuites: [0], allowInsecure: true }
            """);
        Assert.Equal([0], Assert.IsType<IpmiConsoleType.IpmiConsoleSettings>(Assert.Single(loaded.Config.Consoles).Settings).Options.Session.CipherSuites);
    }

    [Fact]
    public void A_plain_password_is_refused_without_repeating_it_and_a_missing_one_is_named()
    {
        string[] errors = Errors("""
            consoles:
              - name: bmc
                type: ipmi
                address: 127.0.0.1
                user: admin
                password: hunter2
            """);
        Assert.Equal(
            [
                "solwatch.yaml:2:5: consoles[0].passwordEnv: is required (or passwordFile)",
                "solwatch.yaml:6:15: consoles[0].password: secrets are not allowed in the configuration file; use passwordEnv (an environment variable) or passwordFile (a file only its owner can read)",
            ],
            errors);
        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bmc_key_comes_from_kgFile_or_kgEnv_and_is_read_only_when_the_collector_is_created()
    {
        PrivateFile("bmc.pass", "labpass\n");
        string kg = PrivateFile("bmc.kg", "0x00112233445566778899aabbccddeeff01020304\n");
        LoadedConfig loaded = Parse("""
            consoles:
              - { name: bmc, type: ipmi, address: 127.0.0.1, user: admin, passwordFile: bmc.pass, kgFile: bmc.kg }
              - { name: other, type: ipmi, address: 127.0.0.1, user: admin, passwordFile: bmc.pass, kgEnv: PATH }
            """);
        var settings = Assert.IsType<IpmiConsoleType.IpmiConsoleSettings>(loaded.Config.Consoles[0].Settings);
        Assert.Equal(new SecretReference(null, kg), settings.Kg);
        Assert.Null(settings.Options.Session.BmcKey); // the secret stays where it is until the console starts
        Assert.Equal(new SecretReference("PATH", null), Assert.IsType<IpmiConsoleType.IpmiConsoleSettings>(loaded.Config.Consoles[1].Settings).Kg);
        Assert.DoesNotContain("00112233", loaded.Config.ToString(), StringComparison.Ordinal);
        Assert.Equal("ipmi-sol://admin@127.0.0.1:623", settings.CreateCollector(new CollectorContext("bmc", NullLoggerFactory.Instance, new SharedServices())).Endpoint);

        // A key that cannot be a Kg stops this console when it starts, with the file named and the secret not shown.
        File.WriteAllText(kg, "a key far longer than twenty bytes\n");
        var e = Assert.Throws<InvalidOperationException>(() => settings.CreateCollector(new CollectorContext("bmc", NullLoggerFactory.Instance, new SharedServices())));
        Assert.Equal($"IPMI console 127.0.0.1:623: BMC key (file:{kg}): a BMC key is 1-20 bytes of text, or 0x followed by up to 40 hex digits; this one is 34 bytes of text", e.Message);
    }

    [Fact]
    public void A_bmc_key_written_in_the_file_or_in_a_file_others_can_read_is_refused()
    {
        PrivateFile("bmc.pass", "labpass\n");
        string open = Path.Combine(_dir, "open.kg");
        File.WriteAllText(open, "kgsecret\n");
        File.SetUnixFileMode(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        string[] errors = Errors($"""
            consoles:
              - {"{"} name: a, type: ipmi, address: 127.0.0.1, user: admin, passwordFile: bmc.pass, kg: kgsecret {"}"}
              - {"{"} name: b, type: ipmi, address: 127.0.0.1, user: admin, passwordFile: bmc.pass, kgFile: {open} {"}"}
              - {"{"} name: c, type: ipmi, address: 127.0.0.1, user: admin, passwordFile: bmc.pass, kgEnv: SOLWATCH_TEST_SURELY_UNSET_KG {"}"}
            """);
        Assert.Equal(
            [
                "solwatch.yaml:2:89: consoles[0].kg: secrets are not allowed in the configuration file; use kgEnv (an environment variable) or kgFile (a file only its owner can read)",
                $"solwatch.yaml:3:93: consoles[1].kgFile: {open} can be read by group or others; run: chmod 600 {open}",
                "solwatch.yaml:4:92: consoles[2].kgEnv: environment variable SOLWATCH_TEST_SURELY_UNSET_KG is not set",
            ],
            errors);
        Assert.DoesNotContain(errors, e => e.Contains("kgsecret", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_user_a_long_keepalive_and_an_unknown_policy_are_located()
    {
        string[] errors = Errors("""
            consoles:
              - name: a
                type: ipmi
                address: 127.0.0.1
                passwordEnv: PATH
              - name: b
                type: ipmi
                address: 127.0.0.1
                user: admin
                passwordEnv: PATH
                keepalive: 30s
                activePolicy: grab
            """);
        Assert.Equal(
            [
                "solwatch.yaml:2:5: consoles[0].user: IPMI console 127.0.0.1:623: the user name is empty (the BMC's anonymous user); set a user, or allow empty user names explicitly",
                "solwatch.yaml:11:16: consoles[1].keepalive: IPMI console 127.0.0.1:623: keepalive 00:00:30 must be between 0 and 15 s (BMCs drop idle sessions after 30-60 s)",
                "solwatch.yaml:12:19: consoles[1].activePolicy: grab is not one of: wait, steal, fail",
            ],
            errors);
    }
}
