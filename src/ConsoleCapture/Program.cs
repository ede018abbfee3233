using SolWatch.ConsoleCapture;
using SolWatch.ConsoleCapture.Cli;

// Before anything else: a one-off scan starts again without tiered compilation (see OneOffScan).
OneOffScan.RestartWithoutTiering(args);
return await SolwatchCommandLine.InvokeAsync(args);
