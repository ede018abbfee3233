using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Kdump;

namespace SolWatch.ConsoleCapture.Tests.Config;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KdumpHostConfigTests : IDisposable
{
    private const string Pin = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-kdumphost-config-").FullName;
    private readonly ConfigLoader _loader = new();

    public KdumpHostConfigTests() => File.WriteAllText(Path.Combine(_dir, "console.log"), "");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LoadedConfig Parse(string kdumpHost) => _loader.Parse($"""
        consoles:
          - name: node1
            type: file
            path: {Path.Combine(_dir, "console.log")}
        {kdumpHost}
        """, "solwatch.yaml", _dir);

    private string[] Errors(string kdumpHost) => [.. Assert.Throws<ConfigException>(() => Parse(kdumpHost)).Errors.Select(e => e.ToString())];

    [Fact]
    public void A_complete_kdump_host_maps_to_its_options_with_the_defaults_filled_in()
    {
        ConsoleConfig console = Assert.Single(Parse($"""
                kdumpHost:
                  host: node1.example.net
                  user: root
                  passwordEnv: PATH
                  hostKey: {Pin}
                  commandTimeout: 10s
            """).Config.Consoles);

        KdumpHostSettings settings = console.KdumpHost!;
        KdumpHostOptions o = settings.Options;
        Assert.Equal(("node1.example.net", 22, "root", Pin, "/var/crash"), (o.Host, o.Port, o.User, o.HostKeySha256, o.DumpDir));
        Assert.Equal((TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10)), (o.ConnectTimeout, o.CommandTimeout));
        Assert.Null(o.Password); // only where it lives is kept; it is read when connecting
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), settings.Resolve().Password);
        Assert.Null(settings.Refusal);
    }

    [Fact]
    public void Without_a_host_key_the_console_still_runs_and_its_kdump_host_is_refused_with_how_to_pin_one()
    {
        LoadedConfig loaded = Parse("""
                kdumpHost:
                  host: node1
                  port: 2222
                  user: root
                  passwordEnv: PATH
            """);

        ConsoleConfig console = Assert.Single(loaded.Config.Consoles);
        Assert.Null(console.Problem);
        Assert.Empty(loaded.ConsoleProblems);
        Assert.Contains("kdumpHost.hostKey is required (no trust on first use)", console.KdumpHost!.Refusal, StringComparison.Ordinal);
        Assert.Contains("solwatch ssh-fingerprint node1 --port 2222", console.KdumpHost.Refusal, StringComparison.Ordinal);
        KdumpHostException e = Assert.Throws<KdumpHostException>(() => console.KdumpHost.Resolve());
        Assert.False(e.Retry);
        // config check says so, at the kdumpHost block's line.
        string warning = Assert.Single(loaded.Warnings).ToString();
        Assert.StartsWith("solwatch.yaml:6:", warning, StringComparison.Ordinal);
        Assert.Contains("consoles[0].kdumpHost.hostKey: hostKey is required (no trust on first use)", warning, StringComparison.Ordinal);
        Assert.Contains("the console runs, without the kdump audit and vmcore-dmesg.txt", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Mistakes_in_a_kdump_host_are_errors_at_their_lines()
    {
        string[] errors = Errors($"""
                kdumpHost:
                  host: node1
                  password: hunter2
                  hostKey: MD5:aa:bb
                  dumpDir: var/crash
                  dumpdir2: x
            """);

        Assert.Contains(errors, e => e.StartsWith("solwatch.yaml:6:", StringComparison.Ordinal) && e.Contains("consoles[0].kdumpHost.user", StringComparison.Ordinal) && e.Contains("is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("solwatch.yaml:7:", StringComparison.Ordinal) && e.Contains("secrets are not allowed", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("solwatch.yaml:8:", StringComparison.Ordinal) && e.Contains("must start with \"SHA256:\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("solwatch.yaml:9:", StringComparison.Ordinal) && e.Contains("must be an absolute path", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("solwatch.yaml:10:", StringComparison.Ordinal) && e.Contains("unknown key (not a setting of kdumpHost)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_kdump_host_needs_a_credential()
    {
        string[] errors = Errors($"""
                kdumpHost:
                  host: node1
                  user: root
                  hostKey: {Pin}
            """);

        Assert.Contains(errors, e => e.Contains("consoles[0].kdumpHost.keyFile", StringComparison.Ordinal) && e.Contains("needs a credential", StringComparison.Ordinal));
    }
}
