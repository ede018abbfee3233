using System.Net;
using System.Threading.Channels;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;

namespace SolWatch.ConsoleCapture.Tests.Alerts;

/// <summary>One request an <see cref="AlertReceiver"/> got.</summary>
internal sealed record ReceivedPost(string Method, string Path, string? Authorization, string? ContentType, string Body);

/// <summary>
/// A real HTTP server on loopback (HttpListener) standing in for a webhook or chat receiver: it records every
/// request and answers with the given status codes in turn, then 200.
/// </summary>
internal sealed class AlertReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<int> _statuses;
    private readonly Channel<ReceivedPost> _posts = Channel.CreateUnbounded<ReceivedPost>();
    private readonly Task _loop;

    private AlertReceiver(int port, IEnumerable<int> statuses)
    {
        Port = port;
        _statuses = new Queue<int>(statuses);
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>A URL under this receiver.</summary>
    public Uri Url(string path = "/hook") => new($"http://127.0.0.1:{Port}{path}");

    /// <summary>Starts a receiver answering <paramref name="statuses"/> first, then 200.</summary>
    public static AlertReceiver Start(params int[] statuses)
    {
        // The free port may be taken between FreePorts' check and the listener's bind (the range overlaps the
        // ephemeral ports other tests' connections get): another port then.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return new AlertReceiver(FreePorts.Tcp(), statuses);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>Every request received so far, in order.</summary>
    public List<ReceivedPost> Received { get; } = [];

    /// <summary>The next request, waiting at most <paramref name="patience"/>.</summary>
    public async Task<ReceivedPost> NextAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            return await _posts.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no request reached the receiver within {patience.TotalSeconds} s");
        }
    }

    /// <summary>Whether another request comes within <paramref name="patience"/>.</summary>
    public async Task<ReceivedPost?> MaybeNextAsync(TimeSpan patience)
    {
        try
        {
            return await NextAsync(patience);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var post = new ReceivedPost(context.Request.HttpMethod, context.Request.Url!.AbsolutePath,
                context.Request.Headers["Authorization"], context.Request.ContentType, await reader.ReadToEndAsync());
            int status;
            lock (_statuses)
            {
                Received.Add(post);
                status = _statuses.Count > 0 ? _statuses.Dequeue() : 200;
            }
            context.Response.StatusCode = status;
            context.Response.Close();
            await _posts.Writer.WriteAsync(post);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: Stop and then Close had the managed HttpListener remove its prefixes twice, and the second time it
        // looked the port's endpoint up afresh, binding it again; a port taken meanwhile by another test's connection then
        // failed the test in its cleanup ("Address already in use", seen in CI).
        _listener.Close();
        await _loop;
    }
}
