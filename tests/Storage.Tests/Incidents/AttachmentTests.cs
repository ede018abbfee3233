using SolWatch.Parsers.Kdump;
using SolWatch.Storage.Incidents;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Incidents;

public sealed class AttachmentTests
{
    [Fact]
    public async Task A_fetched_vmcore_dmesg_is_attached_to_its_incident_and_survives_a_reopen_and_a_later_kdump_update()
    {
        using var dir = new TempDirectory();
        var options = new IncidentStoreOptions { Path = dir.File("incidents.db") };
        long id;
        await using (var store = IncidentStore.Open(options))
        {
            Assert.True(store.TryStore(Reports.Incident(), out Task<Incident> stored));
            Incident incident = await stored;
            id = incident.Id;
            var dmesg = new IncidentAttachment("vmcore-dmesg.txt", Reports.T0.AddMinutes(3), "ssh://root@node1:22/var/crash/x/vmcore-dmesg.txt",
                "[    0.000000] Linux version 6.1.0\n[   42.000000] Kernel panic - not syncing: sysrq triggered crash\n", null);
            Assert.True(store.TryAttach(incident, dmesg, out Task<Incident> attached));
            Incident withFile = await attached;
            IncidentAttachment one = Assert.Single(withFile.Attachments);
            Assert.Equal(dmesg, one);
            // A kdump update after it keeps the attachment (the writer updates the stored document).
            var saved = new KdumpFinding(KdumpFindingKind.DumpAttempt, 1, 2, true, KdumpOutcome.Saved, "vmcore saved", null, null, null, null, false, []);
            Assert.True(store.TryUpdateKdump(withFile, saved, null, out Task<Incident> updated));
            Assert.Single((await updated).Attachments);
        }

        await using var reopened = IncidentStore.Open(options);
        Incident read = reopened.Get(id)!;
        IncidentAttachment kept = Assert.Single(read.Attachments);
        Assert.Equal("vmcore-dmesg.txt", kept.Name);
        Assert.Equal(Reports.T0.AddMinutes(3), kept.FetchedAt);
        Assert.Equal("ssh://root@node1:22/var/crash/x/vmcore-dmesg.txt", kept.Source);
        Assert.Contains("Kernel panic - not syncing: sysrq triggered crash", kept.Text, StringComparison.Ordinal);
        Assert.Null(kept.Error);
        Assert.False(kept.Truncated);
    }

    [Fact]
    public async Task An_attachment_error_is_kept_until_a_later_fetch_of_the_same_name_replaces_it_and_other_names_are_kept_beside_it()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });
        Assert.True(store.TryStore(Reports.Incident(), out Task<Incident> stored));
        Incident incident = await stored;

        Assert.True(store.TryAttach(incident, new IncidentAttachment("vmcore-dmesg.txt", Reports.T0, "ssh://root@node1:22", null, "host key mismatch"), out Task<Incident> failed));
        Assert.Equal("host key mismatch", Assert.Single((await failed).Attachments).Error);
        Assert.True(store.TryAttach(incident, new IncidentAttachment("kdump.conf", Reports.T0, "ssh://root@node1:22/etc/kdump.conf", "path /var/crash\n", null), out _));
        Assert.True(store.TryAttach(incident, new IncidentAttachment("vmcore-dmesg.txt", Reports.T0.AddMinutes(5), "ssh://root@node1:22/var/crash/y/vmcore-dmesg.txt", "text", null), out Task<Incident> fetched));

        Incident last = await fetched;
        Assert.Equal(["vmcore-dmesg.txt", "kdump.conf"], last.Attachments.Select(a => a.Name));
        Assert.Equal("text", last.Attachments[0].Text);
        Assert.Null(last.Attachments[0].Error);
    }

    [Fact]
    public async Task Text_over_the_bound_is_cut_and_marked_truncated()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });
        Assert.True(store.TryStore(Reports.Incident(), out Task<Incident> stored));
        Incident incident = await stored;
        string big = new('x', IncidentAttachment.MaxTextChars + 10);

        Assert.True(store.TryAttach(incident, new IncidentAttachment("vmcore-dmesg.txt", Reports.T0, "s", big, null), out Task<Incident> attached));

        IncidentAttachment kept = Assert.Single((await attached).Attachments);
        Assert.Equal(IncidentAttachment.MaxTextChars, kept.Text!.Length);
        Assert.True(kept.Truncated);
    }

    [Fact]
    public async Task An_attachment_for_an_incident_that_is_gone_fails_alone_and_later_writes_go_on()
    {
        using var dir = new TempDirectory();
        await using var store = IncidentStore.Open(new IncidentStoreOptions { Path = dir.File("incidents.db") });
        Incident ghost = new(9999, "node1", null, Reports.NullDeref(), Reports.T0, Reports.T0, Reports.T0, []);

        Assert.True(store.TryAttach(ghost, new IncidentAttachment("vmcore-dmesg.txt", Reports.T0, "s", "t", null), out Task<Incident> attached));
        InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => attached);
        Assert.Contains("vmcore-dmesg.txt was not attached", e.Message, StringComparison.Ordinal);

        Assert.True(store.TryStore(Reports.Incident(), out Task<Incident> next));
        Assert.Empty((await next).Attachments);
    }
}
