using System.Diagnostics;
using SolWatch.Storage.Incidents;

namespace SolWatch.Storage.Tests.Support;

/// <summary>
/// This test assembly doubles as a helper program: <c>dotnet exec SolWatch.Storage.Tests.dll VERB DB</c>.
/// The durability tests need a real process that they can SIGKILL mid-write, and one that holds a database
/// from outside the test process.
/// </summary>
public static class ChildProcess
{
    /// <summary>Entry point when the assembly is run as a program (xunit never calls it).</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2)
        {
            await Console.Error.WriteLineAsync("usage: SolWatch.Storage.Tests.dll store-forever|hold DB");
            return 2;
        }

        return args[0] switch
        {
            "store-forever" => await StoreForeverAsync(args[1]),
            "hold" => await HoldAsync(args[1]),
            _ => 2,
        };
    }

    /// <summary>Stores incidents without end, many in flight, printing <c>acked ID</c> for each one acknowledged.</summary>
    private static async Task<int> StoreForeverAsync(string path)
    {
        var store = IncidentStore.Open(new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = path, MaxBatch = 16 });
        Console.WriteLine("open");
        var inFlight = new List<Task>();
        for (var n = 0; ; n++)
        {
            if (store.TryStore(Reports.Incident($"console{n % 7}", null, Reports.T0.AddSeconds(n)), out var stored))
            {
                inFlight.Add(stored.ContinueWith(
                    t => Console.WriteLine($"acked {t.Result.Id}"), TaskContinuationOptions.OnlyOnRanToCompletion));
            }

            if (inFlight.Count >= 48)
            {
                await Task.WhenAny(inFlight);
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
    }

    /// <summary>Opens the store, says so, and keeps it open until standard input closes.</summary>
    private static async Task<int> HoldAsync(string path)
    {
        await using var store = IncidentStore.Open(new IncidentStoreOptions { RepeatWindow = TimeSpan.Zero, Path = path });
        Console.WriteLine("open");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>Starts this assembly as a child process with the given verb.</summary>
    public static Process Start(string verb, string databasePath)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        psi.ArgumentList.Add(verb);
        psi.ArgumentList.Add(databasePath);
        return Process.Start(psi) ?? throw new InvalidOperationException($"{dotnet} did not start");
    }
}
