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
            Assert.Null(OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, NativeCpuLevel.X86_64V3));
            File.WriteAllText(native, "");
            Assert.Equal(native, OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, NativeCpuLevel.X86_64V3));
            Assert.Equal(native, OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, NativeCpuLevel.X86_64V4));
            Assert.Null(OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, NativeCpuLevel.None));
            Assert.Null(OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: "1", NativeCpuLevel.X86_64V3));
            Assert.Null(OneOffScan.NativeScanner(["run"], self, tiering: null, NativeCpuLevel.X86_64V3));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_cpu_with_avx512_runs_the_avx512_scanner_when_it_lies_beside_the_executable_and_no_other_cpu_does()
    {
        string dir = Directory.CreateTempSubdirectory("solwatch-oneoff-").FullName;
        try
        {
            string self = Path.Combine(dir, "solwatch");
            string v3 = Path.Combine(dir, OneOffScan.NativeScannerName);
            string v4 = Path.Combine(dir, OneOffScan.Avx512ScannerName);
            File.WriteAllText(v4, "");
            Assert.Equal(v4, OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, NativeCpuLevel.X86_64V4));
            Assert.Null(OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, NativeCpuLevel.X86_64V3));
            File.WriteAllText(v3, "");
            Assert.Equal(v4, OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, NativeCpuLevel.X86_64V4));
            Assert.Equal(v3, OneOffScan.NativeScanner(["scan", "big.log"], self, tiering: null, NativeCpuLevel.X86_64V3));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
