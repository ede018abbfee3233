using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// The API's port is taken (usually by another solwatch): one line that says what to do, not Kestrel's stack trace.
/// The port is tried before anything is opened, so a second daemon never touches the first one's stores; Kestrel's
/// own failure (the port taken in between) is answered with the same line, and its trace is kept out of the log.
/// </summary>
internal static class ApiPortInUse
{
    public static string Message(string address, int port) =>
        $"solwatch: port {port} on {address} is in use (another solwatch? `solwatch consoles` asks it); choose another with --api-port or api.port in the config";

    /// <summary>Whether binding <paramref name="address"/>:<paramref name="port"/> fails because it is in use.</summary>
    public static bool IsTaken(string address, int port)
    {
        if (port == 0)
        {
            return false;
        }
        IPAddress ip = IPAddress.Parse(address);
        using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // As Kestrel binds on Linux: a port left in TIME_WAIT by a daemon that just stopped is free to use.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(ip, port));
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }

    /// <summary>Whether <paramref name="e"/> is (or wraps) Kestrel's "address already in use".</summary>
    public static bool IsCause(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Logger factory that drops log events caused by the port being in use (the host logs them with a trace).</summary>
    internal sealed class TraceFilter(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new Filtered(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();

        private sealed class Filtered(ILogger inner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => inner.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsCause(exception))
                {
                    inner.Log(logLevel, eventId, state, exception, formatter);
                }
            }
        }
    }
}
