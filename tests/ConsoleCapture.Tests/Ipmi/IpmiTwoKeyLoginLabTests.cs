using System.Globalization;
using SolWatch.ConsoleCapture.Ipmi;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Ipmi;

/// <summary>
/// An ipmi_sim with a BMC key (Kg "kgsecret"), on the RMCP+ port of lab instance 229 (UDP 9852). Its SOL goes to a
/// telnet port nobody listens on (that instance's VM port): SOL activates, and what is typed is dropped.
/// </summary>
public sealed class KgBmc229 : IAsyncLifetime
{
    public const string Key = "kgsecret";

    private IpmiSimProcess? _sim;

    public int Port => _sim!.Port;

    public IpmiSessionOptions Options(byte[]? kg) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        UserName = "admin",
        Password = "labpass",
        BmcKey = kg,
        CipherSuites = [3],
    };

    public async Task InitializeAsync() =>
        _sim = await IpmiSimProcess.StartAsync(229, lanLines: $"bmc_key \"{Key}\"", mcLines: "sol \"telnet:127.0.0.1:9231\" 115200");

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }
    }
}

/// <summary>
/// Two-key logins against a real BMC with a Kg (OpenIPMI ipmi_sim with <c>bmc_key</c>): the session keys come from
/// Kg (RAKP4 and every sealed packet after it check that), a missing or wrong Kg is a clear error, and the key
/// works from the configuration (kgFile) through the daemon and from <c>solwatch power --host --kg-env</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IpmiTwoKeyLoginLabTests(KgBmc229 bmc) : IClassFixture<KgBmc229>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-kg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerTheory("ipmi_sim")]
    [InlineData(KgBmc229.Key)]
    [InlineData("0x6b67736563726574")] // the same key in hex
    public async Task With_the_bmcs_key_the_session_opens_and_carries_sealed_requests(string key)
    {
        await using IpmiSession session = await IpmiSession.OpenAsync(bmc.Options(BmcKey.Parse(key)));

        // Set Session Privilege Level (in OpenAsync) and Get Chassis Status travel sealed with K1/K2 from the Kg-based SIK.
        Assert.False((await new IpmiChassis(bmc.Options(BmcKey.Parse(key))).GetStatusAsync()).PowerOn);
        Assert.Equal(3, session.Suite.Id);
    }

    [PeerFact("ipmi_sim")]
    public async Task Without_a_key_or_with_a_wrong_one_the_login_fails_saying_so()
    {
        var missing = await Assert.ThrowsAsync<IpmiException>(() => IpmiSession.OpenAsync(bmc.Options(null)));
        Assert.Equal($"BMC 127.0.0.1:{bmc.Port} has a BMC key (Kg) set; configure it for this console (kgEnv or kgFile; solwatch power --host: --kg-env or --kg-file) or clear it on the BMC", missing.Message);

        var wrong = await Assert.ThrowsAsync<IpmiAuthenticationException>(() => IpmiSession.OpenAsync(bmc.Options(BmcKey.Parse("wrongkey"))));
        Assert.Equal($"BMC 127.0.0.1:{bmc.Port} derived other session keys than ours: the BMC key (Kg) configured for this console is wrong", wrong.Message);
    }

    [PeerFact("ipmi_sim")]
    public async Task The_key_works_from_a_kgFile_through_the_daemon_and_from_power_with_host_and_kg_env()
    {
        string kgFile = Path.Combine(_dir, "bmc.kg");
        await File.WriteAllTextAsync(kgFile, KgBmc229.Key + "\n");
        File.SetUnixFileMode(kgFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string config = await TestDaemon.WriteConfigAsync(_dir, IpmiConsole.Yaml(_dir, "kg229", bmc.Port, $"    kgFile: {kgFile}"));
        string database = TestDaemon.Database(_dir);
        using (SolwatchProcess daemon = await TestDaemon.StartAsync(config, database))
        {
            try
            {
                await TestDaemon.WaitForConnectedAsync(database, "kg229", daemon);
                (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("power", "kg229", "status", "--db", database);
                Assert.True(code == 0, stderr);
                Assert.Equal("power off", stdout.Trim());
                Assert.DoesNotContain(KgBmc229.Key, daemon.Stdout + daemon.Stderr, StringComparison.Ordinal);
            }
            finally
            {
                daemon.Signal("TERM");
                await daemon.WaitForExitAsync(TestDaemon.Patience);
            }
        }

        string port = bmc.Port.ToString(CultureInfo.InvariantCulture);
        var env = new Dictionary<string, string> { ["BMC_PASSWORD"] = "labpass", ["BMC_KG"] = KgBmc229.Key };
        using (SolwatchProcess power = SolwatchProcess.Start(
            ["power", "status", "--host", "127.0.0.1", "-p", port, "-U", "admin", "--password-env", "BMC_PASSWORD", "--kg-env", "BMC_KG", "-C", "3"], env))
        {
            Assert.True(await power.WaitForExitAsync(TimeSpan.FromMinutes(1)) == 0, power.Stderr);
            Assert.Equal("power off", power.Stdout.Trim());
        }
        using (SolwatchProcess power = SolwatchProcess.Start(
            ["power", "status", "--host", "127.0.0.1", "-p", port, "-U", "admin", "--password-env", "BMC_PASSWORD", "-C", "3"], env))
        {
            Assert.Equal(2, await power.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("has a BMC key (Kg) set", power.Stderr, StringComparison.Ordinal);
        }
    }
}
