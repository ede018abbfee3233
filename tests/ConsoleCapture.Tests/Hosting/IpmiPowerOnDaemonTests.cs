using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Ipmi;
using SolWatch.TestSupport;
using Xunit.Abstractions;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>
/// Lab BMC 200 for <see cref="IpmiPowerOnDaemonTests"/>, without SOL history: the test holds the raw transcript to every
/// byte the VM wrote, and with history ipmi_sim drops the overflow of a boot written faster than a serial line.
/// </summary>
public sealed class Bmc200 : LabBmc
{
    public Bmc200() : base(200)
    {
        History = false;
    }
}

/// <summary>
/// The "done" case, as a user runs it: the daemon holds a <c>type: ipmi</c> console (our own SOL client) on
/// the lab BMC, <c>solwatch power CONSOLE on</c> boots the VM through the daemon, the kernel panics (CRASH=null), the
/// incident is stored with its title and instruction pointer, and the console's raw transcript is byte for byte
/// what the VM wrote into its serial port (the lab's <c>socat -r</c> copy, <c>bmc-N/ttyVM.raw</c>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IpmiPowerOnDaemonTests(Bmc200 bmc, ITestOutputHelper output) : IClassFixture<Bmc200>, IDisposable
{
    private static readonly TimeSpan Patience = TestDaemon.Patience;
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-poweron-").FullName;

    private string Database => TestDaemon.Database(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerFact(Peers.LabBmc, Peers.LabVm)]
    public async Task Power_on_through_the_daemon_boots_a_vm_whose_panic_becomes_an_incident_and_whose_bytes_the_raw_transcript_keeps_exactly()
    {
        (int setup, string setupOutput) = await LabScripts.RunAsync(LabBmc.WorkDir, "setup.sh", [], timeout: TimeSpan.FromMinutes(10));
        Assert.True(setup == 0, $"lab setup.sh failed: {setupOutput}");
        string config = await TestDaemon.WriteConfigAsync(_dir, IpmiConsole.Yaml(_dir, "bmc200", bmc.Port));
        await File.WriteAllTextAsync(Path.Combine(bmc.Dir, "vm.env"), "CRASH=null DELAY=1 PANIC=0\n");
        // socat -r appends across BMC restarts: what this VM sends is what comes after the current end.
        string rawCopy = Path.Combine(bmc.Dir, "ttyVM.raw");
        long before = new FileInfo(rawCopy).Length;
        using SolwatchProcess daemon = await TestDaemon.StartAsync(config, Database);
        try
        {
            // Live SOL carries only what arrives while the session is active: attach first, then power on.
            await TestDaemon.WaitForConnectedAsync(Database, "bmc200", daemon);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("power", "bmc200", "on", "--db", Database);
            Assert.True(code == 0, stderr);
            Assert.Equal("power on: done", stdout.Trim());

            JsonElement incident = Assert.Single(await TestDaemon.WaitForIncidentsAsync(Database, 1));
            output.WriteLine($"incident stored {clock.Elapsed.TotalSeconds:F1} s after solwatch power on");
            Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", incident.GetProperty("title").GetString());
            Assert.Equal("bmc200", incident.GetProperty("console").GetString());
            JsonElement report = await TestDaemon.FirstExportedReportAsync(Database);
            Assert.Equal("lab_null", report.GetProperty("ip").GetProperty("function").GetString());
            Assert.Equal("Fatal exception", report.GetProperty("panicReason").GetString());

            // The VM halts after "end Kernel panic" (PANIC=0): its output is complete once both copies stop growing.
            byte[] sent = await WaitForRawTranscriptAsync(rawCopy, before);
            Assert.True(sent.Length > 10_000, $"only {sent.Length} bytes from the VM");
            output.WriteLine($"raw transcript = ttyVM.raw: {sent.Length} bytes identical, {clock.Elapsed.TotalSeconds:F1} s after power on");
            Assert.True(sent.AsSpan().IndexOf("---[ end Kernel panic - not syncing: Fatal exception ]---"u8) >= 0, "no end of the panic in what the VM sent");
            Assert.Contains($"Console bmc200: {Environment.UserName} sends power on", daemon.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("labpass", daemon.Stdout + daemon.Stderr, StringComparison.Ordinal);

            (code, stdout, stderr) = await SolwatchProcess.RunAsync("power", "bmc200", "status", "--db", Database);
            Assert.True(code == 0, stderr);
            Assert.Equal("power on", stdout.Trim());
        }
        finally
        {
            await SolwatchProcess.RunAsync("power", "bmc200", "off", "--db", Database);
            File.Delete(Path.Combine(bmc.Dir, "vm.env"));
            daemon.Signal("TERM");
            await daemon.WaitForExitAsync(Patience);
        }
    }

    /// <summary>
    /// Polls <c>solwatch transcript bmc200 --raw</c> until it equals what the VM wrote (ttyVM.raw from
    /// <paramref name="offset"/>), and both have stopped growing; fails with where they differ.
    /// </summary>
    private async Task<byte[]> WaitForRawTranscriptAsync(string rawCopy, long offset)
    {
        string output = Path.Combine(_dir, "bmc200.raw");
        DateTime deadline = DateTime.UtcNow + Patience;
        byte[] sent = [], kept = [];
        while (DateTime.UtcNow < deadline)
        {
            (int code, _, string stderr) = await SolwatchProcess.RunAsync("transcript", "bmc200", "--raw", "-o", output, "--db", Database);
            Assert.True(code == 0, stderr);
            Assert.Equal("", stderr); // no gap: the console stayed connected from before power on to the end
            kept = await File.ReadAllBytesAsync(output);
            byte[] all = await File.ReadAllBytesAsync(rawCopy);
            sent = all[(int)offset..];
            if (sent.Length > 0 && kept.AsSpan().SequenceEqual(sent))
            {
                await Task.Delay(1000);
                if (new FileInfo(rawCopy).Length == all.Length)
                {
                    return sent;
                }
            }
            await Task.Delay(500);
        }
        int at = 0;
        while (at < Math.Min(sent.Length, kept.Length) && sent[at] == kept[at])
        {
            at++;
        }
        throw new Xunit.Sdk.XunitException(
            $"the raw transcript ({kept.Length} bytes) differs from what the VM sent ({sent.Length} bytes) from byte {at}: " +
            $"VM '{Escape(sent, at)}' vs transcript '{Escape(kept, at)}'");
    }

    private static string Escape(byte[] bytes, int at) =>
        string.Concat(bytes.Skip(at).Take(40).Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"));
}
