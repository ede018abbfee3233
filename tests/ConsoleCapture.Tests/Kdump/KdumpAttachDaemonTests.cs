using System.Text.Json;
using System.Text.RegularExpressions;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Kdump;

/// <summary>
/// A saved dump's vmcore-dmesg.txt through a running daemon: three consoles replay the lab's saved kdump log; one's
/// kdumpHost is a real sshd serving the dump directory, one pins another host key, one pins none. The first incident
/// gets the file attached, the others say why not; `kdump audit` reports each host.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KdumpAttachDaemonTests(KdumpHostServer host) : IClassFixture<KdumpHostServer>, IDisposable
{
    private const string OtherKey = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-kdump-attach-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> ConfigAsync()
    {
        string log = RepoPaths.Tests("Parsers.Tests", "Fixtures", "kdump", "lab-x86_64-6.1-sysrq-ok-saved.log");
        var consoles = new List<string>();
        foreach ((string name, string block) in new[]
        {
            ("vm-ok", host.ConfigBlock()),
            ("vm-spoofed", host.ConfigBlock().Replace(host.Server.HostKeyFingerprint, OtherKey, StringComparison.Ordinal)),
            ("vm-nokey", string.Join('\n', host.ConfigBlock().Split('\n').Where(l => !l.Contains("hostKey:", StringComparison.Ordinal)))),
        })
        {
            string path = Path.Combine(_dir, name + ".log");
            File.Copy(log, path);
            consoles.Add($"""
                  - name: {name}
                    type: file
                    path: {path}
                    fromBeginning: true
                {block}
                """);
        }
        return await TestDaemon.WriteConfigAsync(_dir, string.Join('\n', consoles));
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_saved_dumps_vmcore_dmesg_is_attached_to_its_incident_and_a_refused_host_leaves_its_reason_on_the_incident()
    {
        string config = await ConfigAsync();
        string database = TestDaemon.Database(_dir);
        using (SolwatchProcess daemon = await TestDaemon.StartAsync(config, database))
        {
            JsonElement ok = await WaitForAttachmentAsync(database, "vm-ok");
            JsonElement file = Assert.Single(ok.GetProperty("attachments").EnumerateArray());
            Assert.Equal("vmcore-dmesg.txt", file.GetProperty("name").GetString());
            Assert.Equal(host.LabDmesg, file.GetProperty("text").GetString());
            Assert.Equal($"ssh://{Ssh.SshdServer.TestUser}@127.0.0.1:{host.Server.Port}{host.DumpDir}/{KdumpHostServer.LabDumpName}/vmcore-dmesg.txt",
                file.GetProperty("source").GetString());
            Assert.Equal(JsonValueKind.Null, file.GetProperty("error").ValueKind);
            Assert.Equal("saved", ok.GetProperty("kdump").GetProperty("outcome").GetString());

            JsonElement spoofedIncident = await WaitForAttachmentAsync(database, "vm-spoofed");
            JsonElement spoofed = Assert.Single(spoofedIncident.GetProperty("attachments").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, spoofed.GetProperty("text").ValueKind);
            Assert.Contains("host key mismatch", spoofed.GetProperty("error").GetString(), StringComparison.Ordinal);
            JsonElement unpinned = Assert.Single((await WaitForAttachmentAsync(database, "vm-nokey")).GetProperty("attachments").EnumerateArray());
            Assert.Contains("kdumpHost.hostKey is required (no trust on first use)", unpinned.GetProperty("error").GetString(), StringComparison.Ordinal);

            // Said once per incident in the daemon's log, with the reason.
            Assert.Single(Regex.Matches(daemon.Stdout + daemon.Stderr, @"incident \d+: vmcore-dmesg\.txt not attached after 1 attempt\(s\): kdump host \S+: host key mismatch"));

            // incidents show prints the file after the console text.
            (int code, string shown, string err) = await SolwatchProcess.RunAsync("incidents", "show", ok.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", database);
            Assert.True(code == 0, err);
            Assert.Contains($"attachment vmcore-dmesg.txt ({host.LabDmesg.TrimEnd('\n').Split('\n').Length} lines from ssh://", shown, StringComparison.Ordinal);
            Assert.Contains("    [    8.773216] Kernel panic - not syncing: sysrq triggered crash", shown, StringComparison.Ordinal);
            (code, shown, err) = await SolwatchProcess.RunAsync("incidents", "show", spoofedIncident.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", database);
            Assert.True(code == 0, err);
            Assert.Matches(@"attachment vmcore-dmesg\.txt: not fetched \([0-9: -]+ UTC\): kdump host \S+: host key mismatch, connection refused before login", shown);

            daemon.Signal("TERM");
            Assert.Equal(0, await daemon.WaitForExitAsync(TestDaemon.Patience));
        }

        // Stored: read again from the file without the daemon.
        (int exported, string lines, string error) = await SolwatchProcess.RunAsync("incidents", "export", "--db", database);
        Assert.True(exported == 0, error);
        Assert.Equal(3, lines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Count(l => JsonSerializer.Deserialize<JsonElement>(l).GetProperty("attachments").GetArrayLength() == 1));
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task Kdump_audit_lists_each_hosts_checks_and_exits_1_when_one_fails_and_2_for_an_unknown_console()
    {
        string config = await ConfigAsync();

        (int code, string json, string err) = await SolwatchProcess.RunAsync("kdump", "audit", "--config", config, "vm-ok", "--json");
        JsonElement report = Assert.Single(JsonSerializer.Deserialize<JsonElement[]>(json)!);
        string[] statuses = [.. report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("status").GetString()!)];
        Assert.Equal(6, statuses.Length);
        Assert.Equal(statuses.Contains("fail") ? 1 : 0, code);
        Assert.Equal(statuses.Contains("fail") ? "fail" : statuses.Contains("warn") ? "warn" : "ok", report.GetProperty("status").GetString());
        Assert.True(err.Length == 0, err);

        (code, string table, _) = await SolwatchProcess.RunAsync("kdump", "audit", "--config", config);
        Assert.Equal(1, code);
        Assert.Matches(@"vm-spoofed\s+ssh://\S+\s+connect\s+fail\s+kdump host \S+: host key mismatch", table);
        Assert.Matches(@"vm-nokey\s+ssh://\S+\s+connect\s+fail\s+kdump host \S+: kdumpHost.hostKey is required", table);
        Assert.Matches(@"vm-ok\s+ssh://\S+\s+dump directory\s+warn\s+", table);

        (code, _, err) = await SolwatchProcess.RunAsync("kdump", "audit", "--config", config, "vm-nosuch");
        Assert.Equal(2, code);
        Assert.Contains("no console with a kdumpHost named vm-nosuch", err, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> WaitForAttachmentAsync(string database, string console)
    {
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (true)
        {
            (int code, string export, _) = await SolwatchProcess.RunAsync("incidents", "export", "--db", database);
            JsonElement found = code == 0
                ? export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<JsonElement>(l))
                    .FirstOrDefault(i => i.GetProperty("console").GetString() == console && i.GetProperty("attachments").GetArrayLength() > 0)
                : default;
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no attachment on {console}'s incident in time");
            await Task.Delay(500);
        }
    }
}
