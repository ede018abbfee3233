using System.CommandLine;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Cli.Control;
using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Cli.Power;

/// <summary>
/// Chassis power control over IPMI 2.0 (RMCP+), e.g. an NMI (diag) to make a hung kernel talk. Two forms:
/// <list type="bullet">
/// <item><c>solwatch power CONSOLE status|on|off|cycle|reset|diag</c>: through the running daemon, over the configured
/// <c>type: ipmi</c> console's own session (logged with who asked; refused on readOnly consoles, status aside).</item>
/// <item><c>solwatch power ACTION --host H --user U --password-env VAR|--password-file F [--kg-env|--kg-file]</c>:
/// straight to a BMC, no daemon needed. Secrets come from a variable or a file, never the command line (ps shows it).</item>
/// </list>
/// </summary>
internal static class PowerCommand
{
    private static string Actions => string.Join(", ", ConsoleControl.PowerActions.Keys);

    public static Command Create()
    {
        var o = new CommonOptions();
        var first = new Argument<string>("CONSOLE|ACTION")
        {
            Description = "a configured ipmi console (then ACTION), or with --host the action: status, on, off, cycle, reset or diag (NMI)",
        };
        var second = new Argument<string?>("ACTION") { Description = "with a CONSOLE: status, on, off, cycle, reset or diag (NMI)", Arity = ArgumentArity.ZeroOrOne };
        var bmc = new BmcOptions();
        var command = new Command("power",
            "Chassis power control over IPMI 2.0: solwatch power CONSOLE ACTION (through the daemon, the console's own session), " +
            "or solwatch power ACTION --host BMC --user U --password-env VAR (straight to a BMC). ACTION: status, on, off, cycle, reset, diag (NMI).")
        {
            first, second,
        };
        bmc.AddTo(command);
        o.AddSource(command);
        command.SetAction((parse, ct) => CommonOptions.GuardAsync(async () =>
        {
            string target = parse.GetValue(first)!;
            string? action = parse.GetValue(second);
            if (parse.GetValue(bmc.Host) is { } host)
            {
                if (action is not null)
                {
                    throw new CliException($"power {target} {action} --host {host}: with --host give only the action (solwatch power ACTION --host BMC ...); a console's name goes without --host");
                }
                return await BmcPower.RunAsync(CheckAction(target), bmc.Session(parse, host), ct);
            }
            if (action is null)
            {
                throw new CliException(ConsoleControl.PowerActions.ContainsKey(target)
                    ? $"power {target}: which machine? give a console (solwatch power CONSOLE {target}) or a BMC (solwatch power {target} --host BMC --user U --password-env VAR)"
                    : $"power {target}: give the action: solwatch power {target} {Actions.Replace(", ", "|", StringComparison.Ordinal)}");
            }
            string status = await ControlCommands.PostAsync(o, parse, target, "power",
                new ControlRequest(User: Environment.UserName, Action: CheckAction(action)), ct);
            Console.WriteLine(status);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string CheckAction(string action) =>
        ConsoleControl.PowerActions.ContainsKey(action)
            ? action
            : throw new CliException($"power: '{action}' is not an action (one of {Actions}); the forms are solwatch power CONSOLE ACTION and solwatch power ACTION --host BMC ...");
}
