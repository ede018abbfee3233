using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;

namespace SolWatch.ConsoleCapture.Cli.Client;

/// <summary>
/// Makes sure the process listening where a token file points is the daemon that wrote the file, before the CLI
/// sends it anything (the token, text for a console). A daemon killed with -9 leaves its file behind, and any local
/// user may listen on its port afterwards: such a process must receive nothing. Checks, in order: the process named
/// in the file is alive and is the same process (its start time, against pid reuse); it owns the listening socket;
/// it answers a fresh challenge with <see cref="ApiEndpoint.Proof"/>, which only a holder of the token can compute.
/// </summary>
internal static class DaemonIdentity
{
    // Generous: the process named in the file is alive and owns the port by now, so a slow answer is a busy daemon.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Null when the daemon proved who it is; otherwise why nothing may be sent there (a sentence for the user).</summary>
    /// <param name="endpoint">What the token file says.</param>
    /// <param name="tokenFile">The token file (for messages).</param>
    /// <param name="http">The client that will talk to the daemon; it must not send the token yet.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<string?> CheckAsync(ApiEndpoint endpoint, string tokenFile, HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var url = new Uri(endpoint.Url);
        string pid = endpoint.Pid.ToString(CultureInfo.InvariantCulture);
        string port = url.Port.ToString(CultureInfo.InvariantCulture);
        long? started = LinuxProcess.StartTime(endpoint.Pid);
        if (OperatingSystem.IsLinux() && (started is null || (endpoint.ProcessStart is { } written && written != started)))
        {
            return $"the daemon that wrote {tokenFile} (pid {pid}) is not running (it was killed or crashed; the file is stale): "
                + $"whatever listens on port {port} now is not that daemon, so nothing is sent to it";
        }
        if (OperatingSystem.IsLinux() && LinuxProcess.OwnsListener(endpoint.Pid, url.Port) == false)
        {
            return $"the daemon that wrote {tokenFile} (pid {pid}) does not listen on port {port}: the process on port {port} is not SolWatch, so nothing is sent to it";
        }
        return await ChallengeAsync(endpoint, tokenFile, http, pid, port, ct);
    }

    private static async Task<string?> ChallengeAsync(ApiEndpoint endpoint, string tokenFile, HttpClient http, string pid, string port, CancellationToken ct)
    {
        string nonce = ApiEndpoint.NewNonce();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Patience);
        DaemonHello? hello;
        try
        {
            using HttpResponseMessage response = await http.GetAsync($"{ApiEndpoint.HelloPath}?nonce={nonce}", timeout.Token);
            hello = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<DaemonHello>(ApiJson.Options, timeout.Token) : null;
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return $"nothing answers at {endpoint.Url}, where {tokenFile} says the daemon (pid {pid}) listens; it is not running";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"the daemon at {endpoint.Url} (pid {pid}, from {tokenFile}) did not answer within {Patience.TotalSeconds:0} s; it may be overloaded or hung (see its log)";
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException)
        {
            hello = null;
        }
        string expected = ApiEndpoint.Proof(endpoint.Token, nonce);
        if (hello?.Proof is not { } proof
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(proof), Encoding.ASCII.GetBytes(expected)))
        {
            return $"the process on port {port} is not SolWatch: it could not prove it knows the token of {tokenFile} (written by pid {pid}), so nothing is sent to it";
        }
        return null;
    }

    /// <summary>
    /// A client for <paramref name="endpoint"/> through <paramref name="handler"/> that follows no redirect and uses no
    /// proxy (whatever it sends goes to the address in the token file and nowhere else).
    /// </summary>
    public static HttpClient ClientFor(ApiEndpoint endpoint, DelegatingHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handler.InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false };
        return new(handler, disposeHandler: true)
        {
            BaseAddress = new Uri(endpoint.Url),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }
}
