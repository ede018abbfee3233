using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using SolWatch.ConsoleCapture.Ssh;

namespace SolWatch.ConsoleCapture.Kdump;

/// <summary>
/// An SSH login to a kdump host with its host key pinned (refused before any credential is offered, as for BMC
/// consoles), running only the read-only commands of <see cref="RemoteCommands"/>, each bounded in time
/// (<see cref="KdumpHostOptions.CommandTimeout"/>) and in output (the commands bound themselves with <c>head -c</c>,
/// and the output is cut here too).
/// </summary>
public sealed class KdumpHostConnection : IDisposable
{
    private readonly SshClient _client;
    private readonly List<IDisposable> _owned;
    private readonly KdumpHostOptions _options;

    private KdumpHostConnection(SshClient client, List<IDisposable> owned, KdumpHostOptions options)
    {
        _client = client;
        _owned = owned;
        _options = options;
    }

    /// <summary>What one command printed and how it ended.</summary>
    /// <param name="Output">Standard output, cut at the command's bound.</param>
    /// <param name="Error">Standard error (first lines), for messages.</param>
    /// <param name="ExitStatus">The exit status, or null when the command ended without one.</param>
    /// <param name="Truncated">Whether the output was longer than the bound.</param>
    public sealed record Result(string Output, string Error, int? ExitStatus, bool Truncated)
    {
        /// <summary>Whether the command exited 0.</summary>
        public bool Succeeded => ExitStatus == 0;

        /// <summary>
        /// The last line of standard error, the command's own complaint: a login may print others before it (sshd's
        /// "Could not chdir to home directory" for a user without one).
        /// </summary>
        public string Complaint => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    }

    /// <summary>Connects and logs in; throws <see cref="KdumpHostException"/> saying why not (and whether a retry may help).</summary>
    public static async Task<KdumpHostConnection> ConnectAsync(KdumpHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HostKeySha256 is null)
        {
            throw new KdumpHostException(
                $"kdump host {options.Endpoint}: no hostKey pinned, so SolWatch never connects (no trust on first use); run `solwatch ssh-fingerprint {options.Host} --port {options.Port}`, check it out of band and set kdumpHost.hostKey",
                retry: false);
        }
        HostKeyFingerprint pinned = HostKeyFingerprint.Parse(options.HostKeySha256);
        var owned = new List<IDisposable>();
        var methods = new List<AuthenticationMethod>();
        if (options.PrivateKey is not null)
        {
            PrivateKeyFile key = ReadKey(options);
            owned.Add(key);
            methods.Add(new PrivateKeyAuthenticationMethod(options.User, key));
        }
        if (options.Password is not null)
        {
            methods.Add(new PasswordAuthenticationMethod(options.User, options.Password));
        }
        owned.AddRange(methods.OfType<IDisposable>());
        var info = new ConnectionInfo(options.Host, options.Port, options.User, [.. methods]) { Timeout = options.ConnectTimeout, Encoding = Encoding.UTF8 };
        var client = new SshClient(info);
        HostKeyFingerprint? presented = null;
        string algorithm = "?";
        client.HostKeyReceived += (_, e) =>
        {
            presented = HostKeyFingerprint.OfKey(e.HostKey);
            algorithm = e.HostKeyName;
            e.CanTrust = presented.Matches(pinned);
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout + TimeSpan.FromSeconds(5));
            await client.ConnectAsync(timeout.Token).ConfigureAwait(false);
            return new KdumpHostConnection(client, owned, options);
        }
        catch (Exception e)
        {
            client.Dispose();
            owned.ForEach(d => d.Dispose());
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            if (presented is not null && !presented.Matches(pinned))
            {
                throw new KdumpHostException(
                    $"kdump host {options.Endpoint}: host key mismatch, connection refused before login: the server presented the {algorithm} key {presented} " +
                    $"but kdumpHost.hostKey pins {pinned}. If the host was reinstalled, verify the new key out of band and run `solwatch ssh-fingerprint {options.Host} --port {options.Port}`; " +
                    "otherwise someone may be intercepting the connection", retry: false, e);
            }
            throw Explain(options, e);
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> (one of <see cref="RemoteCommands"/>); output beyond <paramref name="maxBytes"/>
    /// is cut. Throws <see cref="KdumpHostException"/> when it times out or the session breaks.
    /// </summary>
    public async Task<Result> RunAsync(string command, int maxBytes, CancellationToken cancellationToken)
    {
        using SshCommand run = _client.CreateCommand(command);
        run.CommandTimeout = _options.CommandTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CommandTimeout);
        try
        {
            await run.ExecuteAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KdumpHostException($"kdump host {_options.Endpoint}: `{command}` did not finish within {_options.CommandTimeout.TotalSeconds:0} s (commandTimeout)", retry: true);
        }
        catch (Exception e) when (e is SshException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw new KdumpHostException($"kdump host {_options.Endpoint}: `{command}` failed ({e.Message})", retry: true, e);
        }
        string output = run.Result;
        bool truncated = Encoding.UTF8.GetByteCount(output) > maxBytes;
        if (truncated)
        {
            output = Cut(output, maxBytes);
        }
        string error = run.Error;
        return new Result(output, error.Length > 500 ? error[..500] : error, run.ExitStatus, truncated);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _owned.ForEach(d => d.Dispose());
    }

    private static string Cut(string text, int maxBytes)
    {
        // Characters are at most 4 UTF-8 bytes: shorten by characters until the bytes fit.
        int chars = Math.Min(text.Length, maxBytes);
        while (chars > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, chars)) > maxBytes)
        {
            chars -= Math.Max(1, (Encoding.UTF8.GetByteCount(text.AsSpan(0, chars)) - maxBytes) / 4);
        }
        return text[..chars];
    }

    private static PrivateKeyFile ReadKey(KdumpHostOptions options) =>
        Ssh.SshConnector.ParsePrivateKey(options.PrivateKey!, options.PrivateKeyPassphrase, e => new KdumpHostException(
            $"kdump host {options.Endpoint}: the private key cannot be read ({e.Message}); check kdumpHost's key and passphrase", retry: false, e));

    private static KdumpHostException Explain(KdumpHostOptions options, Exception e) => e switch
    {
        SshAuthenticationException => new KdumpHostException(
            $"kdump host {options.Endpoint}: login as \"{options.User}\" was refused ({e.Message}); check kdumpHost's user, key or password", retry: false, e),
        SshOperationTimeoutException or TimeoutException or OperationCanceledException => new KdumpHostException(
            $"kdump host {options.Endpoint}: no SSH answer within {options.ConnectTimeout.TotalSeconds:0} s (is the host up?)", retry: true, e),
        SocketException s => new KdumpHostException(
            $"kdump host {options.Endpoint}: cannot connect ({s.SocketErrorCode}: {s.Message}; is the host back up?)", retry: true, e),
        _ => new KdumpHostException($"kdump host {options.Endpoint}: connect failed ({e.GetType().Name}: {e.Message})", retry: true, e),
    };
}
