using Serilog;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>Chassis power state as the BMC reports it.</summary>
/// <param name="PowerOn">System power is on.</param>
/// <param name="PowerFault">The BMC reports a power fault or overload.</param>
public sealed record ChassisStatus(bool PowerOn, bool PowerFault);

/// <summary>Chassis Control actions (IPMI 2.0 §28.3).</summary>
public enum ChassisAction : byte
{
    /// <summary>Power down (hard, no OS shutdown).</summary>
    PowerOff = 0,
    /// <summary>Power up.</summary>
    PowerOn = 1,
    /// <summary>Power cycle (off, then on after the BMC's interval).</summary>
    PowerCycle = 2,
    /// <summary>Hard reset.</summary>
    HardReset = 3,
    /// <summary>Pulse a diagnostic interrupt (NMI): makes a hung Linux kernel print its state or panic.</summary>
    DiagnosticInterrupt = 4,
    /// <summary>ACPI soft shutdown.</summary>
    SoftShutdown = 5,
}

/// <summary>
/// Chassis power control over an RMCP+ session (the same session type as SOL). Needs Operator privilege.
/// One short-lived session per call: power actions are rare.
/// </summary>
public sealed class IpmiChassis
{
    private readonly IpmiSessionOptions options;
    private readonly RmcpEndpoint? endpoint;
    private readonly ILogger? log;

    /// <summary>Creates the controller; <paramref name="endpoint"/> null = the process's shared endpoint.</summary>
    public IpmiChassis(IpmiSessionOptions options, RmcpEndpoint? endpoint = null, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Privilege < IpmiPrivilege.Operator)
        {
            throw new ArgumentException($"IPMI console {options.Endpoint}: chassis control needs Operator privilege or more, not {options.Privilege}");
        }
        this.options = options;
        this.endpoint = endpoint;
        this.log = log;
    }

    /// <summary>Reads the power state (Get Chassis Status).</summary>
    public async Task<ChassisStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await using IpmiSession session = await IpmiSession.OpenAsync(options, endpoint, log, cancellationToken);
        return await GetStatusAsync(session, cancellationToken);
    }

    /// <summary>Runs a Chassis Control action; throws with the BMC's completion code when it refuses.</summary>
    public async Task ControlAsync(ChassisAction action, CancellationToken cancellationToken = default)
    {
        await using IpmiSession session = await IpmiSession.OpenAsync(options, endpoint, log, cancellationToken);
        await ControlAsync(session, action, cancellationToken);
    }

    /// <summary>Get Chassis Status over an open session (a console's SOL session, or a short one of its own).</summary>
    internal static async Task<ChassisStatus> GetStatusAsync(IpmiSession session, CancellationToken cancellationToken)
    {
        IpmiResponse r = await session.RequestAsync(IpmiCommands.NetFnChassis, IpmiCommands.GetChassisStatus, [], cancellationToken);
        if (r.CompletionCode != 0 || r.Data.Length < 1)
        {
            throw new IpmiException($"BMC {session.Endpoint} refused Get Chassis Status (completion code 0x{r.CompletionCode:X2})");
        }
        return new ChassisStatus(PowerOn: (r.Data[0] & 0x01) != 0, PowerFault: (r.Data[0] & 0x1E) != 0);
    }

    /// <summary>Chassis Control over an open session; throws <see cref="ChassisControlRefusedException"/> when the BMC refuses.</summary>
    internal static async Task ControlAsync(IpmiSession session, ChassisAction action, CancellationToken cancellationToken)
    {
        IpmiSessionOptions options = session.Options;
        // No retransmission: a repeated "power cycle" whose first answer was lost would cycle the machine twice.
        IpmiResponse r;
        try
        {
            r = await session.RequestAsync(IpmiCommands.NetFnChassis, IpmiCommands.ChassisControl, [(byte)action], cancellationToken,
                retries: 0, timeout: options.RequestTimeout * (options.RequestRetries + 1));
        }
        catch (IpmiSessionLostException e)
        {
            throw new IpmiException($"BMC {options.Endpoint} did not confirm chassis {action}; it may or may not have happened: check the power status before trying again", e);
        }
        if (r.CompletionCode != 0)
        {
            throw new ChassisControlRefusedException(options.Endpoint, action, r.CompletionCode, r.CompletionCode switch
            {
                0xD4 => $"BMC {options.Endpoint} refused chassis {action}: insufficient privilege for user {options.UserName} (needs Operator)",
                ChassisControlRefusedException.InvalidDataField => $"BMC {options.Endpoint} does not support chassis {action}",
                _ => $"BMC {options.Endpoint} refused chassis {action} (completion code 0x{r.CompletionCode:X2})",
            });
        }
    }
}
