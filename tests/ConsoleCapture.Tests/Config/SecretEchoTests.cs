using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Tests.Config;

/// <summary>
/// A secret written where the name of its variable or file was expected must never come back in an error
/// message (errors end up in terminals, logs and bug reports).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretEchoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-secret-echo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ConfigException Invalid(string yaml)
    {
        string path = Path.Combine(_dir, "solwatch.yaml");
        File.WriteAllText(path, yaml);
        return Assert.Throws<ConfigException>(() => new ConfigLoader(ConsoleTypeRegistry.Default.With(new TestConsoleType())).Load(path));
    }

    [Fact]
    public void A_password_written_as_passwordEnv_is_not_echoed_and_the_error_says_to_give_a_variable_name()
    {
        ConfigException e = Invalid("""
            consoles:
              - name: bmc
                type: ipmi
                address: 10.0.0.1
                user: admin
                passwordEnv: S3cr3t!pass#word
            """);
        ConfigError error = Assert.Single(e.Errors);
        Assert.Equal(
            "consoles[0].passwordEnv: the value is not an environment variable name (it looks like a secret itself; it is not shown): set passwordEnv to the NAME of a variable that holds the password",
            $"{error.Key}: {error.Message}");
        Assert.Equal((6, 18), (error.Line, error.Column));
        Assert.DoesNotContain("S3cr3t", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hunter2")]
    [InlineData("correcthorsebatterystaple")]
    public void A_password_that_could_be_a_variable_name_but_is_unset_is_not_echoed_either(string password)
    {
        ConfigException e = Invalid($"""
            consoles:
              - {"{"} name: a, type: test, address: 10.0.0.1, port: 623, passwordEnv: {password} {"}"}
            """);
        ConfigError error = Assert.Single(e.Errors);
        Assert.Equal("passwordEnv", error.Key[(error.Key.LastIndexOf('.') + 1)..]);
        Assert.Contains("is not set", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_upper_case_variable_is_still_named()
    {
        ConfigException e = Invalid("""
            consoles:
              - { name: a, type: test, address: 10.0.0.1, port: 623, passwordEnv: SOLWATCH_TEST_SURELY_UNSET_VARIABLE }
            """);
        Assert.Contains("environment variable SOLWATCH_TEST_SURELY_UNSET_VARIABLE is not set", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hunter2")]
    [InlineData("P4ss/w0rd!")]
    [InlineData("my secret words")]
    public void A_password_written_as_passwordFile_is_not_echoed(string password)
    {
        ConfigException e = Invalid($"""
            consoles:
              - name: a
                type: test
                address: 10.0.0.1
                port: 623
                passwordFile: "{password}"
            """);
        ConfigError error = Assert.Single(e.Errors);
        Assert.Equal("consoles[0].passwordFile", error.Key);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("it is not shown", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_password_file_that_is_plainly_a_path_is_named()
    {
        ConfigException e = Invalid("""
            consoles:
              - { name: a, type: ipmi, address: 10.0.0.1, user: admin, passwordFile: secrets/bmc.pass }
            """);
        Assert.Contains($"{Path.Combine(_dir, "secrets", "bmc.pass")} does not exist", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_private_key_pasted_as_keyEnv_or_keyFile_is_not_echoed()
    {
        const string pem = "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\\n-----END OPENSSH PRIVATE KEY-----";
        ConfigException e = Invalid($"""
            consoles:
              - name: a
                type: ssh
                address: 10.0.0.1
                user: root
                hostKey: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
                keyEnv: "{pem}"
              - name: b
                type: ssh
                address: 10.0.0.2
                user: root
                hostKey: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
                keyFile: "{pem}"
            """);
        Assert.Equal(["consoles[0].keyEnv", "consoles[1].keyFile"], e.Errors.Select(x => x.Key));
        Assert.DoesNotContain("b3BlbnNzaC1rZXkt", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bmc_key_pasted_as_kgEnv_is_not_echoed()
    {
        ConfigException e = Invalid("""
            consoles:
              - { name: bmc, type: ipmi, address: 10.0.0.1, user: admin, passwordEnv: PATH, kgEnv: "0x0123456789abcdef" }
            """);
        Assert.Equal("consoles[0].kgEnv", Assert.Single(e.Errors).Key);
        Assert.DoesNotContain("0123456789", e.Message, StringComparison.Ordinal);
    }
}
