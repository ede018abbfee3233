namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// The key <c>sendTimeout</c> of every console type that takes input (exec, tcp, telnet, serial, ssh, ipmi): how
/// long <c>solwatch send|break|sysrq</c> waits for the console to take what it is sent before it fails with "console
/// X is not reading its input". A slow line (9600 baud takes 100 s for 100 KB) needs more than the default.
/// </summary>
public static class SendTimeoutSetting
{
    /// <summary>5 s: typing is taken at once by a console that reads at all.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(5);

    /// <summary>1 day: a whole 1 MiB send at 110 baud fits; timers refuse much longer waits (about 24.8 days).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(1);

    /// <summary>
    /// Reads <c>sendTimeout</c> before <paramref name="read"/> runs (so the key is never called unknown when the
    /// type's own keys have errors), and gives it to the settings <paramref name="read"/> returns; null after an error.
    /// </summary>
    public static ConsoleSettings? Around(YamlMap console, Func<ConsoleSettings?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        TimeSpan? timeout = Read(console, out bool wrong);
        ConsoleSettings? settings = read();
        return settings is null || wrong ? null
            : timeout is { } value ? settings with { SendTimeout = value }
            : settings;
    }

    /// <summary>The key's value (null when absent); <paramref name="wrong"/> after an error recorded at the key.</summary>
    public static TimeSpan? Read(YamlMap console, out bool wrong)
    {
        ArgumentNullException.ThrowIfNull(console);
        int errorsBefore = console.Diagnostics.Errors.Count;
        TimeSpan? timeout = console.Duration("sendTimeout");
        wrong = console.Diagnostics.Errors.Count > errorsBefore;
        if (timeout is { } t && (t <= TimeSpan.Zero || t > Max))
        {
            console.Error("sendTimeout", "must be above zero and at most 1d (e.g. 5s; a slow serial line may need 60s)");
            wrong = true;
        }
        return wrong ? null : timeout;
    }
}
