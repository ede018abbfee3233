using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Kdump;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.ConsoleCapture.Tests.Collectors.Netconsole;
using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reports;
using SolWatch.Storage.Incidents;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Kdump;

/// <summary>
/// The attacher while the crashed host is still down: it keeps trying with backoff (saying so once) and attaches the
/// file when the host's sshd is back; a host that never comes back leaves the reason on the incident.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KdumpAttacherRetryTests(KdumpHostServer host) : IClassFixture<KdumpHostServer>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-kdump-retry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private KdumpHostSettings Settings => new(
        host.Options with { PrivateKey = null, PrivateKeyPassphrase = null },
        null, new SecretReference(null, host.KeyFile), new SecretReference(null, host.PassphraseFile), null);

    private static NewIncident Saved() => new("node1", "node1", new CrashReport
    {
        Kind = CrashKind.Panic,
        Title = "kernel panic: sysrq triggered crash",
        Fingerprint = "f00d",
        Panicked = true,
        Kdump = new KdumpFinding(KdumpFindingKind.DumpAttempt, 360, 780, true, KdumpOutcome.Saved,
            $"vmcore saved to /mnt/crash/{KdumpHostServer.LabDumpName}/vmcore", 112L << 20, $"/mnt/crash/{KdumpHostServer.LabDumpName}/vmcore", 5, null, false, []),
    }, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(-2), []);

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_host_that_is_still_rebooting_is_retried_until_its_sshd_is_back_and_then_the_file_is_attached()
    {
        host.Server.Stop();
        await using IncidentStore store = IncidentStore.Open(new IncidentStoreOptions { Path = Path.Combine(_dir, "incidents.db") });
        Assert.True(store.TryStore(Saved(), out Task<Incident> stored));
        Incident incident = await stored;
        var events = new EventHub();
        var log = new RecordingLogger();
        using var attacher = new KdumpAttacher(ImmutableDictionary<string, KdumpHostSettings>.Empty.Add("node1", Settings), store, events, log)
        {
            FirstDelay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromMilliseconds(500),
        };
        using var stop = new CancellationTokenSource();
        Task run = attacher.RunAsync(stop.Token);

        events.Publish(new IncidentUpdated(incident));
        await WaitAsync(() => log.Lines.Any(l => l.Message.Contains("not fetched yet", StringComparison.Ordinal)));
        await Task.Delay(1500); // a few more refused attempts
        host.Server.Start();
        IncidentAttachment file = await WaitForAttachmentAsync(store, incident.Id);

        Assert.Null(file.Error);
        Assert.Equal(host.LabDmesg, file.Text);
        Assert.EndsWith($"{host.DumpDir}/{KdumpHostServer.LabDumpName}/vmcore-dmesg.txt", file.Source, StringComparison.Ordinal);
        (LogLevel Level, string Message) waiting = Assert.Single(log.Lines, l => l.Message.Contains("not fetched yet", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, waiting.Level);
        Assert.Contains("cannot connect", waiting.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        await run;
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_host_that_never_comes_back_leaves_the_reason_on_the_incident_after_the_retry_time()
    {
        host.Server.Stop();
        try
        {
            await using IncidentStore store = IncidentStore.Open(new IncidentStoreOptions { Path = Path.Combine(_dir, "incidents.db") });
            Assert.True(store.TryStore(Saved(), out Task<Incident> stored));
            Incident incident = await stored;
            var events = new EventHub();
            var log = new RecordingLogger();
            using var attacher = new KdumpAttacher(ImmutableDictionary<string, KdumpHostSettings>.Empty.Add("node1", Settings), store, events, log)
            {
                FirstDelay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromMilliseconds(200),
                RetryFor = TimeSpan.FromSeconds(1),
            };
            using var stop = new CancellationTokenSource();
            Task run = attacher.RunAsync(stop.Token);

            events.Publish(new IncidentUpdated(incident));
            events.Publish(new IncidentUpdated(incident)); // a later update of the same story is not fetched twice
            IncidentAttachment error = await WaitForAttachmentAsync(store, incident.Id);

            Assert.Null(error.Text);
            Assert.Contains("cannot connect", error.Error, StringComparison.Ordinal);
            Assert.Single(log.Lines, l => l.Message.Contains("not attached after", StringComparison.Ordinal));
            await stop.CancelAsync();
            await run;
        }
        finally
        {
            host.Server.Start();
        }
    }

    private static async Task<IncidentAttachment> WaitForAttachmentAsync(IncidentStore store, long id)
    {
        IncidentAttachment? found = null;
        await WaitAsync(() => (found = store.Get(id)?.Attachments.FirstOrDefault()) is not null);
        return found!;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not seen in time");
            await Task.Delay(100);
        }
    }
}
