using SolWatch.ConsoleCapture.Cli.ConfigCheck;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Tests.Cli.ConfigCheck;

public sealed class ConfigReportTests
{
    [Fact]
    public void Thousands_of_errors_are_cut_after_the_first_hundred_and_counted()
    {
        string yaml = string.Concat(Enumerable.Range(0, 5000).Select(i => $"key{i}: x\n"));
        ConfigException e = Assert.Throws<ConfigException>(() => new ConfigLoader().Parse(yaml, "big.yaml", Path.GetTempPath()));
        var output = new StringWriter();
        ConfigReport.Write(e, output, "nothing started");
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(102, lines.Length);
        Assert.Equal("big.yaml:1:1: key0: unknown key", lines[0]);
        Assert.Equal("… and 4900 more (is this the right file?)", lines[100]);
        Assert.Equal("solwatch: 5000 configuration errors; nothing started", lines[101]);
    }
}
