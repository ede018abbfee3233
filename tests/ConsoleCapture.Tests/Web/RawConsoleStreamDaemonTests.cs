using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary><c>/web/consoles/NAME/raw</c>, the console page's terminal stream, against a real daemon (see <see cref="WebDaemon"/>).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RawConsoleStreamDaemonTests() : WebDaemonTestClass("solwatch-webraw-")
{
    [Fact]
    public async Task A_viewer_gets_the_transcript_then_live_then_the_bytes_as_the_console_sent_them_without_its_queries()
    {
        await SendAsync("printed before the page opened\r\n");
        await WaitForTranscriptAsync("printed before the page opened");
        (HttpClient browser, _) = await Daemon.LoggedInAsync("vic");
        using (browser)
        {
            string since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
            using HttpResponseMessage response = await browser.GetAsync($"/web/consoles/echo/raw?since={since}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

            (string name, string data) = await NextEventAsync(reader);
            Assert.Equal("line", name);
            Assert.Equal("printed before the page opened", JsonSerializer.Deserialize<JsonElement>(data).GetProperty("text").GetString());
            Assert.Equal("live", (await NextEventAsync(reader)).Name);

            // cat gives back what it is sent: colours, a cursor position request, a prompt without its newline.
            await SendAsync("\u001b[1;31mred\u001b[0m \u001b[6n\u001b]52;c;?\u0007login: ");
            var raw = new StringBuilder();
            while (!raw.ToString().EndsWith("login: ", StringComparison.Ordinal))
            {
                (name, data) = await NextEventAsync(reader);
                Assert.Equal("raw", name);
                raw.Append(Encoding.UTF8.GetString(Convert.FromBase64String(data)));
            }
            Assert.Equal("\u001b[1;31mred\u001b[0m login: ", raw.ToString());
        }
    }

    [Fact]
    public async Task The_stream_needs_a_session_and_a_known_console()
    {
        using HttpClient anonymous = Daemon.Browser();
        using HttpResponseMessage refused = await anonymous.GetAsync("/web/consoles/echo/raw");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        (HttpClient browser, _) = await Daemon.LoggedInAsync("vic");
        using (browser)
        {
            using HttpResponseMessage unknown = await browser.GetAsync("/web/consoles/nosuch/raw");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            using HttpResponseMessage badTime = await browser.GetAsync("/web/consoles/echo/raw?since=yesterday-ish");
            Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        }
    }

    private async Task SendAsync(string text)
    {
        using HttpResponseMessage sent = await Daemon.Api.PostAsJsonAsync("/api/consoles/echo/send", new ControlRequest(Text: text, User: "test"), ApiJson.Options);
        sent.EnsureSuccessStatusCode();
    }

    private async Task WaitForTranscriptAsync(string text)
    {
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (!(await Daemon.Api.GetStringAsync("/api/consoles/echo/transcript")).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"echo's transcript did not get {text}");
            await Task.Delay(100);
        }
    }

    // The next server-sent event (comments such as keepalives skipped).
    private static async Task<(string Name, string Data)> NextEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TestDaemon.Patience);
        string name = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line, 6, line.Length - 6);
            }
            else if (line.Length == 0 && data.Length > 0)
            {
                return (name, data.ToString());
            }
        }
        throw new IOException("the event stream ended");
    }
}
