using System.CommandLine;
using SolWatch.ConsoleCapture.Ssh;

namespace SolWatch.ConsoleCapture.Cli.SshFingerprint;

/// <summary>
/// <c>solwatch ssh-fingerprint HOST [--port P]</c>: prints a BMC's SSH host key fingerprint in the configuration's
/// format (<c>SHA256:...</c>) on standard output, alone, so that scripts can use it; the key type goes to stderr.
/// </summary>
internal static class SshFingerprintCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "the BMC's host name or address" };
        var port = new Option<int>("--port", "-p") { Description = "SSH port (OpenBMC's console: 2200)", DefaultValueFactory = _ => 22 };
        var timeout = new Option<int>("--timeout") { Description = "seconds to wait for the server", DefaultValueFactory = _ => 15 };
        var command = new Command("ssh-fingerprint",
            "Print an SSH server's host key fingerprint (SHA256:...) for a console's `hostKey`. Verify it out of band before trusting it.")
        {
            host, port, timeout,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(timeout), ct));
        return command;
    }

    private static async Task<int> RunAsync(string host, int port, int timeoutSeconds, CancellationToken ct)
    {
        try
        {
            var result = await HostKeyProbe.GetAsync(host, port, TimeSpan.FromSeconds(timeoutSeconds), ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(result.Fingerprint.ToString()).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(
                $"{host}:{port} presented a {result.Algorithm} key. Compare this fingerprint with the BMC's own (its web UI or local console) before putting it in `hostKey`.")
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"solwatch ssh-fingerprint: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }
}
