using SolWatch.ConsoleCapture.Kdump;
using SolWatch.ConsoleCapture.Ssh;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// A console's <c>kdumpHost:</c> (optional): the crashed machine itself over SSH, for <c>solwatch kdump audit</c>
/// and for fetching the vmcore-dmesg.txt of a saved dump into its incident. Keys: <c>host</c> (required),
/// <c>port</c> (22), <c>user</c> (required), <c>keyEnv</c>/<c>keyFile</c> (+ <c>keyPassphraseEnv</c>/<c>keyPassphraseFile</c>)
/// and/or <c>passwordEnv</c>/<c>passwordFile</c>, <c>hostKey</c> (<c>SHA256:…</c>; without it SolWatch never
/// connects and says so, the console itself runs), <c>dumpDir</c> (/var/crash), <c>connectTimeout</c> (20s),
/// <c>commandTimeout</c> (30s).
/// </summary>
/// <param name="Options">The host without secrets.</param>
/// <param name="Password">Where the password is, or null.</param>
/// <param name="Key">Where the private key is, or null.</param>
/// <param name="KeyPassphrase">Where the key's passphrase is, or null.</param>
/// <param name="Refusal">Why SolWatch never connects (no pinned host key), or null.</param>
public sealed record KdumpHostSettings(
    KdumpHostOptions Options, SecretReference? Password, SecretReference? Key, SecretReference? KeyPassphrase, string? Refusal)
{
    /// <summary>The options with their secrets read; throws <see cref="KdumpHostException"/> naming what cannot be read.</summary>
    public KdumpHostOptions Resolve()
    {
        if (Refusal is not null)
        {
            throw new KdumpHostException($"kdump host {Options.Endpoint}: {Refusal}", retry: false);
        }
        return Options with
        {
            Password = Read(Password, "password"),
            PrivateKey = Read(Key, "key"),
            PrivateKeyPassphrase = Read(KeyPassphrase, "key passphrase"),
        };
    }

    /// <summary>Reads <c>kdumpHost:</c> of <paramref name="console"/>; null when absent or wrong (errors recorded at their lines).</summary>
    public static KdumpHostSettings? Read(YamlMap console, ConsoleTypes.ConfigReadContext context)
    {
        ArgumentNullException.ThrowIfNull(console);
        YamlMap? map = console.Map("kdumpHost");
        if (map is null)
        {
            return null;
        }
        int errors = map.Diagnostics.Errors.Count;
        string? host = map.Text("host", required: true);
        int port = map.Port("port") ?? 22;
        string? user = map.Text("user", required: true);
        SecretReference? password = SecretReference.Read(map, "password", context: context);
        SecretReference? key = SecretReference.Read(map, "key", context: context);
        SecretReference? passphrase = SecretReference.Read(map, "keyPassphrase", context: context);
        string? hostKey = map.Text("hostKey");
        string dumpDir = map.Text("dumpDir") ?? "/var/crash";
        TimeSpan? connectTimeout = map.Duration("connectTimeout");
        TimeSpan? commandTimeout = map.Duration("commandTimeout");
        if (password is null && key is null && !map.Has("passwordEnv") && !map.Has("passwordFile") && !map.Has("keyEnv") && !map.Has("keyFile"))
        {
            map.Error("keyFile", "give keyFile/keyEnv or passwordEnv/passwordFile: the host needs a credential");
        }
        if (passphrase is not null && key is null)
        {
            map.Error(map.Has("keyPassphraseEnv") ? "keyPassphraseEnv" : "keyPassphraseFile", "is only used with keyFile or keyEnv");
        }
        if (!dumpDir.StartsWith('/') || dumpDir.Any(char.IsControl))
        {
            map.Error("dumpDir", $"{ConfigText.Show(dumpDir)} must be an absolute path on the host, e.g. /var/crash");
        }
        foreach ((string name, TimeSpan? value) in new[] { ("connectTimeout", connectTimeout), ("commandTimeout", commandTimeout) })
        {
            if (value is { } t && (t <= TimeSpan.Zero || t > TimeSpan.FromHours(1)))
            {
                map.Error(name, "must be above zero and at most 1h, e.g. 30s");
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
                map.Error("hostKey", $"{e.Message}; run `solwatch ssh-fingerprint {ConfigText.Show(host ?? "HOST")} --port {port}` and pin what it prints");
            }
        }
        map.ReportUnknownKeys("not a setting of kdumpHost");
        if (host is null || user is null || map.Diagnostics.Errors.Count > errors)
        {
            return null;
        }
        var options = new KdumpHostOptions { Host = host, Port = port, User = user, HostKeySha256 = hostKey, DumpDir = dumpDir };
        options = options with
        {
            ConnectTimeout = connectTimeout ?? options.ConnectTimeout,
            CommandTimeout = commandTimeout ?? options.CommandTimeout,
        };
        // No trust on first use: the first answer would be handed the key or password. The console runs without it.
        string? refusal = hostKey is null
            ? $"kdumpHost.hostKey is required (no trust on first use), so SolWatch never connects to {host}: run `solwatch ssh-fingerprint {ConfigText.Show(host)} --port {port}`, check it out of band and set hostKey: SHA256:..."
            : null;
        if (refusal is not null)
        {
            map.Diagnostics.Warning(map.Node, map.KeyPath("hostKey"), refusal.Replace("kdumpHost.hostKey is required", "hostKey is required", StringComparison.Ordinal)
                + "; the console runs, without the kdump audit and vmcore-dmesg.txt");
        }
        return new KdumpHostSettings(options, password, key, passphrase, refusal);
    }

    private string? Read(SecretReference? secret, string what)
    {
        try
        {
            return secret?.Resolve();
        }
        catch (InvalidOperationException e)
        {
            throw new KdumpHostException($"kdump host {Options.Endpoint}: {what} ({secret}): {e.Message}", retry: false, e);
        }
    }
}
