using System.Text;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// Writes to a running console on someone's request (<c>solwatch send|break|sysrq</c>) and switches its machine's
/// power through its BMC (<c>solwatch power CONSOLE</c>): refuses read-only consoles (power status aside, which
/// changes nothing) and consoles that cannot do it, and logs every request with who asked. The text sent is not
/// logged (someone may type a password into a console), only its length. Who asked is the client's word: escaped
/// and bounded (<see cref="LogSafe"/>) before it reaches the log.
/// </summary>
public sealed class ConsoleControl
{
    /// <summary>The Magic SysRq keys (see the kernel's sysrq.rst): digits set the log level, letters run commands.</summary>
    public const string SysrqKeys = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The most one send writes: typing, not file transfer (the request body would otherwise be up to 30 MB).</summary>
    public const int MaxSendBytes = 1 << 20;

    private readonly CapturePipeline _pipeline;
    private readonly ILogger _log;

    /// <summary>Controls the consoles of <paramref name="pipeline"/>.</summary>
    public ConsoleControl(CapturePipeline pipeline, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _pipeline = pipeline;
        _log = loggers.CreateLogger("SolWatch.Control");
    }

    /// <summary>Sends <paramref name="text"/> (UTF-8) to <paramref name="console"/>, as if typed.</summary>
    public async Task SendAsync(string console, string text, string requestedBy, CancellationToken ct)
    {
        requestedBy = LogSafe.Text(requestedBy);
        ArgumentNullException.ThrowIfNull(text);
        (IConsoleWriter writer, TimeSpan timeout) = Writer(console, "send text to");
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > MaxSendBytes)
        {
            throw new ConsoleControlException(ConsoleControlError.BadRequest,
                $"text: {bytes.Length} bytes is more than one send takes ({MaxSendBytes}); send it in parts, or copy a file to the machine another way");
        }
        _log.LogInformation("Console {Console}: {User} sends {Bytes} bytes", console, requestedBy, bytes.Length);
        await Run(console, "text", writer, timeout, () => writer.SendAsync(bytes, CancellationToken.None), ct);
    }

    /// <summary>Sends a serial break to <paramref name="console"/>.</summary>
    public async Task BreakAsync(string console, string requestedBy, CancellationToken ct)
    {
        requestedBy = LogSafe.Text(requestedBy);
        (IConsoleWriter writer, TimeSpan timeout) = Writer(console, "send a break to");
        _log.LogInformation("Console {Console}: {User} sends a break", console, requestedBy);
        await Run(console, "break", writer, timeout, () => writer.SendBreakAsync(CancellationToken.None), ct);
    }

    /// <summary>Magic SysRq over a serial console: a break, then the key (the kernel takes the next key after a break).</summary>
    public async Task SysrqAsync(string console, char key, string requestedBy, CancellationToken ct)
    {
        requestedBy = LogSafe.Text(requestedBy);
        if (!SysrqKeys.Contains(key, StringComparison.Ordinal))
        {
            throw new ConsoleControlException(ConsoleControlError.BadRequest, $"'{key}' is not a SysRq key (one of {SysrqKeys}; e.g. t = task list, w = blocked tasks, c = crash)");
        }
        (IConsoleWriter writer, TimeSpan timeout) = Writer(console, "send SysRq to");
        _log.LogWarning("Console {Console}: {User} sends SysRq {Key}", console, requestedBy, key.ToString());
        // One turn for both: no other send may come between the break and its key.
        await Run(console, "SysRq", writer, timeout, async () =>
        {
            await writer.SendBreakAsync(CancellationToken.None);
            await writer.SendAsync(new[] { (byte)key }, CancellationToken.None);
        }, ct);
    }

    /// <summary>The power actions of <c>solwatch power</c>, by their command-line names.</summary>
    public static readonly IReadOnlyDictionary<string, ChassisAction?> PowerActions = new Dictionary<string, ChassisAction?>(StringComparer.Ordinal)
    {
        ["status"] = null,
        ["on"] = ChassisAction.PowerOn,
        ["off"] = ChassisAction.PowerOff,
        ["cycle"] = ChassisAction.PowerCycle,
        ["reset"] = ChassisAction.HardReset,
        ["diag"] = ChassisAction.DiagnosticInterrupt,
    };

    /// <summary>
    /// Chassis power of <paramref name="console"/>'s machine through its BMC (<c>status</c>, <c>on</c>, <c>off</c>,
    /// <c>cycle</c>, <c>reset</c>, <c>diag</c>), over the console's own IPMI session. Returns what to tell the user.
    /// </summary>
    public async Task<string> PowerAsync(string console, string action, string requestedBy, CancellationToken ct)
    {
        requestedBy = LogSafe.Text(requestedBy);
        if (!PowerActions.TryGetValue(action, out ChassisAction? chassis))
        {
            throw new ConsoleControlException(ConsoleControlError.BadRequest, $"'{action}' is not a power action (one of {string.Join(", ", PowerActions.Keys)})");
        }
        (ConsoleConfig config, IConsoleCollector collector) = Running(console);
        if (config.ReadOnly && chassis is not null)
        {
            throw new ConsoleControlException(ConsoleControlError.Refused,
                $"console {console} is readOnly in the configuration; solwatch does not switch its power (set readOnly: false to allow it)");
        }
        if (collector is not IConsolePower power)
        {
            throw new ConsoleControlException(ConsoleControlError.Refused,
                $"console {console} ({config.Type}) has no BMC to switch its power; power control needs a type: ipmi console (or: solwatch power ACTION --host BMC ...)");
        }
        if (chassis is not { } chassisAction)
        {
            _log.LogInformation("Console {Console}: {User} asks for the power status", console, requestedBy);
            ChassisStatus status = await RunPower(console, () => power.GetPowerStatusAsync(ct));
            return $"power {(status.PowerOn ? "on" : "off")}{(status.PowerFault ? " (power fault)" : "")}";
        }
        _log.LogWarning("Console {Console}: {User} sends power {Action}", console, requestedBy, action);
        await RunPower(console, async () =>
        {
            await power.ControlPowerAsync(chassisAction, ct);
            return true;
        });
        return $"power {action}: done";
    }

    private static async Task<T> RunPower<T>(string console, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ChassisControlRefusedException e)
        {
            throw new ConsoleControlException(ConsoleControlError.Refused, $"console {console}: {e.Advice(console)}", e);
        }
        catch (Exception e) when (e is IpmiException or InvalidOperationException or ArgumentException)
        {
            throw new ConsoleControlException(ConsoleControlError.Refused, $"console {console}: {e.Message}", e);
        }
    }

    private (ConsoleConfig Config, IConsoleCollector Collector) Running(string console)
    {
        if (!_pipeline.TryGetRunning(console, out ConsoleConfig config, out IConsoleCollector collector))
        {
            throw new ConsoleControlException(
                _pipeline.Sessions.ContainsKey(console) ? ConsoleControlError.Refused : ConsoleControlError.NotFound,
                _pipeline.Sessions.ContainsKey(console)
                    ? $"console {console} is not running (see solwatch consoles for why)"
                    : $"no console {console} (solwatch consoles lists them)");
        }
        return (config, collector);
    }

    private (IConsoleWriter Writer, TimeSpan SendTimeout) Writer(string console, string what)
    {
        (ConsoleConfig config, IConsoleCollector collector) = Running(console);
        if (config.ReadOnly)
        {
            throw new ConsoleControlException(ConsoleControlError.Refused,
                $"console {console} is readOnly in the configuration; solwatch does not {what} it (set readOnly: false to allow writes)");
        }
        return (collector as IConsoleWriter
            ?? throw new ConsoleControlException(ConsoleControlError.Refused, $"console {console} ({config.Type}) takes no input; cannot {what} it"),
            config.Settings.SendTimeout);
    }

    /// <summary>
    /// Runs one write through the console's <see cref="SendGate"/>: writes to one console never overlap, and one that
    /// the console does not take within its sendTimeout fails instead of hanging this and every later send. The
    /// write gets no cancellation token: a write cut off half-way would leave part of a command on the line.
    /// </summary>
    private static async Task Run(string console, string what, IConsoleWriter writer, TimeSpan timeout, Func<ValueTask> write, CancellationToken ct)
    {
        try
        {
            await SendGate.Of(writer).RunAsync(async () => await write(), timeout, ct);
        }
        catch (SendStalledException e)
        {
            throw new ConsoleControlException(ConsoleControlError.Refused, e.Describe(console, what), e);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or IOException or IpmiException)
        {
            // IpmiException: an SOL console whose session was lost or whose BMC does not take input (was a 500).
            throw new ConsoleControlException(ConsoleControlError.Refused, $"console {console}: {e.Message}", e);
        }
    }
}

/// <summary>Why a console write was refused.</summary>
public enum ConsoleControlError
{
    /// <summary>No console of that name.</summary>
    NotFound,

    /// <summary>The request itself is wrong (e.g. not a SysRq key).</summary>
    BadRequest,

    /// <summary>The console is read-only, takes no input, is not running, or the write failed.</summary>
    Refused,
}

/// <summary>A console write that was refused; the message says why and what to do.</summary>
public sealed class ConsoleControlException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConsoleControlException(ConsoleControlError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    /// <summary>Why.</summary>
    public ConsoleControlError Error { get; }
}
