using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Tests.Config;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-config-").FullName;
    private readonly ConfigLoader _loader = new(ConsoleTypeRegistry.Default.With(new TestConsoleType()));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LoadedConfig Parse(string yaml) => _loader.Parse(yaml, "solwatch.yaml", _dir);

    private ConfigException Invalid(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void A_bad_port_is_reported_with_its_file_line_column_and_key()
    {
        ConfigException e = Invalid("""
            consoles:
              - name: a
                type: test
                address: 10.0.0.1
                port: 22
              - name: b
                type: test
                address: 10.0.0.2
                port: 70000
            """);
        ConfigError error = Assert.Single(e.Errors);
        Assert.Equal("solwatch.yaml:9:11: consoles[1].port: 70000 is not a port (1-65535)", error.ToString());
    }

    [Fact]
    public void A_console_whose_type_key_is_misspelt_is_told_type_is_required_and_the_misspelt_key_at_its_line_with_did_you_mean()
    {
        ConfigException e = Invalid("""
            consoles:
              - name: web-01
                typ: tcp
                address: 10.0.0.1
                port: 22
            """);
        Assert.Equal(
            ["solwatch.yaml:2:5: consoles[0].type: is required", "solwatch.yaml:3:5: consoles[0].typ: unknown key; did you mean type?"],
            e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public void Unknown_keys_are_errors_and_every_error_is_reported_at_once()
    {
        ConfigException e = Invalid("""
            storage:
              databse: /tmp/x.db
            incidents:
              contextLines: lots
            consoles:
              - name: a
                type: test
                adress: 10.0.0.1
                port: 22
            """);
        Assert.Equal(
            [
                "solwatch.yaml:2:3: storage.databse: unknown key; did you mean database?",
                "solwatch.yaml:4:17: incidents.contextLines: lots is not a whole number",
                "solwatch.yaml:6:5: consoles[0].address: is required",
                "solwatch.yaml:8:5: consoles[0].adress: unknown key (not a setting of type test); did you mean address?",
            ],
            e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public void An_unknown_console_type_names_the_known_ones()
    {
        ConfigException e = Invalid("""
            consoles:
              - name: a
                type: carrier-pigeon
            """);
        Assert.Contains("consoles[0].type: carrier-pigeon is not a console type (known: exec, file, ipmi, netconsole, replay, serial, ssh, tcp, telnet, test)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_console_names_are_refused()
    {
        ConfigException e = Invalid("""
            consoles:
              - { name: a, type: replay, resource: demo }
              - { name: a, type: replay, resource: demo }
            """);
        Assert.Equal("solwatch.yaml:3:13: consoles[1].name: a is already the name of consoles[0]; console names must be unique", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void A_duplicate_console_name_is_reported_even_when_either_console_has_another_error()
    {
        ConfigException e = Invalid("""
            consoles:
              - { name: a, type: test, address: 10.0.0.1 }
              - { name: a, type: replay, resource: demo }
              - { name: b, type: replay, resource: demo }
              - { name: b, type: tcp, address: 10.0.0.2 }
              - { name: b, type: nosuchtype }
            """);
        Assert.Equal(
            [
                "solwatch.yaml:2:5: consoles[0].port: is required",
                "solwatch.yaml:3:13: consoles[1].name: a is already the name of consoles[0]; console names must be unique",
                "solwatch.yaml:5:5: consoles[3].port: is required",
                "solwatch.yaml:5:13: consoles[3].name: b is already the name of consoles[2]; console names must be unique",
                "solwatch.yaml:6:13: consoles[4].name: b is already the name of consoles[2]; console names must be unique",
            ],
            e.Errors.Select(x => x.ToString()).Where(x => !x.Contains("type:", StringComparison.Ordinal) && !x.Contains(".type", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_password_in_the_file_is_refused_without_repeating_it()
    {
        ConfigException e = Invalid("""
            consoles:
              - name: a
                type: test
                address: 10.0.0.1
                port: 623
                password: hunter2
            """);
        Assert.Contains("consoles[0].password: secrets are not allowed in the configuration file; use passwordEnv", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_file_that_others_can_read_is_refused_with_the_chmod_to_run()
    {
        string secret = Path.Combine(_dir, "bmc.pass");
        File.WriteAllText(secret, "hunter2\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        ConfigException e = Invalid($"""
            consoles:
              - name: a
                type: test
                address: 10.0.0.1
                port: 623
                passwordFile: {secret}
            """);
        Assert.Equal($"solwatch.yaml:6:19: consoles[0].passwordFile: {secret} can be read by group or others; run: chmod 600 {secret}", Assert.Single(e.Errors).ToString());
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_private_password_file_is_accepted_and_only_its_reference_is_shown()
    {
        string secret = Path.Combine(_dir, "bmc.pass");
        File.WriteAllText(secret, "hunter2\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        LoadedConfig loaded = Parse($"""
            consoles:
              - name: a
                type: test
                address: 10.0.0.1
                port: 623
                passwordFile: {secret}
            """);
        var settings = Assert.IsType<TestConsoleType.TestSettings>(Assert.Single(loaded.Config.Consoles).Settings);
        Assert.Equal("hunter2", settings.Password!.Resolve());
        Assert.DoesNotContain("hunter2", settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", loaded.Config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_password_variable_is_named()
    {
        ConfigException e = Invalid("""
            consoles:
              - name: a
                type: test
                address: 10.0.0.1
                port: 623
                passwordEnv: SOLWATCH_TEST_SURELY_UNSET_VARIABLE
            """);
        Assert.Contains("consoles[0].passwordEnv: environment variable SOLWATCH_TEST_SURELY_UNSET_VARIABLE is not set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_reads_the_storage_paths_without_checking_this_machines_secrets_and_devices()
    {
        var loader = new ConfigLoader(ConsoleTypeRegistry.Default.With(new TestConsoleType()), checkEnvironment: false);
        LoadedConfig loaded = loader.Parse("""
            storage: { database: /srv/solwatch/incidents.db }
            consoles:
              - { name: a, type: test, address: 10.0.0.1, port: 623, passwordEnv: SOLWATCH_TEST_SURELY_UNSET_VARIABLE }
              - { name: b, type: serial, device: /dev/ttySolwatchNoSuchDevice }
            """, "solwatch.yaml", _dir);
        Assert.Equal("/srv/solwatch/incidents.db", loaded.Config.Storage.Database);
        Assert.Empty(loaded.ConsoleProblems);
    }

    [Fact]
    public void Invalid_yaml_is_located()
    {
        ConfigException e = Invalid("consoles:\n  - name: a\n    type: [unclosed\n");
        ConfigError error = Assert.Single(e.Errors);
        Assert.StartsWith("solwatch.yaml:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 3);
    }

    [Fact]
    public void The_api_only_binds_loopback()
    {
        ConfigException e = Invalid("api:\n  address: 0.0.0.0\n");
        Assert.Contains("api.address: 0.0.0.0 is not a loopback address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Omitted_sections_take_their_defaults_and_relative_paths_follow_the_file()
    {
        LoadedConfig loaded = Parse("""
            storage:
              database: data/incidents.db
            retention:
              transcripts: 7d
              transcriptFileBytes: 16MiB
            incidents:
              contextLines: 50
            api:
              port: 0
            """);
        SolwatchConfig c = loaded.Config;
        Assert.Equal(Path.Combine(_dir, "data", "incidents.db"), c.Storage.Database);
        Assert.Equal(TimeSpan.FromDays(7), c.Retention.Transcripts);
        Assert.Equal(16L << 20, c.Retention.MaxFileBytes);
        Assert.Equal(50, c.Incidents.ContextLines);
        Assert.Equal(new ApiConfig("127.0.0.1", 0), c.Api);
        Assert.Empty(c.Consoles);
    }

    [Fact]
    public void Raw_transcripts_are_kept_for_live_console_streams_by_default_and_a_console_or_the_storage_section_can_say_otherwise()
    {
        const string consoles = """
            consoles:
              - { name: bmc, type: ipmi, address: 127.0.0.1, user: admin, passwordEnv: PATH }
              - { name: cs, type: tcp, address: 127.0.0.1, port: 7001 }
              - { name: log, type: file, path: /var/log/vm.log }
              - { name: demo, type: replay, resource: demo }
              - { name: nc, type: netconsole, sender: 192.0.2.1 }
              - { name: quiet, type: telnet, address: 127.0.0.1, port: 2002, rawTranscript: false }
              - { name: wanted, type: file, path: /var/log/vm2.log, rawTranscript: true }
            """;
        static IEnumerable<string> Raw(LoadedConfig loaded) => loaded.Config.Consoles.Where(c => c.RawTranscript).Select(c => c.Name);

        Assert.Equal(["bmc", "cs", "wanted"], Raw(Parse(consoles)));
        Assert.Equal(RawTranscriptMode.Auto, Parse(consoles).Config.Storage.RawTranscripts);
        Assert.Equal(["bmc", "cs", "log", "demo", "nc", "wanted"], Raw(Parse("storage: { rawTranscripts: all }\n" + consoles)));
        Assert.Equal(["wanted"], Raw(Parse("storage: { rawTranscripts: none }\n" + consoles)));
        Assert.Equal(
            "solwatch.yaml:1:28: storage.rawTranscripts: yes is not one of: auto, all, none",
            Assert.Single(Invalid("storage: { rawTranscripts: yes }\n").Errors).ToString());
    }

    [Fact]
    public void A_missing_serial_device_is_a_problem_of_that_console_only()
    {
        LoadedConfig loaded = Parse("""
            consoles:
              - name: gone
                type: serial
                device: /dev/ttySolwatchNoSuchDevice
              - name: fine
                type: tcp
                address: 127.0.0.1
                port: 7001
            """);
        ConfigError problem = Assert.Single(loaded.ConsoleProblems);
        Assert.StartsWith("solwatch.yaml:4:13: consoles[0].device: /dev/ttySolwatchNoSuchDevice does not exist", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(problem, loaded.Config.Consoles[0].Problem);
        Assert.Null(loaded.Config.Consoles[1].Problem);
        Assert.Equal("tcp 127.0.0.1:7001", loaded.Config.Consoles[1].Settings.Endpoint);
    }

    [Fact]
    public void A_collectors_own_validation_message_is_located_at_the_console()
    {
        ConfigException e = Invalid("""
            consoles:
              - name: a
                type: tcp
                address: 127.0.0.1
                port: 7001
                keepAlive: 100ms
              - name: b
                type: exec
                shell: [not, a, line]
            """);
        Assert.Equal(
            [
                "solwatch.yaml:6:16: consoles[0].keepAlive: keepalive idle and interval must be >= 1 s (got 00:00:00.1000000 and 00:00:10); TCP keepalive counts whole seconds",
                "solwatch.yaml:9:12: consoles[1].shell: must be a single value, not a list or mapping",
            ],
            e.Errors.Select(x => x.ToString()).Where(x => !x.Contains("command", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_example_configuration_in_configs_is_valid()
    {
        string example = Path.Combine(TestSupport.RepoPaths.Root, "configs", "solwatch.example.yaml");
        LoadedConfig loaded = new ConfigLoader().Load(example);
        Assert.Equal(["demo", "db-01", "web-01", "web-02", "gpu-07", "vm-12", "batch-33"], loaded.Config.Consoles.Select(c => c.Name));
        Assert.Equal("consoles[1].device", Assert.Single(loaded.ConsoleProblems).Key);
    }
}
