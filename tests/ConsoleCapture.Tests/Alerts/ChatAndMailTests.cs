using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.Storage.Alerts;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Alerts;

/// <summary>The Slack-compatible, Alertmanager and e-mail destinations against real peers.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ChatAndMailTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_slack_compatible_webhook_gets_a_text_message_with_console_text_escaped()
    {
        await using var receiver = AlertReceiver.Start();
        string urlFile = Path.Combine(Path.GetTempPath(), "solwatch-slack-url-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(urlFile, receiver.Url("/services/T000/B000/XXXX") + "\n");
        File.SetUnixFileMode(urlFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            await using var alerts = AlertFixture.Start($"""
                  destinations:
                    - name: chat
                      type: slack
                      urlFile: {urlFile}
                  rules:
                    - name: crashes
                      on: incident
                      send: [chat]
                """);

            await alerts.CrashAsync("web-1", "<!channel>aaaaaa @channel");

            ReceivedPost post = await receiver.NextAsync(Patience);
            Assert.Equal("/services/T000/B000/XXXX", post.Path);
            using JsonDocument json = JsonDocument.Parse(post.Body);
            string text = json.RootElement.GetProperty("text").GetString()!;
            Assert.StartsWith("*[FIRING]* web-1", text, StringComparison.Ordinal);
            Assert.Contains("&lt;!channel&gt;", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<!channel>", text, StringComparison.Ordinal);
            // Mattermost and Rocket.Chat take the same webhook and read "@channel" as a mention.
            Assert.DoesNotContain("@channel", text, StringComparison.Ordinal);
            Assert.Contains("@\u200Bchannel", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(urlFile);
        }
    }

    [PeerFact("prometheus-alertmanager")]
    public async Task A_real_alertmanager_accepts_the_alert_with_its_labels_and_annotations()
    {
        int port = FreePorts.Tcp();
        string dir = Path.Combine(Path.GetTempPath(), "solwatch-am-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string config = Path.Combine(dir, "alertmanager.yml");
        await File.WriteAllTextAsync(config, """
            route:
              receiver: none
            receivers:
              - name: none
            """);
        using var alertmanager = Process.Start(new ProcessStartInfo(Peers.Find("prometheus-alertmanager")!)
        {
            ArgumentList = { $"--config.file={config}", $"--storage.path={dir}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        alertmanager.OutputDataReceived += (_, _) => { };
        alertmanager.ErrorDataReceived += (_, _) => { };
        alertmanager.BeginOutputReadLine();
        alertmanager.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitReadyAsync(http, alertmanager);
            await using var alerts = AlertFixture.Start($"""
                  destinations:
                    - name: am
                      type: alertmanager
                      url: http://127.0.0.1:{port}
                  rules:
                    - name: solwatch-crash
                      on: incident
                      send: [am]
                """);

            var incident = await alerts.CrashAsync("web-1", "feedfacefeedface");

            AlertDelivery delivery = Assert.Single(await alerts.DeliveriesAsync(1));
            Assert.Equal(AlertDeliveryResults.Delivered, delivery.Result);
            JsonElement[] held = (await http.GetFromJsonAsync<JsonElement[]>("/api/v2/alerts"))!;
            JsonElement alert = Assert.Single(held);
            JsonElement labels = alert.GetProperty("labels");
            Assert.Equal("solwatch-crash", labels.GetProperty("alertname").GetString());
            Assert.Equal("web-1", labels.GetProperty("console").GetString());
            Assert.Equal("feedfacefeedface", labels.GetProperty("fingerprint").GetString());
            Assert.Equal("critical", labels.GetProperty("severity").GetString());
            Assert.Equal(incident.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                alert.GetProperty("annotations").GetProperty("incident_id").GetString());
            Assert.Equal("active", alert.GetProperty("status").GetProperty("state").GetString());
        }
        finally
        {
            alertmanager.Kill();
            await alertmanager.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [PeerFact("/usr/bin/python3", AiosmtpdModule)]
    public async Task A_local_smtp_server_receives_the_alert_mail()
    {
        int port = FreePorts.Tcp();
        using var smtp = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            // aiosmtpd's default handler prints every message it accepts to stdout.
            ArgumentList = { "-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var printed = new System.Text.StringBuilder();
        smtp.OutputDataReceived += (_, e) => { lock (printed) { printed.AppendLine(e.Data); } };
        smtp.ErrorDataReceived += (_, _) => { };
        smtp.BeginOutputReadLine();
        smtp.BeginErrorReadLine();
        try
        {
            await WaitListeningAsync(port, smtp);
            await using var alerts = AlertFixture.Start($"""
                  destinations:
                    - name: mail
                      type: email
                      host: 127.0.0.1
                      port: {port}
                      security: none
                      from: solwatch@example.net
                      to: [oncall@example.net, ops@example.net]
                  rules:
                    - name: crashes
                      on: incident
                      send: [mail]
                """);

            var incident = await alerts.CrashAsync("web-1");

            AlertDelivery delivery = Assert.Single(await alerts.DeliveriesAsync(1));
            Assert.True(delivery.Result == AlertDeliveryResults.Delivered, delivery.Error);
            DateTime deadline = DateTime.UtcNow + Patience;
            string text;
            do
            {
                await Task.Delay(100);
                lock (printed)
                {
                    text = printed.ToString();
                }
            }
            while (!text.Contains("END MESSAGE", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
            // A long Subject is folded over lines (RFC 5322 2.2.3): unfolded before it is compared.
            string unfolded = text.Replace("\n ", " ", StringComparison.Ordinal).Replace("\n\t", " ", StringComparison.Ordinal);
            Assert.True(unfolded.Contains("Subject: [solwatch firing] web-1 (web-1-host): BUG: unable to handle kernel NULL pointer dereference", StringComparison.Ordinal), unfolded);
            Assert.Contains("oncall@example.net", text, StringComparison.Ordinal);
            Assert.Contains("ops@example.net", text, StringComparison.Ordinal);
            Assert.Contains($"solwatch incidents show {incident.Id}", text, StringComparison.Ordinal);
        }
        finally
        {
            smtp.Kill();
            await smtp.WaitForExitAsync();
        }
    }

    /// <summary>Debian's python3-aiosmtpd (what the SMTP test needs besides /usr/bin/python3).</summary>
    public const string AiosmtpdModule = "/usr/lib/python3/dist-packages/aiosmtpd/__main__.py";

    private static async Task WaitReadyAsync(HttpClient http, Process peer)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            Assert.False(peer.HasExited, "alertmanager exited at start");
            try
            {
                if ((await http.GetAsync("/-/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, "alertmanager did not become ready");
            await Task.Delay(100);
        }
    }

    private static async Task WaitListeningAsync(int port, Process peer)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            Assert.False(peer.HasExited, "the SMTP server exited at start");
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
