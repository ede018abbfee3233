using SolWatch.ConsoleCapture.Ssh;

namespace SolWatch.ConsoleCapture.Tests.Ssh;

internal static class SshTestOptions
{
    /// <summary>The panic line of samples/demo-panic.log.</summary>
    public const string PanicLine = "Kernel panic - not syncing: Fatal exception";

    /// <summary>Generous: the machine is shared and loaded.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static SshConsoleOptions For(SshdServer server, SshConsoleProfile profile, bool password = false) => new()
    {
        Host = "127.0.0.1",
        Port = server.Port,
        User = SshdServer.TestUser,
        Password = password ? server.Password : null,
        PrivateKey = password ? null : server.ClientKey,
        PrivateKeyPassphrase = password ? null : SshdServer.ClientKeyPassphrase,
        HostKeySha256 = server.HostKeyFingerprint,
        Profile = profile,
        KeepAliveInterval = TimeSpan.FromSeconds(2),
        DeadLinkTimeout = TimeSpan.FromSeconds(10),
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PromptTimeout = TimeSpan.FromSeconds(30),
    };
}
