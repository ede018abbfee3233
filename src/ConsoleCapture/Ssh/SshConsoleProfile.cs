using System.Collections.Immutable;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// How one kind of BMC serves its serial console over SSH: which port by default, which command (typed at the
/// BMC's prompt after login) attaches the host's serial console, how to leave it cleanly, and how to send a break.
/// </summary>
/// <param name="Name">The profile name used in the configuration (<c>idrac</c>, <c>ilo</c>, <c>smash</c>, <c>openbmc</c>, <c>generic</c>).</param>
/// <param name="DefaultPort">The port when the configuration names none.</param>
/// <param name="StartCommand">Typed at the BMC prompt to attach the console; <see langword="null"/> when login lands on the console.</param>
/// <param name="PromptPattern">Regular expression matching the end of the BMC's prompt (only used with a start command).</param>
/// <param name="ExitSequence">Bytes that detach from the console and return to the BMC (sent before disconnecting); empty if none.</param>
/// <param name="BreakSequence">Bytes that make the BMC send a serial break to the host; <see langword="null"/> when the BMC offers none over SSH.</param>
/// <param name="BreakNote">What the vendor documents about breaks, for the error message when <paramref name="BreakSequence"/> is null.</param>
public sealed record SshConsoleProfile(
    string Name,
    int DefaultPort,
    string? StartCommand,
    string PromptPattern,
    ImmutableArray<byte> ExitSequence,
    ImmutableArray<byte>? BreakSequence,
    string BreakNote)
{
    /// <summary>Prompts end with <c>&gt;</c> (iDRAC <c>racadm&gt;&gt;</c>, SMASH <c>-&gt;</c>, iLO <c>&lt;/&gt;hpiLO-&gt;</c>), <c>#</c> or <c>$</c>.</summary>
    public const string AnyPrompt = @"[>#$]\s*$";

    /// <summary>Dell iDRAC (7/8/9): <c>console com2</c>; <c>Ctrl+\</c> returns to the racadm prompt.</summary>
    public static SshConsoleProfile Idrac { get; } = new(
        "idrac", 22, "console com2", AnyPrompt, KeySequence.Parse(@"^\"), null,
        "iDRAC documents no serial break over its SSH console; use IPMI SOL (ipmitool sol ... ~B) or `racadm serveraction` instead");

    /// <summary>HPE iLO (3-6): <c>vsp</c> (virtual serial port); <c>ESC (</c> returns to the iLO CLI.</summary>
    public static SshConsoleProfile Ilo { get; } = new(
        "ilo", 22, "vsp", AnyPrompt, KeySequence.Parse(@"\e("), null,
        "no break sequence for iLO's VSP is confirmed; if your iLO documents one, set the console's `breakSequence`");

    /// <summary>DMTF SMASH CLP (Lenovo, Supermicro and others): <c>start /system1/sol1</c>; <c>ESC (</c> leaves.</summary>
    public static SshConsoleProfile Smash { get; } = new(
        "smash", 22, "start /system1/sol1", AnyPrompt, KeySequence.Parse(@"\e("), null,
        "SMASH CLP defines no break key; vendors differ (some use `Enter ESC T` to leave instead of `ESC (`): set `exitSequence`/`breakSequence` for yours");

    /// <summary>OpenBMC: port 2200 is the host console itself (obmc-console), no command, nothing to leave.</summary>
    public static SshConsoleProfile OpenBmc { get; } = new(
        "openbmc", 2200, null, AnyPrompt, [], null,
        "obmc-console cannot send a break (openbmc/obmc-console#25), and `~B` is an OpenSSH client escape, not something the BMC understands");

    /// <summary>The named built-in profile (case-insensitive), or <see langword="null"/>; <c>generic</c> is built with <see cref="Generic"/>.</summary>
    public static SshConsoleProfile? Named(string name) => name.ToUpperInvariant() switch
    {
        "IDRAC" => Idrac,
        "ILO" => Ilo,
        "SMASH" => Smash,
        "OPENBMC" => OpenBmc,
        _ => null,
    };

    /// <summary>A console described entirely by the configuration (sequences in <see cref="KeySequence"/> notation).</summary>
    public static SshConsoleProfile Generic(int port, string? startCommand, string? exitSequence, string? breakSequence, string? promptPattern = null) => new(
        "generic", port, string.IsNullOrEmpty(startCommand) ? null : startCommand, promptPattern ?? AnyPrompt,
        exitSequence is null ? [] : KeySequence.Parse(exitSequence),
        breakSequence is null ? null : KeySequence.Parse(breakSequence),
        "this console's configuration has no `breakSequence`");
}
