namespace SolWatch.ConsoleCapture.Tests;

public sealed class OneOffScanTests
{
    private const string Solwatch = "/usr/local/bin/solwatch";

    [Fact]
    public void A_scan_run_from_the_solwatch_executable_starts_again_without_tiering()
    {
        Assert.True(OneOffScan.ShouldRestart(["scan", "big.log"], Solwatch, tiering: null));
    }

    [Fact]
    public void The_daemon_and_the_other_verbs_keep_tiering()
    {
        Assert.False(OneOffScan.ShouldRestart(["run"], Solwatch, tiering: null));
        Assert.False(OneOffScan.ShouldRestart(["bench", "scan"], Solwatch, tiering: null));
        Assert.False(OneOffScan.ShouldRestart([], Solwatch, tiering: null));
    }

    [Fact]
    public void A_tiering_setting_of_the_user_is_kept_and_ends_the_restarts()
    {
        Assert.False(OneOffScan.ShouldRestart(["scan", "big.log"], Solwatch, tiering: "1"));
        Assert.False(OneOffScan.ShouldRestart(["scan", "big.log"], Solwatch, tiering: "0"));
    }

    [Fact]
    public void A_scan_run_through_the_dotnet_host_runs_where_it_is()
    {
        Assert.False(OneOffScan.ShouldRestart(["scan", "big.log"], "/usr/share/dotnet/dotnet", tiering: null));
        Assert.False(OneOffScan.ShouldRestart(["scan", "big.log"], null, tiering: null));
    }

    [Fact]
    public void A_scan_runs_the_native_scanner_that_lies_beside_the_executable_on_a_cpu_that_fits_it()
    {
        string dir = Directory.CreateTempSubdirectory("solwatch-oneoff-").FullName;
        try
        {
            string self = Path.Combine(dir, "solwatch");
            string native = Path.Combine(dir, OneOffScan.NativeScannerName);
            Assert.Null(OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, cpuFits: true));
            File.WriteAllText(native, "");
            Assert.Equal(native, OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, cpuFits: true));
            Assert.Null(OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, cpuFits: false));
            Assert.Null(OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: "1", cpuFits: true));
            Assert.Null(OneOffScan.NativeScanner(["run"], self, tiering: null, cpuFits: true));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
