using System.Collections.Immutable;

namespace SolWatch.ConsoleCapture.Collectors.Exec;

/// <summary>
/// A command whose output is a console (e.g. <c>ipmitool -I lanplus ... sol activate</c>, <c>conserver</c>'s
/// <c>console -s</c>, <c>kubectl logs -f</c>). Run without a shell unless <see cref="UseShell"/> is set.
/// </summary>
public sealed record ExecCollectorOptions
{
    /// <summary>Creates and validates the options.</summary>
    /// <param name="argv">Program and arguments; with <paramref name="useShell"/> exactly one element, the shell command line.</param>
    /// <param name="useShell">Run <c>/bin/sh -c argv[0]</c> (pipes, redirections); off by default so that arguments need no quoting.</param>
    /// <param name="workingDirectory">Directory to start in; null = the daemon's.</param>
    /// <param name="environment">Variables set for the command, e.g. IPMI_PASSWORD for <c>ipmitool -E</c>; values may be
    /// secrets and are never shown in <see cref="ExecCollector.Endpoint"/>. The command does not inherit the daemon's
    /// environment: it gets <see cref="ExecEnvironment.Kept"/>, <paramref name="passEnvironment"/> and these.</param>
    /// <param name="breakSequence">Bytes that make the command send a serial break (ipmitool: "~B" after a newline);
    /// null = the command cannot send one.</param>
    /// <param name="passEnvironment">Names of the daemon's variables passed on to the command as they are (e.g. a
    /// password the daemon's unit file sets for this console alone).</param>
    /// <param name="sendTimeout">How long a write to the command's stdin may wait for the command to read it
    /// (<see cref="DefaultSendTimeout"/> when null).</param>
    /// <exception cref="ArgumentException">argv is empty, or has several elements with useShell; a bad variable name; a
    /// send timeout not above zero.</exception>
    public ExecCollectorOptions(
        IEnumerable<string> argv, bool useShell = false, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, ReadOnlyMemory<byte>? breakSequence = null,
        IEnumerable<string>? passEnvironment = null, TimeSpan? sendTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(argv);
        Argv = [.. argv];
        if (Argv.IsEmpty || string.IsNullOrWhiteSpace(Argv[0]))
        {
            throw new ArgumentException("command must name a program (argv is empty)", nameof(argv));
        }
        if (useShell && Argv.Length != 1)
        {
            throw new ArgumentException(
                $"with shell: true the command must be one string (a shell command line), got {Argv.Length} elements", nameof(argv));
        }
        if (workingDirectory is not null && !Directory.Exists(workingDirectory))
        {
            throw new ArgumentException($"working directory '{workingDirectory}' does not exist", nameof(workingDirectory));
        }
        UseShell = useShell;
        WorkingDirectory = workingDirectory;
        Environment = environment?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty;
        PassEnvironment = [.. passEnvironment ?? []];
        foreach (string name in Environment.Keys.Concat(PassEnvironment))
        {
            if (!ExecEnvironment.IsName(name))
            {
                throw new ArgumentException($"'{name}' is not an environment variable name (letters, digits and _, not starting with a digit)", nameof(environment));
            }
        }
        SendTimeout = sendTimeout ?? DefaultSendTimeout;
        if (SendTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the send timeout must be above zero (got {SendTimeout})", nameof(sendTimeout));
        }
        BreakSequence = breakSequence;
    }

    /// <summary>How long a send waits for a command that does not read its input, unless configured.</summary>
    public static readonly TimeSpan DefaultSendTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Program and arguments (or the shell command line).</summary>
    public ImmutableArray<string> Argv { get; }

    /// <summary>Whether <see cref="Argv"/>[0] is run by /bin/sh -c.</summary>
    public bool UseShell { get; }

    /// <summary>Start directory, or null.</summary>
    public string? WorkingDirectory { get; }

    /// <summary>Extra environment variables (may hold secrets: never logged).</summary>
    public ImmutableDictionary<string, string> Environment { get; }

    /// <summary>The daemon's variables passed on by name.</summary>
    public ImmutableArray<string> PassEnvironment { get; }

    /// <summary>How long a write to the command's stdin may wait before the send fails (the console's sendTimeout,
    /// which ConsoleControl's SendGate applies).</summary>
    public TimeSpan SendTimeout { get; }

    /// <summary>Input that makes the command send a break, or null.</summary>
    public ReadOnlyMemory<byte>? BreakSequence { get; }
}
