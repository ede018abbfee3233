using SolWatch.ConsoleCapture.Hosting;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Cli.Power;

/// <summary><c>solwatch power ACTION --host BMC</c>: one short IPMI session straight to the BMC, no daemon involved.</summary>
internal static class BmcPower
{
    public static async Task<int> RunAsync(string action, IpmiSessionOptions options, CancellationToken ct)
    {
        IpmiChassis chassis;
        try
        {
            chassis = new IpmiChassis(options);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
        try
        {
            if (ConsoleControl.PowerActions[action] is not { } chassisAction)
            {
                ChassisStatus status = await chassis.GetStatusAsync(ct);
                Console.WriteLine($"power {(status.PowerOn ? "on" : "off")}{(status.PowerFault ? " (power fault)" : "")}");
                return ExitCodes.Ok;
            }
            await chassis.ControlAsync(chassisAction, ct);
            Console.WriteLine($"power {action}: done");
            return ExitCodes.Ok;
        }
        catch (ChassisControlRefusedException e)
        {
            throw new CliException($"power {action}: {e.Advice(console: null)}");
        }
        catch (IpmiException e)
        {
            throw new CliException($"power {action}: {e.Message}");
        }
    }
}
