using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Tests.Config;

/// <summary>
/// Configuration files written as an attacker (or a clumsy editor) would: each must give located
/// FILE:LINE:COL errors, never an exception of another kind, never a hang, never a value echoed unbounded.
/// Real files in a temporary directory, loaded with <see cref="ConfigLoader.Load"/>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-hostile-").FullName;
    private readonly ConfigLoader _loader = new(ConsoleTypeRegistry.Default.With(new TestConsoleType()));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text, string name = "solwatch.yaml") => WriteBytes(Encoding.UTF8.GetBytes(text), name);

    private string WriteBytes(byte[] bytes, string name = "solwatch.yaml")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Loads <paramref name="path"/> on another thread, so that a hang fails the test instead of the run.</summary>
    private static ConfigException Refused(string path)
    {
        var loader = new ConfigLoader(ConsoleTypeRegistry.Default.With(new TestConsoleType()));
        Task<Exception?> load = Task.Run(() =>
        {
            try
            {
                loader.Load(path);
                return null;
            }
            catch (Exception e)
            {
                return (Exception?)e;
            }
        });
        Assert.True(load.Wait(TimeSpan.FromSeconds(60)), $"loading {path} did not finish within 60 s");
        Exception? thrown = load.Result;
        Assert.NotNull(thrown);
        var refused = Assert.IsType<ConfigException>(thrown);
        Assert.NotEmpty(refused.Errors);
        foreach (ConfigError error in refused.Errors)
        {
            Assert.Matches($"^{Regex.Escape(path)}:[1-9][0-9]*:[1-9][0-9]*: ", error.ToString());
            Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
            Assert.True(error.ToString().Length < 600, $"an error message of {error.ToString().Length} characters");
            Assert.DoesNotMatch("[\u0000-\u0008\u000b-\u001f\u007f]", error.ToString());
        }
        return refused;
    }

    [Theory]
    [InlineData("consoles:\n  - name: a\n    type: [unclosed\n")]
    [InlineData("-\n[>##\n%*x:!t")]
    [InlineData("... [} *x{\"#`\n'")]
    [InlineData("!!binary]---@")]
    [InlineData(" : ?...&x\"|\n:`!t\\'}")]
    [InlineData("[")]
    [InlineData("api: {port: [1, 2\n")]
    public void Malformed_yaml_is_a_located_error_whatever_exception_yamldotnet_throws(string yaml)
    {
        ConfigException e = Refused(Write(yaml));
        Assert.Contains(e.Errors, x => x.Message.Contains("not valid YAML", StringComparison.Ordinal));
    }

    [Fact]
    public void Any_text_made_of_yaml_punctuation_gives_a_configuration_or_located_errors_and_nothing_else()
    {
        string[] atoms =
        [
            "[", "]", "{", "}", ":", ",", "-", " ", "\n", "a", "consoles", "name", "&x", "*x", "!!binary", "!t", "?", "'", "\"",
            "|", ">", "#", "---", "...", "%YAML 1.1\n", "\t", "\\", "@", "`", "%", "<<",
        ];
        var loader = new ConfigLoader(checkEnvironment: false);
        Gen.Int[0, atoms.Length - 1].Array[1, 24].Select(picks => string.Concat(picks.Select(i => atoms[i]))).Sample(yaml =>
        {
            try
            {
                loader.Parse(yaml, "fuzz.yaml", Path.GetTempPath());
            }
            catch (ConfigException e)
            {
                Assert.NotEmpty(e.Errors);
                Assert.All(e.Errors, x => Assert.True(x.Line >= 1 && x.Column >= 1, x.ToString()));
            }
        }, iter: 15_000);
    }

    [Fact]
    public void A_configuration_that_does_not_exist_says_so()
    {
        string path = Path.Combine(_dir, "nope.yaml");
        Assert.Equal($"{path}:1:1: the file does not exist (configs/solwatch.example.yaml is one to start from)", Assert.Single(Refused(path).Errors).ToString());
    }

    [Fact]
    public void A_configuration_the_user_may_not_read_says_permission_denied_and_for_whom()
    {
        // Root reads a file of any mode, but not a write-only sysctl (proc_sys_permission checks the owner's bits).
        string path = Environment.UserName == "root" ? "/proc/sys/vm/compact_memory" : Write("api:\n  port: 7410\n");
        if (Environment.UserName != "root")
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
        }
        else if (!File.Exists(path))
        {
            return;
        }

        Assert.Equal(
            $"{path}:1:1: permission denied for user {Environment.UserName}; run as a user that can read it (the daemon reads it as its own user), or let that user read it",
            Assert.Single(Refused(path).Errors).ToString());
    }

    [Fact]
    public void A_tab_in_indentation_is_located_at_the_tab_not_at_the_start_of_the_file()
    {
        string path = Write("api:\n  port: 7410\nconsoles:\n\t- name: a\n");
        ConfigError error = Assert.Single(Refused(path).Errors);
        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("tab", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_whose_directory_does_not_exist_names_the_directory_and_where_to_start_from()
    {
        string directory = Path.Combine(_dir, "etc-solwatch");
        string path = Path.Combine(directory, "solwatch.yaml");
        Assert.Equal($"{path}:1:1: the file does not exist, nor does its directory {directory} (configs/solwatch.example.yaml is one to start from)",
            Assert.Single(Refused(path).Errors).ToString());
    }

    [Fact]
    public void A_hundred_thousand_nested_brackets_stop_at_the_depth_limit_instead_of_overflowing_the_stack()
    {
        string path = Write("api: " + new string('[', 100_000) + "\n");
        ConfigError error = Assert.Single(Refused(path).Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("nested more than 64 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_200_megabyte_file_is_refused_by_its_size_before_it_is_read()
    {
        string path = Path.Combine(_dir, "huge.yaml");
        using (var f = new FileStream(path, FileMode.CreateNew))
        {
            f.SetLength(200L << 20); // sparse: no 200 MB written
        }
        ConfigError error = Assert.Single(Refused(path).Errors);
        Assert.Equal($"{path}:1:1: the file is 200 MiB; a configuration is at most 4 MiB (is this the right file?)", error.ToString());
    }

    [Fact]
    public void A_directory_as_the_configuration_is_named_as_one()
    {
        string path = Directory.CreateDirectory(Path.Combine(_dir, "conf.d")).FullName;
        ConfigError error = Assert.Single(Refused(path).Errors);
        Assert.Equal($"{path}:1:1: is a directory, not a file; give the path of the YAML configuration file", error.ToString());
    }

    [Fact]
    public void Dev_zero_as_the_configuration_is_refused_without_reading_it()
    {
        ConfigError error = Assert.Single(Refused("/dev/zero").Errors);
        Assert.Equal("/dev/zero:1:1: is a character device, not a regular file; give the path of the YAML configuration file", error.ToString());
    }

    [Fact]
    public void A_fifo_as_the_configuration_is_refused_without_waiting_for_a_writer()
    {
        string path = Path.Combine(_dir, "fifo.yaml");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
        }
        try
        {
            ConfigError error = Assert.Single(Refused(path).Errors);
            Assert.Equal($"{path}:1:1: is a FIFO (named pipe), not a regular file; give the path of the YAML configuration file", error.ToString());
        }
        finally
        {
            // Releases a reader blocked in open(2), should there be one: opening a FIFO for reading and writing
            // never blocks on Linux, and it counts as the writer the reader waits for.
            new FileStream(path, FileMode.Open, FileAccess.ReadWrite).Dispose();
        }
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_located_to_their_line_and_column()
    {
        string path = WriteBytes([.. "api:\n  address: "u8, 0xff, 0xfe, (byte)'\n']);
        ConfigError error = Assert.Single(Refused(path).Errors);
        Assert.Equal($"{path}:2:12: the file is not UTF-8 text (byte 0xFF here); save it as UTF-8", error.ToString());
    }

    [Fact]
    public void A_raw_nul_or_other_control_character_in_the_file_is_refused_and_located()
    {
        string path = Write("consoles:\n  - { name: a, type: replay, resource: demo }\0\n  - { name: a, type: replay, resource: demo }\n");
        ConfigError error = Assert.Single(Refused(path).Errors);
        Assert.Equal($"{path}:2:46: the file holds a control character (\\x00) here; a configuration is text (is this the right file?)", error.ToString());
    }

    [Fact]
    public void An_empty_configuration_path_is_an_error_not_an_exception()
    {
        var e = Assert.Throws<ConfigException>(() => _loader.Load(""));
        Assert.Equal("the configuration's path is empty; give the path of the YAML configuration file", e.Message);
    }

    [Fact]
    public void Another_file_given_as_the_configuration_is_not_printed_back_as_unknown_keys()
    {
        // As if run with --config /etc/shadow: its lines parse as keys.
        string path = Write("root:$6$Zq1salt$h4shOfTheRootPassw0rd:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        ConfigException e = Refused(path);
        Assert.Equal(2, e.Errors.Length);
        Assert.All(e.Errors, x => Assert.Equal("(a key that is not a setting name; not shown): unknown key", $"{x.Key}: {x.Message}"));
        Assert.DoesNotContain("h4sh", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf16_file_is_named_as_such()
    {
        string path = WriteBytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("api:\n  port: 0\n")]);
        ConfigError error = Assert.Single(Refused(path).Errors);
        Assert.Equal($"{path}:1:1: the file is UTF-16 text; save it as UTF-8", error.ToString());
    }

    [Fact]
    public void A_utf8_byte_order_mark_and_crlf_line_ends_are_accepted_and_errors_stay_located()
    {
        string path = WriteBytes([.. Encoding.UTF8.GetPreamble(), .. "api:\r\n  port: 0\r\n  bogus: 1\r\n"u8]);
        Assert.Equal($"{path}:3:3: api.bogus: unknown key", Assert.Single(Refused(path).Errors).ToString());
    }

    [Fact]
    public void A_tab_used_as_indentation_is_a_located_error()
    {
        ConfigException e = Refused(Write("api:\n\tport: 0\n"));
        Assert.Contains("tab", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_that_expand_to_a_billion_nodes_are_refused()
    {
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++)
        {
            string previous = "*" + (char)(c - 1);
            yaml.Append(c).Append(": &").Append(c).Append(" [")
                .Append(string.Join(", ", Enumerable.Repeat(previous, 10))).Append("]\n");
        }
        ConfigException e = Refused(Write(yaml.ToString()));
        ConfigError error = Assert.Single(e.Errors);
        Assert.Contains("more than 200000 values (aliases count as often as they are used)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_key_is_named_as_unsupported()
    {
        ConfigException e = Refused(Write("""
            defaults: &tcp { port: 7001 }
            consoles:
              - { <<: *tcp, name: a, type: tcp, address: 10.0.0.1 }
            """));
        Assert.Contains(e.Errors, x => x.Key == "consoles[0].<<" && x.Message == "merge keys (<<: *anchor) are not supported; write the settings out");
    }

    [Fact]
    public void An_alias_inside_its_own_anchor_is_refused_instead_of_building_a_cycle()
    {
        ConfigException e = Refused(Write("storage: &loop\n  database: x.db\n  again: *loop\n"));
        Assert.Contains(e.Errors, x => x.Line == 3 && x.Column == 10 && x.Message.Contains("*loop is inside the node it refers to", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alias_to_no_anchor_is_located_at_the_alias()
    {
        ConfigError error = Assert.Single(Refused(Write("api:\n  address: *nope\n")).Errors);
        Assert.Equal((2, 12), (error.Line, error.Column));
        Assert.Contains("*nope refers to no anchor &nope above it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_are_refused_whether_yaml_ones_or_custom()
    {
        ConfigException e = Refused(Write("""
            consoles:
              - name: !!binary aGVsbG8=
                type: !custom replay
                resource: !!str demo
            """));
        Assert.Equal(
            [
                (2, 11, "the tag !!binary is not supported here; remove it (the configuration takes plain values)"),
                (3, 11, "the tag !custom is not supported here; remove it (the configuration takes plain values)"),
            ],
            e.Errors.Where(x => x.Message.Contains("tag", StringComparison.Ordinal)).Select(x => (x.Line, x.Column, x.Message)));
    }

    [Fact]
    public void A_huge_value_is_refused_and_never_echoed()
    {
        string huge = new('7', 1 << 20);
        ConfigException e = Refused(Write($"api:\n  port: {huge}\n"));
        ConfigError error = Assert.Single(e.Errors);
        Assert.Equal((2, 9), (error.Line, error.Column));
        Assert.Contains("a value of 1048576 characters; at most 65536", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_value_in_an_error_is_shortened()
    {
        string longValue = new('x', 5000);
        ConfigError error = Assert.Single(Refused(Write($"api:\n  port: {longValue}\n")).Errors);
        Assert.Contains("xxxx…", error.Message, StringComparison.Ordinal);
        Assert.Contains("(5000 characters)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_repeated_in_one_mapping_is_reported_with_the_other_errors()
    {
        ConfigException e = Refused(Write("""
            api:
              port: 1
              port: 2
            incidents:
              contextLines: lots
            api:
              port: 3
            """));
        Assert.Equal(
            [
                "3:3: api.port: repeated key (first at line 2); a key may appear once in a mapping",
                "5:17: incidents.contextLines: lots is not a whole number",
                "6:1: api: repeated key (first at line 1); a key may appear once in a mapping",
            ],
            e.Errors.Select(x => $"{x.Line}:{x.Column}: {x.Key}: {x.Message}"));
    }

    [Fact]
    public void A_list_or_mapping_as_a_key_is_refused()
    {
        ConfigError error = Assert.Single(Refused(Write("? [a, b]\n: c\n")).Errors);
        Assert.Equal((1, 3), (error.Line, error.Column));
        Assert.Contains("a key must be a plain name, not a list or mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_yaml_document_is_refused_rather_than_ignored()
    {
        ConfigError error = Assert.Single(Refused(Write("api:\n  port: 0\n---\napi:\n  port: 1\n")).Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("a second YAML document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_names_that_would_escape_the_transcript_directory_or_hold_control_characters_are_refused_and_shown_escaped()
    {
        ConfigException e = Refused(Write("""
            consoles:
              - { name: ../../etc, type: replay, resource: demo }
              - { name: a/b, type: replay, resource: demo }
              - { name: "..", type: replay, resource: demo }
              - { name: "red\e[31m\u0007", type: replay, resource: demo }
              - { name: "nul\0", type: replay, resource: demo }
            """));
        Assert.Equal(
            [
                "../../etc is not a valid console name",
                "a/b is not a valid console name",
                ".. is not a valid console name",
                "red\\x1B[31m\\x07 is not a valid console name",
                "holds a NUL character",
            ],
            e.Errors.Select(x => x.Message[..x.Message.IndexOf(" (", StringComparison.Ordinal)]));
    }
}
