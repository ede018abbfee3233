using SolWatch.ConsoleCapture.Cli;

return await SolwatchCommandLine.Build().Parse(args).InvokeAsync();
