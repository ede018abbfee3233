using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Ssh;

namespace SolWatch.ConsoleCapture.Config.ConsoleTypes;

/// <summary>
/// <c>type: ssh</c>: a BMC's serial console over SSH (see <c>Ssh/README.md</c>). Keys: <c>address</c> (required),
/// <c>port</c> (profile default: 22, openbmc 2200), <c>user</c> (required), <c>passwordEnv</c>/<c>passwordFile</c>
/// and/or <c>keyEnv</c>/<c>keyFile</c> (+ <c>keyPassphraseEnv</c>/<c>keyPassphraseFile</c>), <c>hostKey</c>
/// (required pin, <c>SHA256:…</c>), <c>profile</c> (idrac|ilo|smash|openbmc|generic), <c>startCommand</c>,
/// <c>exitSequence</c>, <c>breakSequence</c>, <c>promptPattern</c>, <c>readIdleTimeout</c>, <c>keepalive</c>,
/// <c>connectTimeout</c>, <c>sendTimeout</c> (how long <c>solwatch send</c> waits for the channel to take the input,
/// default 5s). A console without <c>hostKey</c> is refused (that console only): it never trusts on first use.
/// </summary>
public sealed class SshConsoleType : IConsoleType
{
    /// <inheritdoc />
    public string Name => "ssh";

    /// <inheritdoc />
    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context) =>
        SendTimeoutSetting.Around(console, () => ReadSettings(console, context));

    private static SshConsoleSettings? ReadSettings(YamlMap console, ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(console);
        string? address = console.Text("address", required: true);
        int? port = console.Port("port");
        string? user = console.Text("user", required: true);
        SecretReference? password = SecretReference.Read(console, "password", context: context);
        SecretReference? key = SecretReference.Read(console, "key", context: context);
        SecretReference? passphrase = SecretReference.Read(console, "keyPassphrase", context: context);
        string? hostKey = console.Text("hostKey");
        string profileName = console.OneOf("profile", "idrac", "ilo", "smash", "openbmc", "generic") ?? "openbmc";
        string? startCommand = console.Text("startCommand");
        string? exitSequence = console.Text("exitSequence");
        string? breakSequence = console.Text("breakSequence");
        string? promptPattern = console.Text("promptPattern");
        TimeSpan? readIdle = console.Duration("readIdleTimeout");
        TimeSpan? keepalive = console.Duration("keepalive");
        TimeSpan? connectTimeout = console.Duration("connectTimeout");
        if (address is null || user is null)
        {
            return null;
        }
        bool ok = true;
        if (password is null && key is null && !console.Has("passwordEnv") && !console.Has("passwordFile") && !console.Has("keyEnv") && !console.Has("keyFile"))
        {
            console.Error("passwordEnv", "give passwordEnv/passwordFile or keyFile (or both): the BMC needs a credential");
            ok = false;
        }
        if (passphrase is not null && key is null)
        {
            console.Error(console.Has("keyPassphraseEnv") ? "keyPassphraseEnv" : "keyPassphraseFile", "is only used with keyFile or keyEnv");
            ok = false;
        }
        SshConsoleProfile? profile = ReadProfile(console, profileName, port, startCommand, exitSequence, breakSequence, promptPattern);
        if (promptPattern is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(promptPattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                console.Error("promptPattern", $"is not a valid regular expression: {e.Message}");
                ok = false;
            }
        }
        if (hostKey is not null)
        {
            try
            {
                _ = HostKeyFingerprint.Parse(hostKey);
            }
            catch (FormatException e)
            {
                console.Error("hostKey", $"{e.Message}; run `solwatch ssh-fingerprint {ConfigText.Show(address)} --port {port ?? profile?.DefaultPort ?? 22}` and pin what it prints");
                ok = false;
            }
        }
        if (!ok || profile is null || (password is null && key is null))
        {
            return null;
        }
        var options = new SshConsoleOptions
        {
            Host = address,
            Port = port,
            User = user,
            HostKeySha256 = hostKey ?? "",
            Profile = profile,
            ReadIdleTimeout = readIdle,
        };
        options = options with
        {
            KeepAliveInterval = keepalive ?? options.KeepAliveInterval,
            ConnectTimeout = connectTimeout ?? options.ConnectTimeout,
        };
        string? refusal = null;
        if (hostKey is null)
        {
            // Refused for this console only: the others run. Trust on first use would hand the password to whoever
            // answers first, so there is no default.
            refusal = $"hostKey is required (no trust on first use): run `solwatch ssh-fingerprint {ConfigText.Show(address)} --port {options.EffectivePort}`, " +
                "check the fingerprint out of band (BMC web UI), and set it as hostKey: SHA256:...; this console does not start without it";
            console.Diagnostics.ConsoleProblem(console.Node, console.KeyPath("hostKey"), refusal);
        }
        return new SshConsoleSettings(options, password, key, passphrase, refusal);
    }

    private static SshConsoleProfile? ReadProfile(
        YamlMap console, string name, int? port, string? startCommand, string? exitSequence, string? breakSequence, string? promptPattern)
    {
        SshConsoleProfile? profile = SshConsoleProfile.Named(name);
        try
        {
            if (profile is null)
            {
                return SshConsoleProfile.Generic(port ?? 22, startCommand, exitSequence, breakSequence, promptPattern);
            }
            // A built-in profile with some of its parts overridden (e.g. a Supermicro SMASH that leaves with Enter ESC T).
            return profile with
            {
                StartCommand = startCommand is null ? profile.StartCommand : startCommand.Length == 0 ? null : startCommand,
                ExitSequence = exitSequence is null ? profile.ExitSequence : KeySequence.Parse(exitSequence),
                BreakSequence = breakSequence is null ? profile.BreakSequence : KeySequence.Parse(breakSequence),
                PromptPattern = promptPattern ?? profile.PromptPattern,
            };
        }
        catch (FormatException e)
        {
            string bad = breakSequence is not null && e.Message.Contains($"\"{breakSequence}\"", StringComparison.Ordinal) ? "breakSequence" : "exitSequence";
            console.Error(bad, e.Message);
            return null;
        }
    }

    /// <summary>The validated options without secrets, and where the secrets live.</summary>
    /// <param name="Options">Options with no password or key (never holding a secret).</param>
    /// <param name="Password">The password's reference, or null.</param>
    /// <param name="Key">The private key's reference (its text in a file or variable), or null.</param>
    /// <param name="KeyPassphrase">The key's passphrase reference, or null.</param>
    /// <param name="Refusal">Why this console must not start (no pinned host key), or null.</param>
    public sealed record SshConsoleSettings(
        SshConsoleOptions Options, SecretReference? Password, SecretReference? Key, SecretReference? KeyPassphrase, string? Refusal) : ConsoleSettings
    {
        /// <inheritdoc />
        public override string Endpoint => Options.Endpoint;

        /// <inheritdoc />
        public override IConsoleCollector CreateCollector(CollectorContext context)
        {
            if (Refusal is not null)
            {
                throw new InvalidOperationException(Refusal);
            }
            return new SshConsoleCollector(Options with
            {
                Password = Resolve(Password, "password"),
                PrivateKey = Resolve(Key, "key"),
                PrivateKeyPassphrase = Resolve(KeyPassphrase, "key passphrase"),
            });
        }

        private string? Resolve(SecretReference? secret, string what)
        {
            try
            {
                return secret?.Resolve();
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"SSH console {Options.Endpoint}: {what} ({secret}): {e.Message}", e);
            }
        }
    }
}
