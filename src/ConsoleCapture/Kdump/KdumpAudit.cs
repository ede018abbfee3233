using System.Collections.Immutable;

namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>The audit of one console's kdump host.</summary>
/// <param name="Console">The console whose <c>kdumpHost</c> this is.</param>
/// <param name="Endpoint">Where it was reached (<c>ssh://user@host:port</c>).</param>
/// <param name="Checks">The checks in the order the manuals list them; a connection failure is one failed check.</param>
public sealed record KdumpAuditReport(string Console, string Endpoint, ImmutableArray<KdumpCheck> Checks)
{
    /// <summary>The worst status among the checks.</summary>
    public KdumpCheckStatus Worst => Checks.IsEmpty ? KdumpCheckStatus.Ok : Checks.Max(c => c.Status);
}

/// <summary>Audits a kdump host's readiness over SSH with read-only commands (see <see cref="KdumpAuditRules"/>).</summary>
public static class KdumpAudit
{
    /// <summary>Connects, runs every check, and says what it found; never throws for the host's sake.</summary>
    public static async Task<KdumpAuditReport> RunAsync(string console, KdumpHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        KdumpHostConnection connection;
        try
        {
            connection = await KdumpHostConnection.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (KdumpHostException e)
        {
            return new KdumpAuditReport(console, options.Endpoint, [new KdumpCheck("connect", KdumpCheckStatus.Fail, e.Message)]);
        }
        using (connection)
        {
            var checks = ImmutableArray.CreateBuilder<KdumpCheck>();
            try
            {
                checks.Add(KdumpAuditRules.CrashLoaded(await Output(connection, RemoteCommands.CrashLoaded, cancellationToken).ConfigureAwait(false)));
                string cmdline = await Output(connection, RemoteCommands.CommandLine, cancellationToken).ConfigureAwait(false);
                checks.Add(KdumpAuditRules.CrashKernel(cmdline, await Output(connection, RemoteCommands.CrashSize, cancellationToken).ConfigureAwait(false)));
                checks.AddRange(KdumpAuditRules.PanicSettings(await Output(connection, RemoteCommands.PanicSettings, cancellationToken).ConfigureAwait(false)));
                checks.Add(KdumpAuditRules.DumpDirectory(options.DumpDir,
                    await connection.RunAsync(RemoteCommands.Stat(options.DumpDir), RemoteCommands.SmallOutput, cancellationToken).ConfigureAwait(false)));
                long? memTotal = KdumpAuditRules.MemTotal(await Output(connection, RemoteCommands.MemInfo, cancellationToken).ConfigureAwait(false));
                long? available = KdumpAuditRules.Available(await Output(connection, RemoteCommands.FreeSpace(options.DumpDir), cancellationToken).ConfigureAwait(false));
                int? level = DumpSpaceRule.DumpLevel(await Output(connection, RemoteCommands.DumpConfig, cancellationToken).ConfigureAwait(false), out string source);
                checks.Add(DumpSpaceRule.Check(options.DumpDir, available, memTotal, level, source));
            }
            catch (KdumpHostException e)
            {
                checks.Add(new KdumpCheck("connect", KdumpCheckStatus.Fail, e.Message));
            }
            return new KdumpAuditReport(console, options.Endpoint, checks.ToImmutable());
        }
    }

    // A command that fails prints nothing on stdout: the rule then says the value is unreadable, with stderr's words.
    private static async Task<string> Output(KdumpHostConnection connection, string command, CancellationToken ct)
    {
        KdumpHostConnection.Result result = await connection.RunAsync(command, RemoteCommands.SmallOutput, ct).ConfigureAwait(false);
        return result.Output.Length > 0 || result.Complaint.Length == 0 ? result.Output : result.Complaint;
    }
}
