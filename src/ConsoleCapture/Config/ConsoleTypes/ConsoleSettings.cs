using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>The validated settings of one console type; knows how to make that type's collector.</summary>
public abstract record ConsoleSettings
{
    /// <summary>What the collector connects to, for logs and <c>solwatch consoles</c> (never a secret).</summary>
    public abstract string Endpoint { get; }

    /// <summary>Makes the collector (it connects only when run).</summary>
    public abstract IConsoleCollector CreateCollector(CollectorContext context);

    /// <summary>
    /// How long one <c>send</c>, <c>break</c> or <c>sysrq</c> may wait for the console to take it (the key
    /// <c>sendTimeout</c> of the types that take input, see <see cref="SendTimeoutSetting"/>); then it fails and later
    /// sends are refused at once while that write is stuck (see <c>Hosting/SendGate</c>).
    /// </summary>
    public TimeSpan SendTimeout { get; init; } = SendTimeoutSetting.Default;
}

/// <summary>What a console type may need to build its collector.</summary>
/// <param name="ConsoleName">The console's configured name.</param>
/// <param name="Loggers">Logger factory (collectors log under their own category).</param>
/// <param name="Shared">Services several consoles share (e.g. one netconsole socket).</param>
public sealed record CollectorContext(string ConsoleName, ILoggerFactory Loggers, SharedServices Shared);
