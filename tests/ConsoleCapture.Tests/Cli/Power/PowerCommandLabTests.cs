using System.Globalization;
using SolWatch.ConsoleCapture.Cli;
using SolWatch.ConsoleCapture.Ipmi;
using SolWatch.ConsoleCapture.Tests.Ipmi;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Cli.Power;

/// <summary>`solwatch power` against the lab's ipmi_sim (no VM: power on runs the lab's placeholder).</summary>
public sealed class PowerCommandLabTests(Bmc24 bmc) : IClassFixture<Bmc24>
{
    private Task<int> SolwatchAsync(params string[] args)
    {
        Environment.SetEnvironmentVariable("SOLWATCH_TEST_BMC24_PASSWORD", "labpass");
        string[] common = ["--host", "127.0.0.1", "--port", bmc.Port.ToString(CultureInfo.InvariantCulture), "--user", "admin", "-C", "3"];
        return SolwatchCommandLine.Build().Parse(["power", .. args, .. common]).InvokeAsync();
    }

    [PeerFact(Peers.LabBmc)]
    public async Task Power_on_and_off_from_the_command_line_change_the_chassis_state()
    {
        var chassis = new IpmiChassis(bmc.Options());
        try
        {
            Assert.Equal(0, await SolwatchAsync("on", "--password-env", "SOLWATCH_TEST_BMC24_PASSWORD"));
            Assert.True((await chassis.GetStatusAsync()).PowerOn);
            Assert.Equal(0, await SolwatchAsync("status", "--password-env", "SOLWATCH_TEST_BMC24_PASSWORD"));
        }
        finally
        {
            Assert.Equal(0, await SolwatchAsync("off", "--password-env", "SOLWATCH_TEST_BMC24_PASSWORD"));
        }
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await chassis.GetStatusAsync()).PowerOn)
        {
            Assert.True(DateTime.UtcNow < until, "power stayed on");
            await Task.Delay(250);
        }
    }

    [PeerFact(Peers.LabBmc)]
    public async Task A_missing_password_source_is_an_error_exit()
    {
        Assert.Equal(ExitCodes.Error, await SolwatchAsync("status"));
    }

    [PeerFact(Peers.LabBmc)]
    public async Task A_wrong_password_is_an_error_exit()
    {
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "wrongpass\n");
            Assert.Equal(ExitCodes.Error, await SolwatchAsync("status", "--password-file", file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
