using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// Opens an authenticated SSH connection to a BMC with the host key pinned: SSH.NET trusts every host key unless
/// HostKeyReceived says otherwise, so the handler refuses any key whose SHA-256 fingerprint differs from the pin,
/// before a password or key is offered. Failures become exceptions whose message says what to check.
/// </summary>
internal static class SshConnector
{
    /// <summary>Connects and logs in; the caller owns (and disposes) the returned connection.</summary>
    /// <param name="options">The console.</param>
    /// <param name="pinned">The pinned host key.</param>
    /// <param name="key">The private key, read once per collector (see <see cref="ReadPrivateKey"/>), or null.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    public static async Task<SshConnection> ConnectAsync(
        SshConsoleOptions options, HostKeyFingerprint pinned, IPrivateKeySource? key, CancellationToken cancellationToken)
    {
        var methods = new List<AuthenticationMethod>();
        if (key is not null)
        {
            methods.Add(new PrivateKeyAuthenticationMethod(options.User, key));
        }
        if (options.Password is not null)
        {
            methods.Add(new PasswordAuthenticationMethod(options.User, options.Password));
            // Several BMCs (Supermicro, some iLO firmware) offer only keyboard-interactive: answer every prompt with the password.
            var interactive = new KeyboardInteractiveAuthenticationMethod(options.User);
            string password = options.Password;
            interactive.AuthenticationPrompt += (_, e) =>
            {
                foreach (var prompt in e.Prompts)
                {
                    prompt.Response = password;
                }
            };
            methods.Add(interactive);
        }
        var info = new ConnectionInfo(options.Host, options.EffectivePort, options.User, [.. methods])
        {
            Timeout = options.ConnectTimeout,
            Encoding = Encoding.UTF8,
        };
        var connection = new SshConnection(new SshClient(info), methods);
        var client = connection.Client;
        HostKeyFingerprint? presented = null;
        string keyAlgorithm = "?";
        client.HostKeyReceived += (_, e) =>
        {
            presented = HostKeyFingerprint.OfKey(e.HostKey);
            keyAlgorithm = e.HostKeyName;
            e.CanTrust = presented.Matches(pinned);
        };
        if (options.KeepAliveInterval > TimeSpan.Zero)
        {
            client.KeepAliveInterval = options.KeepAliveInterval;
        }
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            connection.Dispose();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            if (presented is not null && !presented.Matches(pinned))
            {
                throw new HostKeyMismatchException(options.Endpoint, options.Host, options.EffectivePort, keyAlgorithm, presented, pinned);
            }
            throw Explain(options, e);
        }
    }

    /// <summary>
    /// Reads (and decrypts) the configured private key. Done once per collector, not per connect: decrypting an
    /// OpenSSH key (bcrypt KDF) costs about a second of CPU, which thousands of consoles reconnecting at once must not pay.
    /// </summary>
    public static PrivateKeyFile ReadPrivateKey(SshConsoleOptions options) =>
        ParsePrivateKey(options.PrivateKey!, options.PrivateKeyPassphrase, e => new ArgumentException(
            $"SSH console {options.Endpoint}: the private key cannot be read ({e.Message}). Check the console's key file/variable and its passphrase.", nameof(options), e));

    /// <summary>
    /// Parses a private key (OpenSSH or PEM, decrypted with <paramref name="passphrase"/> when one is given); a key
    /// SSH.NET cannot read becomes the exception <paramref name="explain"/> makes of SSH.NET's own error, whose message
    /// names the problem (encrypted without passphrase, wrong passphrase, unknown format) and never the key.
    /// </summary>
    public static PrivateKeyFile ParsePrivateKey(string key, string? passphrase, Func<Exception, Exception> explain)
    {
        try
        {
            using var text = new MemoryStream(Encoding.UTF8.GetBytes(key));
            return string.IsNullOrEmpty(passphrase) ? new PrivateKeyFile(text) : new PrivateKeyFile(text, passphrase);
        }
        catch (Exception e) when (e is SshException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw explain(e);
        }
    }

    private static IOException Explain(SshConsoleOptions options, Exception e) => e switch
    {
        SshAuthenticationException => new IOException(
            $"SSH console {options.Endpoint}: login as \"{options.User}\" was refused ({e.Message}). Check the user, the password or key given to this console, and that the BMC account may use SSH.", e),
        SshOperationTimeoutException or TimeoutException => new IOException(
            $"SSH console {options.Endpoint}: no SSH answer within {options.ConnectTimeout.TotalSeconds:0} s. Check that the BMC is up and its SSH service enabled.", e),
        SocketException s => new IOException(
            $"SSH console {options.Endpoint}: cannot connect ({s.SocketErrorCode}: {s.Message}). Check host, port and network path to the BMC.", e),
        SshConnectionException => new IOException(
            $"SSH console {options.Endpoint}: the SSH handshake failed ({e.Message}). The BMC may be restarting or limit concurrent sessions.", e),
        _ => new IOException($"SSH console {options.Endpoint}: connect failed ({e.GetType().Name}: {e.Message}).", e),
    };
}
