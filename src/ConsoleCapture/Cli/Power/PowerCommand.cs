using System.CommandLine;
using SolWatch.ConsoleCapture.Ipmi;

namespace SolWatch.ConsoleCapture.Cli.Power;

/// <summary>
/// <c>solwatch power status|on|off|cycle|reset|diag --host H --user U --password-env VAR|--password-file F</c>:
/// chassis power control of one BMC over IPMI 2.0 (RMCP+), e.g. an NMI (diag) to make a hung kernel talk.
/// The password is read from an environment variable or a file, never from the command line (ps shows it).
/// </summary>
internal static class PowerCommand
{
    public static Command Create()
    {
        var action = new Argument<string>("ACTION") { Description = "status, on, off, cycle, reset or diag (NMI)" };
        action.AcceptOnlyFromAmong("status", "on", "off", "cycle", "reset", "diag");
        var host = new Option<string>("--host", "-H") { Description = "BMC host name or address", Required = true };
        var port = new Option<int>("--port", "-p") { Description = "BMC UDP port", DefaultValueFactory = _ => 623 };
        var user = new Option<string>("--user", "-U") { Description = "BMC user name", Required = true };
        var passwordEnv = new Option<string?>("--password-env") { Description = "name of the environment variable holding the password" };
        var passwordFile = new Option<string?>("--password-file") { Description = "file holding the password (first line)" };
        var cipher = new Option<int[]>("--cipher", "-C")
        {
            Description = "cipher suites to try, in order",
            DefaultValueFactory = _ => [.. CipherSuite.DefaultPreference],
            AllowMultipleArgumentsPerToken = true,
        };
        var allowInsecure = new Option<bool>("--allow-insecure") { Description = "allow cipher suites without authentication/integrity/encryption (suite 0)" };
        var command = new Command("power", "Chassis power control of a BMC over IPMI 2.0 (status, on, off, cycle, reset, diag = NMI).")
        {
            action, host, port, user, passwordEnv, passwordFile, cipher, allowInsecure,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                string password = ReadPassword(parse.GetValue(passwordEnv), parse.GetValue(passwordFile));
                var options = new IpmiSessionOptions
                {
                    Host = parse.GetValue(host)!,
                    Port = parse.GetValue(port),
                    UserName = parse.GetValue(user)!,
                    Password = password,
                    Privilege = IpmiPrivilege.Administrator,
                    CipherSuites = parse.GetValue(cipher) ?? [.. CipherSuite.DefaultPreference],
                    AllowInsecure = parse.GetValue(allowInsecure),
                };
                return await RunAsync(parse.GetValue(action)!, new IpmiChassis(options), ct);
            }
            catch (Exception e) when (e is IpmiException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"solwatch power: {e.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static string ReadPassword(string? env, string? file)
    {
        if (env is { Length: > 0 })
        {
            return Environment.GetEnvironmentVariable(env)
                ?? throw new ArgumentException($"--password-env {env}: the environment variable is not set");
        }
        if (file is { Length: > 0 })
        {
            return File.ReadLines(file).FirstOrDefault() ?? "";
        }
        throw new ArgumentException("give the BMC password with --password-env VAR or --password-file FILE");
    }

    private static async Task<int> RunAsync(string action, IpmiChassis chassis, CancellationToken ct)
    {
        if (action == "status")
        {
            ChassisStatus status = await chassis.GetStatusAsync(ct);
            Console.WriteLine($"power {(status.PowerOn ? "on" : "off")}{(status.PowerFault ? " (power fault)" : "")}");
            return ExitCodes.Ok;
        }
        ChassisAction chassisAction = action switch
        {
            "on" => ChassisAction.PowerOn,
            "off" => ChassisAction.PowerOff,
            "cycle" => ChassisAction.PowerCycle,
            "reset" => ChassisAction.HardReset,
            _ => ChassisAction.DiagnosticInterrupt,
        };
        await chassis.ControlAsync(chassisAction, ct);
        Console.WriteLine($"power {action}: done");
        return ExitCodes.Ok;
    }
}
