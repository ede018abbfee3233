namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// A console whose BMC also switches the machine's power (<c>type: ipmi</c>): <c>solwatch power CONSOLE ACTION</c>
/// goes through the daemon to the console's own IPMI session.
/// </summary>
public interface IConsolePower
{
    /// <summary>The chassis power state.</summary>
    Task<ChassisStatus> GetPowerStatusAsync(CancellationToken cancellationToken);

    /// <summary>Runs a chassis control action; throws <see cref="IpmiException"/> (the BMC refused, or did not confirm).</summary>
    Task ControlPowerAsync(ChassisAction action, CancellationToken cancellationToken);
}
