using SolWatch.ConsoleCapture.Ssh;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

public sealed class SshConsoleOptionsTests
{
    private static readonly SshConsoleOptions Options = new()
    {
        Host = "bmc1.example",
        User = "root",
        Password = "calvin-secret",
        PrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-material\n",
        PrivateKeyPassphrase = "pass-secret",
        HostKeySha256 = "SHA256:" + new string('A', 43),
        Profile = SshConsoleProfile.Idrac,
    };

    [Fact]
    public void ToString_and_Endpoint_never_show_a_secret()
    {
        foreach (string text in new[] { Options.ToString(), Options.Endpoint })
        {
            Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        }
        Assert.Contains("password: set", Options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_port_defaults_to_the_profile_s()
    {
        Assert.Equal("ssh://root@bmc1.example:22 (idrac)", Options.Endpoint);
        Assert.Equal(2200, (Options with { Profile = SshConsoleProfile.OpenBmc }).EffectivePort);
        Assert.Equal(2222, (Options with { Port = 2222 }).EffectivePort);
    }

    [Fact]
    public void A_console_without_credentials_or_with_a_bad_pin_is_rejected_at_construction()
    {
        var none = Assert.Throws<ArgumentException>(() => new SshConsoleCollector(Options with { Password = null, PrivateKey = null }));
        Assert.Contains("neither a password nor a private key", none.Message, StringComparison.Ordinal);
        var pin = Assert.Throws<ArgumentException>(() => new SshConsoleCollector(Options with { HostKeySha256 = "aa:bb" }));
        Assert.Contains("`hostKey`", pin.Message, StringComparison.Ordinal);
        Assert.Contains("ssh://root@bmc1.example:22 (idrac)", pin.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("idrac", "console com2", @"^\")]
    [InlineData("ILO", "vsp", @"\e(")]
    [InlineData("smash", "start /system1/sol1", @"\e(")]
    [InlineData("openbmc", null, "")]
    public void Built_in_profiles_know_how_to_attach_and_leave(string name, string? command, string exit)
    {
        var profile = SshConsoleProfile.Named(name);
        Assert.NotNull(profile);
        Assert.Equal(command, profile.StartCommand);
        Assert.Equal(exit, KeySequence.Format(profile.ExitSequence));
        Assert.Null(profile.BreakSequence);
    }
}
