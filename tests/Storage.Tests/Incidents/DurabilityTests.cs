using System.Diagnostics;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

public sealed class DurabilityTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_acknowledged_incident_survives_kill_9_in_the_middle_of_a_burst()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        var acknowledged = new List<long>();

        using (var child = ChildProcess.Start("store-forever", path))
        {
            try
            {
                using var timeout = new CancellationTokenSource(Generous);
                while (acknowledged.Count < 400)
                {
                    var line = await child.StandardOutput.ReadLineAsync(timeout.Token)
                        ?? throw new InvalidOperationException($"The helper exited early: {await child.StandardError.ReadToEndAsync()}");
                    if (line.StartsWith("acked ", StringComparison.Ordinal))
                    {
                        acknowledged.Add(long.Parse(line["acked ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
            finally
            {
                child.Kill(); // SIGKILL on Linux: no finalizer, no dispose, no checkpoint
                await child.WaitForExitAsync();
            }

            // Acknowledgements already printed but not read yet are acknowledged too.
            var rest = await child.StandardOutput.ReadToEndAsync();
            acknowledged.AddRange(rest.Split('\n')
                .Where(l => l.StartsWith("acked ", StringComparison.Ordinal))
                .Select(l => long.Parse(l["acked ".Length..], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(137, child.ExitCode); // 128 + SIGKILL
        }

        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = path });
        var missing = acknowledged.Where(id => store.Get(id) is null).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged incidents are missing: {string.Join(", ", missing.Take(20))}");
        Assert.True(store.Query(new IncidentQuery { Limit = int.MaxValue }).Count >= acknowledged.Count);

        // And the file takes new incidents after the crash.
        Assert.True(store.TryStore(Reports.Incident(), out var stored));
        Assert.True((await stored).Id > acknowledged.Max());
    }

    [Fact]
    public async Task A_database_held_by_another_process_is_refused_with_a_message_saying_what_to_do()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incidents.db");
        using var child = ChildProcess.Start("hold", path);
        try
        {
            using var timeout = new CancellationTokenSource(Generous);
            Assert.Equal("open", await child.StandardOutput.ReadLineAsync(timeout.Token));

            var error = Assert.Throws<StoreUnavailableException>(() => IncidentStore.Open(new IncidentStoreOptions { Path = path }));
            Assert.Equal(
                $"the database {path} is in use by a running solwatch daemon; ask it (solwatch incidents … talks to the daemon's API) or stop it",
                error.Message);
        }
        finally
        {
            child.StandardInput.Close();
            await child.WaitForExitAsync(new CancellationTokenSource(Generous).Token);
        }

        // Released on exit: opening works now.
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = path });
        Assert.Empty(store.Query(new IncidentQuery()));
    }

    [Fact]
    public void Killing_uses_sigkill_so_the_durability_test_means_what_it_says()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        sleeper.Kill();
        sleeper.WaitForExit();
        Assert.Equal(137, sleeper.ExitCode);
    }
}
