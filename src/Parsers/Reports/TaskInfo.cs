namespace SolWatch.Parsers.Reports;

/// <summary>The task that was running: from <c>CPU: 0 PID: 1 Comm: sh</c> (or the oops's own header).</summary>
public sealed record TaskInfo(int? Cpu, int? Pid, string? Comm);
