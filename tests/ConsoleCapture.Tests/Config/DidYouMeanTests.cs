using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Tests.Config;

/// <summary>A misspelt key or console type gets the nearest valid one at that place as a suggestion.</summary>
public sealed class DidYouMeanTests
{
    private readonly ConfigLoader _loader = new(ConsoleTypeRegistry.Default.With(new TestConsoleType()), checkEnvironment: false);

    private string[] Errors(string yaml) =>
        Assert.Throws<ConfigException>(() => _loader.Parse(yaml, "solwatch.yaml", Path.GetTempPath())).Errors.Select(e => $"{e.Key}: {e.Message}").ToArray();

    [Fact]
    public void Misspelt_keys_at_every_level_get_the_nearest_valid_key()
    {
        Assert.Equal(
            [
                "storage.databse: unknown key; did you mean database?",
                "retention.trasncripts: unknown key; did you mean transcripts?",
                "consoels: unknown key; did you mean consoles?",
            ],
            Errors("""
                storage:
                  databse: x.db
                retention:
                  trasncripts: 7d
                consoels: []
                """));
    }

    [Fact]
    public void A_misspelt_console_setting_gets_the_nearest_setting_of_its_type_and_a_wrong_case_is_caught()
    {
        Assert.Equal(
            [
                "consoles[0].adress: unknown key (not a setting of type tcp); did you mean address?",
                "consoles[1].PasswordEnv: unknown key (not a setting of type ipmi); did you mean passwordEnv?",
                "consoles[1].passwordEnv: is required (or passwordFile)",
            ],
            Errors("""
                consoles:
                  - { name: a, type: tcp, address: 10.0.0.1, adress: 10.0.0.2, port: 7001 }
                  - { name: b, type: ipmi, address: 10.0.0.2, user: admin, PasswordEnv: BMC_PASS }
                """).OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void A_key_nothing_like_a_valid_one_gets_no_suggestion()
    {
        Assert.Equal(["api.colour: unknown key"], Errors("api:\n  colour: blue\n"));
    }

    [Fact]
    public void A_misspelt_console_type_gets_the_nearest_type_and_its_settings_are_not_reported_as_unknown()
    {
        Assert.Equal(
            ["consoles[0].type: ipmii is not a console type; did you mean ipmi? (known: exec, file, ipmi, netconsole, replay, serial, ssh, tcp, telnet, test)"],
            Errors("""
                consoles:
                  - { name: a, type: ipmii, address: 10.0.0.1, user: admin, passwordEnv: BMC_PASS }
                """));
    }

    [Fact]
    public void A_misspelt_choice_gets_the_nearest_allowed_value()
    {
        Assert.Equal(
            ["logging.level: Warn is not one of: Verbose, Debug, Information, Warning, Error; did you mean Warning?"],
            Errors("logging:\n  level: Warn\n"));
    }
}
