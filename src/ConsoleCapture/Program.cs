using SolWatch.ConsoleCapture.Cli;

return await SolwatchCommandLine.InvokeAsync(args);
