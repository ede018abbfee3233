using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary><c>/web/events</c>'s console list against a real daemon (see <see cref="WebDaemon"/>).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DashboardEventsDaemonTests() : WebDaemonTestClass("solwatch-webevents-")
{
    [Fact]
    public async Task A_page_opened_after_a_line_shows_it_in_its_first_list_and_later_lines_follow_live()
    {
        await SendAndWaitForLinesAsync("printed before the page opened\r", 1);
        (HttpClient browser, _) = await Daemon.LoggedInAsync("vic");
        using (browser)
        {
            using HttpResponseMessage response = await browser.GetAsync("/web/events", HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

            Assert.Equal("printed before the page opened", await NextLastLineAsync(reader, "echo"));
            await SendAndWaitForLinesAsync("printed while the page is open\r", 2);
            string? last;
            do
            {
                last = await NextLastLineAsync(reader, "echo");
            }
            while (last != "printed while the page is open");
        }
    }

    private async Task SendAndWaitForLinesAsync(string text, long lines)
    {
        using HttpResponseMessage sent = await Daemon.Api.PostAsJsonAsync("/api/consoles/echo/send", new ControlRequest(Text: text, User: "test"), ApiJson.Options);
        sent.EnsureSuccessStatusCode();
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (true)
        {
            using JsonDocument consoles = JsonDocument.Parse(await Daemon.Api.GetStringAsync("/api/consoles"));
            if (consoles.RootElement.EnumerateArray().Any(c => c.GetProperty("name").GetString() == "echo" && c.GetProperty("lines").GetInt64() >= lines))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"echo did not receive line {lines}");
            await Task.Delay(100);
        }
    }

    // The last line of the console's row in the next consoles event.
    private static async Task<string?> NextLastLineAsync(StreamReader reader, string console)
    {
        using var timeout = new CancellationTokenSource(TestDaemon.Patience);
        string? name = null;
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
            else if (line.Length == 0 && name == "consoles")
            {
                using JsonDocument rows = JsonDocument.Parse(data.ToString());
                JsonElement row = rows.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == console);
                return row.GetProperty("lastLine").GetString();
            }
            else if (line.Length == 0)
            {
                name = null;
                data.Clear();
            }
        }
        throw new IOException("the event stream ended");
    }
}
