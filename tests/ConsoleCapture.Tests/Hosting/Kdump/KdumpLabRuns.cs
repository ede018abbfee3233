namespace SolWatch.ConsoleCapture.Tests.Hosting.Kdump;

/// <summary>
/// Runs every <see cref="KdumpLabCase"/> once for the whole test class, at most SOLWATCH_KDUMP_LAB_VMS (default 2) VMs
/// at a time: each boot under TCG takes tens of seconds, and the tests themselves run one after another, so the first
/// test to ask starts them all (the longest first) and each test then waits for its own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KdumpLabRuns : IAsyncLifetime
{
    /// <summary>The lab's variants (kdump-demo.sh) with a sysrq crash, and the oops and stack overflow that save.</summary>
    internal static readonly KdumpLabCase[] Cases =
    [
        new("sysrq", "ok"), new("null", "ok"), new("stackoverflow", "ok"),
        new("sysrq", "nodisk"), new("sysrq", "nomem"), new("sysrq", "noload"), new("sysrq", "notloaded"),
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-kdumplab-").FullName;
    private readonly Lock _lock = new();
    private Dictionary<string, Task<KdumpLabResult>>? _runs;

    /// <summary>How many VMs run at once.</summary>
    internal static int Parallel =>
        int.TryParse(Environment.GetEnvironmentVariable("SOLWATCH_KDUMP_LAB_VMS"), out int n) && n > 0 ? n : 2;

    /// <summary>The run of <paramref name="run"/>; the first call starts them all in the lab <paramref name="labWork"/>.</summary>
    internal Task<KdumpLabResult> ResultAsync(string labWork, KdumpLabCase run)
    {
        lock (_lock)
        {
            if (_runs is null)
            {
                var gate = new SemaphoreSlim(Parallel);
                _runs = Cases.ToDictionary(c => c.Name, c => Task.Run(async () =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        return await KdumpLabRun.RunAsync(labWork, c, Path.Combine(_dir, c.Name));
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }
            return _runs[run.Name];
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Task[] runs;
        lock (_lock)
        {
            runs = _runs?.Values.ToArray<Task>() ?? [];
        }
        try
        {
            await Task.WhenAll(runs);
        }
        catch (Exception)
        {
            // Each test already reported its own run's failure; here only the VMs and daemons must be gone.
        }
        Directory.Delete(_dir, recursive: true);
    }
}
