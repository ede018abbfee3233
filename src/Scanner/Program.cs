using System.CommandLine;
using SolWatch.ConsoleCapture.Cli;
using SolWatch.ConsoleCapture.Cli.Scan;

// `solwatch-scan scan [--format text|json] [--fail-on-crash] [--events] PATH...`: `solwatch scan`, natively compiled,
// with the same options, output, messages and exit codes (the sources are solwatch's own; see the project file).
var root = new RootCommand("solwatch-scan: `solwatch scan` compiled to native code (run by `solwatch scan` when it lies beside it).")
{
    ScanCommand.Create(),
};
if (ClosedStandardOutput.Refused())
{
    return ExitCodes.Error;
}
ParseResult parse = root.Parse(args);
return CommandLineErrors.Applies(parse, args)
    ? CommandLineErrors.Report(parse, Console.Error)
    : await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
