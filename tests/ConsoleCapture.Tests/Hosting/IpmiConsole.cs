using System.Globalization;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

/// <summary>A <c>type: ipmi</c> console entry for a lab BMC (user admin, its password in a 0600 file), for <see cref="TestDaemon.WriteConfigAsync"/>.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class IpmiConsole
{
    public static string Yaml(string dir, string name, int port, string extra = "")
    {
        string secret = Path.Combine(dir, "bmc.pass");
        File.WriteAllText(secret, "labpass\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return $"""
              - name: {name}
                host: lab-vm
                type: ipmi
                address: 127.0.0.1
                port: {port.ToString(CultureInfo.InvariantCulture)}
                user: admin
                passwordFile: {secret}
                cipherSuites: [3]
                activePolicy: steal
            {extra}
            """;
    }
}
