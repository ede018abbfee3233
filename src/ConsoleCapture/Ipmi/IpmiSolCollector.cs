using Serilog;
using SolWatch.ConsoleCapture.Collectors;

namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>
/// An IPMI 2.0 Serial-over-LAN console: logs in (RMCP+), activates SOL and delivers the console's bytes until
/// the console is lost (BMC gone, session dead, console taken by another client: <see cref="RunAsync"/> throws
/// <see cref="IpmiSessionLostException"/> and the supervisor calls it again). Accepts keyboard input and breaks.
/// Many collectors share one UDP socket (<see cref="RmcpEndpoint.Shared"/>) and no thread of their own.
/// Chassis power control (<see cref="IConsolePower"/>) goes over the same session while the console is connected,
/// else over a short session of its own.
/// </summary>
public sealed class IpmiSolCollector : IConsoleCollector, IConsoleWriter, IConsolePower
{
    private readonly IpmiSolOptions options;
    private readonly RmcpEndpoint? endpoint;
    private readonly ILogger log;
    private SolConnection? current;
    private IpmiSession? currentSession;
    // The cipher suite the BMC last logged in with, tried first at the next login. Why: a refusal is no longer taken at
    // once (a spoofer could send one, IpmiSession.SetupReplies), so a BMC without the preferred suite costs the setup
    // wait's timeout each time it is asked for it; reconnecting with what worked costs nothing. Only a login that
    // completed sets it, so a spoofed refusal cannot downgrade it.
    private int lastSuite = -1;

    /// <summary>Creates the collector; <paramref name="endpoint"/> null = the process's shared endpoint.</summary>
    public IpmiSolCollector(IpmiSolOptions options, RmcpEndpoint? endpoint = null, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.endpoint = endpoint;
        this.log = (log ?? Log.Logger).ForContext<IpmiSolCollector>().ForContext("Console", options.Session.Endpoint);
    }

    /// <summary>The session options with <paramref name="lastSuite"/> (the suite of the last completed login, -1 for
    /// none) moved to the front of the allowed suites, the others kept in their order.</summary>
    internal static IpmiSessionOptions SuitesFromLastLogin(IpmiSessionOptions session, int lastSuite) =>
        lastSuite < 0 || session.CipherSuites.Count < 2 || session.CipherSuites[0] == lastSuite || !session.CipherSuites.Contains(lastSuite)
            ? session
            : session with { CipherSuites = [lastSuite, .. session.CipherSuites.Where(id => id != lastSuite)] };

    /// <inheritdoc />
    public string Endpoint => $"ipmi-sol://{options.Session.UserName}@{options.Session.Endpoint}";

    /// <summary>Retransmitted SOL packets of the current connection (0 when not connected).</summary>
    public long Retransmissions => Volatile.Read(ref current)?.Retransmissions ?? 0;

    /// <inheritdoc />
    public async Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        try
        {
            await RunConnectedAsync(sink, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // cancelled while connecting or activating: a normal return, as the contract asks
        }
    }

    private async Task RunConnectedAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        await using IpmiSession session = await IpmiSession.OpenAsync(SuitesFromLastLogin(options.Session, lastSuite), endpoint, log, cancellationToken);
        lastSuite = session.Suite.Id;
        using var sol = new SolConnection(session, sink, options, log);
        await sol.ActivateAsync(cancellationToken);
        Volatile.Write(ref current, sol);
        Volatile.Write(ref currentSession, session);
        try
        {
            sink.OnConnected($"SOL payload 1, cipher suite {session.Suite.Id}");
            await sol.Completion.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leave the BMC clean for the next client; short, so that shutdown stays prompt. Its answers (a
            // "deactivating" status, a keepalive finding SOL gone) are no lost console.
            sol.MarkClosing();
            try
            {
                await sol.DeactivateAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
            catch (Exception e) when (e is IpmiException or TimeoutException or ObjectDisposedException)
            {
                log.Debug("IPMI console {Endpoint}: SOL deactivation on shutdown failed: {Reason}", Endpoint, e.Message);
            }
        }
        finally
        {
            Volatile.Write(ref current, null);
            Volatile.Write(ref currentSession, null);
            // What the BMC was told we took reaches the sink before this returns (and the supervisor marks the gap).
            sol.Dispose();
            await sol.Delivered;
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await Connected().SendAsync(data, isBreak: false).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask SendBreakAsync(CancellationToken cancellationToken) =>
        await Connected().SendAsync(ReadOnlyMemory<byte>.Empty, isBreak: true).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<ChassisStatus> GetPowerStatusAsync(CancellationToken cancellationToken)
    {
        RequireChassisPrivilege();
        if (Volatile.Read(ref currentSession) is { } session)
        {
            try
            {
                return await IpmiChassis.GetStatusAsync(session, cancellationToken);
            }
            catch (ObjectDisposedException)
            {
                // The console was lost meanwhile: ask over a session of our own.
            }
        }
        return await new IpmiChassis(options.Session, endpoint, log).GetStatusAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task ControlPowerAsync(ChassisAction action, CancellationToken cancellationToken)
    {
        RequireChassisPrivilege();
        if (Volatile.Read(ref currentSession) is not { } session)
        {
            await new IpmiChassis(options.Session, endpoint, log).ControlAsync(action, cancellationToken);
            return;
        }
        try
        {
            await IpmiChassis.ControlAsync(session, action, cancellationToken);
        }
        catch (ObjectDisposedException e)
        {
            throw new IpmiException(
                $"the IPMI session of console {options.Session.Endpoint} closed while sending chassis {action}; it may or may not have happened: check the power status before trying again", e);
        }
    }

    private void RequireChassisPrivilege()
    {
        if (options.Session.Privilege < IpmiPrivilege.Operator)
        {
            throw new InvalidOperationException(
                $"it logs in to BMC {options.Session.Endpoint} with privilege {options.Session.Privilege}; chassis power control needs operator or administrator (set privilege: operator for this console)");
        }
    }

    private SolConnection Connected() =>
        Volatile.Read(ref current) ?? throw new InvalidOperationException($"IPMI console {options.Session.Endpoint} is not connected");
}
