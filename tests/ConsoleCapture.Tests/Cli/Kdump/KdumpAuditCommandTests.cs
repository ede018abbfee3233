using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Cli.Kdump;

/// <summary><c>solwatch kdump audit</c> run as a process: which configuration it reads when none is named.</summary>
public sealed class KdumpAuditCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-kdump-audit-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Without_config_it_reads_the_configuration_named_by_SOLWATCH_CONFIG_as_the_other_verbs_do()
    {
        string config = Path.Combine(_dir, "solwatch.yaml");
        await File.WriteAllTextAsync(config, "consoles:\n  - name: demo\n    type: replay\n    resource: demo\n");

        using SolwatchProcess p = SolwatchProcess.Start(["kdump", "audit"], new Dictionary<string, string> { ["SOLWATCH_CONFIG"] = config });
        int code = await p.WaitForExitAsync(TimeSpan.FromMinutes(1));

        // The file was read: its consoles have no kdumpHost, which is what it says (not that --config is required).
        Assert.Equal(2, code);
        Assert.Equal($"solwatch kdump audit: no console in {config} has a kdumpHost: (see configs/solwatch.example.yaml)\n", p.Stderr.ReplaceLineEndings("\n"));
    }
}
