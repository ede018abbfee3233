using Renci.SshNet;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>An SSH client and the authentication methods it was built with (SSH.NET leaves those to the caller to dispose).</summary>
internal sealed class SshConnection(SshClient client, IReadOnlyList<AuthenticationMethod> methods) : IDisposable
{
    /// <summary>The connected client.</summary>
    public SshClient Client { get; } = client;

    public void Dispose()
    {
        Client.Dispose();
        foreach (var method in methods)
        {
            (method as IDisposable)?.Dispose();
        }
    }
}
