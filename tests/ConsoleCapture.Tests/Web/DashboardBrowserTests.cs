using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Tests.Alerts;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>
/// The dashboard in a real headless chromium against a real daemon: a TCP console whose peer is this test's listener
/// (it writes a real kernel crash captured from the lab VM, samples/demo-panic.log, and a hostile console's queries,
/// and reads what an operator types) and a <c>cat</c> console that echoes what is typed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit ends the test with IAsyncLifetime.DisposeAsync, which stops the listener")]
public sealed class DashboardBrowserTests : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly float Patience = 60_000;
    private readonly Chromium _chromium;
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-webbrowser-").FullName;
    private readonly TcpListener _peer = new(IPAddress.Loopback, 0); // stopped (its socket closed) in DisposeAsync
    // Where the daemon sends an alert for each new incident (the Alerts page shows its delivery).
    private readonly AlertReceiver _alerts = AlertReceiver.Start();
    private WebDaemon _daemon = null!;
    private Socket? _console;

    public DashboardBrowserTests(Chromium chromium) => _chromium = chromium;

    public async Task InitializeAsync()
    {
        _peer.Start();
        int port = ((IPEndPoint)_peer.LocalEndpoint).Port;
        _daemon = await WebDaemon.StartAsync(_dir, $"""
              - name: lab1
                type: tcp
                address: 127.0.0.1
                port: {port}
            """, $"""
            alerts:
              destinations:
                - name: hook
                  type: webhook
                  url: {_alerts.Url()}
              rules:
                - name: every-incident
                  on: incident
                  send: [hook]
            """);
        using var accept = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _console = await _peer.AcceptSocketAsync(accept.Token);
        await _daemon.WaitForConnectedAsync("lab1");
    }

    public async Task DisposeAsync()
    {
        _console?.Dispose();
        _peer.Stop();
        await _alerts.DisposeAsync();
        await _daemon.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<IPage> LoggedInPageAsync(string user)
    {
        IBrowserContext context = await _chromium.Browser.NewContextAsync();
        IPage page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync(_daemon.Url + "/");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", user + user);
        await page.ClickAsync("#login");
        await page.WaitForSelectorAsync("#who");
        return page;
    }

    // Whether the page's terminal (xterm.js) shows a line holding text.
    private static Task<IJSHandle> WaitForTerminalTextAsync(IPage page, string text) =>
        page.WaitForFunctionAsync("""
            text => {
              const b = window.solwatchTerminal && window.solwatchTerminal.buffer.active;
              if (!b) return false;
              for (let i = 0; i < b.length; i++) { const l = b.getLine(i); if (l && l.translateToString(true).includes(text)) return true; }
              return false;
            }
            """, text, new PageWaitForFunctionOptions { Timeout = Patience });

    // As a serial console sends it: the kernel's serial driver (and a tty's onlcr) ends lines with CR LF.
    private async Task WriteToConsoleAsync(string text) => await _console!.SendAsync(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)));

    // What the console received from typing: at least count bytes, within the patience.
    private async Task<string> ReadFromConsoleAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(Patience));
        byte[] buffer = new byte[4096];
        var received = new List<byte>();
        while (received.Count < count)
        {
            int n = await _console!.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.True(n > 0, "the daemon closed the console");
            received.AddRange(buffer[..n]);
        }
        return Encoding.UTF8.GetString([.. received]);
    }

    // The terminal's rows (scrollback included) as the operator sees them.
    private static Task<string[]> TerminalRowsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => { const b = window.solwatchTerminal.buffer.active, rows = []; for (let i = 0; i < b.length; i++) rows.push(b.getLine(i).translateToString(true)); return rows; }
        """);

    // The cursor's row (in the buffer) and column.
    private static Task<int[]> CursorAsync(IPage page) => page.EvaluateAsync<int[]>("""
        () => { const b = window.solwatchTerminal.buffer.active; return [b.baseY + b.cursorY, b.cursorX]; }
        """);

    [Fact]
    public async Task The_consoles_page_lists_the_consoles_live_and_filters_them()
    {
        IPage page = await LoggedInPageAsync("vic");
        await page.WaitForSelectorAsync("tr[data-name='lab1'] td.state-Connected");
        Assert.Equal(3, await page.Locator("#consoles tr").CountAsync());

        await WriteToConsoleAsync("a line the consoles page shows live\n");
        await page.WaitForSelectorAsync("tr[data-name='lab1'] td.last:has-text('a line the consoles page shows live')");

        await page.FillAsync("#filter", "lab");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#consoles tr').length === 1");
        Assert.Equal("lab1", await page.Locator("#consoles tr").GetAttributeAsync("data-name"));
    }

    [Fact]
    public async Task A_bidirectional_override_in_console_text_shows_as_a_marker_and_does_not_reverse_the_line()
    {
        IPage page = await LoggedInPageAsync("vic");
        await page.WaitForSelectorAsync("tr[data-name='lab1'] td.state-Connected");

        await WriteToConsoleAsync("saved to \u202Egnp.exe\u202C <b>done</b>\n");
        await page.WaitForSelectorAsync("tr[data-name='lab1'] td.last:has-text('saved to')");
        Assert.Equal("saved to \u27E8U+202E\u27E9gnp.exe\u27E8U+202C\u27E9 <b>done</b>", await page.Locator("tr[data-name='lab1'] td.last").InnerTextAsync());
    }

    [Fact]
    public async Task A_consoles_output_streams_into_its_terminal_and_a_new_incident_appears_without_reload()
    {
        await WriteToConsoleAsync("scrollback line written before the page opened\n");
        IPage terminal = await LoggedInPageAsync("vic");
        await terminal.GotoAsync(_daemon.Url + "/consoles/lab1");
        await WaitForTerminalTextAsync(terminal, "scrollback line written before the page opened");
        await WriteToConsoleAsync("live line after the page opened\n");
        await WaitForTerminalTextAsync(terminal, "live line after the page opened");

        IPage incidents = await terminal.Context.NewPageAsync();
        await incidents.GotoAsync(_daemon.Url + "/incidents");
        await incidents.WaitForSelectorAsync("#note:has-text('0 incident(s)')");
        await incidents.EvaluateAsync("() => { window.notReloaded = true; }");

        string[] log = await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Root, "samples", "demo-panic.log"));
        await WriteToConsoleAsync(string.Join("\n", log) + "\n");

        ILocator row = incidents.Locator("#incidents tr");
        await row.First.WaitForAsync();
        Assert.True(await incidents.EvaluateAsync<bool>("() => window.notReloaded === true"));
        JsonElement stored = (await _daemon.Api.GetFromJsonAsync<JsonElement[]>("/api/incidents", ApiJson.Options))!.Single();
        string title = stored.GetProperty("report").GetProperty("title").GetString()!;
        Assert.Contains(title, await row.First.InnerTextAsync(), StringComparison.Ordinal);
        // The note in the terminal and the incident page tell the same incident.
        await WaitForTerminalTextAsync(terminal, $"incident {stored.GetProperty("id").GetInt64()} stored: {title}");
        await incidents.ClickAsync($"#incidents tr a:has-text('{title}')");
        await incidents.WaitForSelectorAsync("#report");
        Assert.Contains("Kernel panic - not syncing: Fatal exception", await incidents.InnerTextAsync("#report"), StringComparison.Ordinal);
        Assert.Equal(title, (await incidents.InnerTextAsync("#title")).Split(' ', 2)[1]);
    }

    [Fact]
    public async Task The_alerts_page_shows_each_alerts_delivery_and_filters_by_result()
    {
        IPage page = await LoggedInPageAsync("vic");
        await page.ClickAsync("header a:has-text('Alerts')");
        await page.WaitForSelectorAsync("#note:has-text('0 of the latest 0 deliveries')");

        string[] log = await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Root, "samples", "demo-panic.log"));
        await WriteToConsoleAsync(string.Join("\n", log) + "\n");
        await _alerts.NextAsync(TimeSpan.FromMilliseconds(Patience));

        ILocator delivered = page.Locator("#alerts tr[data-result='delivered']");
        await delivered.First.WaitForAsync();
        string text = await delivered.First.InnerTextAsync();
        Assert.Contains("every-incident", text, StringComparison.Ordinal);
        Assert.Contains("hook (webhook)", text, StringComparison.Ordinal);
        Assert.Contains("lab1", text, StringComparison.Ordinal);
        Assert.Equal("#1", await delivered.First.Locator("a").InnerTextAsync());

        await page.SelectOptionAsync("#f-result", "dead-letter");
        await page.WaitForSelectorAsync("#note:has-text('0 of the latest 1 deliveries')");
        Assert.Contains("result=dead-letter", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_cannot_type()
    {
        IPage page = await LoggedInPageAsync("vic");
        await page.GotoAsync(_daemon.Url + "/consoles/echo");
        await page.WaitForSelectorAsync("#lock-status:has-text('watching (viewers do not type)')");
        Assert.False(await page.IsVisibleAsync("#take-lock"));
        await page.ClickAsync("#terminal");
        await page.Keyboard.TypeAsync("viewer typing\r");
        // The page sends nothing, and the daemon refuses what a viewer's page would send anyway.
        int status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/web/consoles/echo/lock', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sw.session.csrf }, body: '{}' })).status
            """);
        Assert.Equal(403, status);
        await _daemon.Api.PostAsJsonAsync("/api/consoles/echo/send", new ControlRequest(Text: "marker after the viewer typed\r", User: "test"), ApiJson.Options);
        await WaitForTerminalTextAsync(page, "marker after the viewer typed");
        Assert.False(await page.EvaluateAsync<bool>("""
            () => { const b = window.solwatchTerminal.buffer.active; for (let i = 0; i < b.length; i++) { const l = b.getLine(i); if (l && l.translateToString(true).includes('viewer typing')) return true; } return false; }
            """));
    }

    [Fact]
    public async Task An_operator_types_under_the_write_lock_which_holds_against_a_second_operator_until_forced()
    {
        IPage bob = await LoggedInPageAsync("bob");
        IPage cat = await LoggedInPageAsync("cat");
        await bob.GotoAsync(_daemon.Url + "/consoles/echo");
        await cat.GotoAsync(_daemon.Url + "/consoles/echo");
        await bob.WaitForSelectorAsync("#lock-status:has-text('nobody holds the write lock')");

        await bob.ClickAsync("#take-lock");
        await bob.WaitForSelectorAsync("#lock-status:has-text('you hold the write lock')");
        await cat.WaitForSelectorAsync("#lock-status:has-text('bob holds the write lock')");
        Assert.True(await cat.IsDisabledAsync("#take-lock"));

        await bob.ClickAsync("#terminal");
        await bob.Keyboard.TypeAsync("typed by bob in the browser\r");
        await WaitForTerminalTextAsync(bob, "typed by bob in the browser");
        await WaitForTerminalTextAsync(cat, "typed by bob in the browser");

        await cat.ClickAsync("#terminal");
        await cat.Keyboard.TypeAsync("typed by cat without the lock\r");
        await cat.ClickAsync("#force-lock");
        await cat.WaitForSelectorAsync("#lock-status:has-text('you hold the write lock')");
        await bob.WaitForSelectorAsync("#error:has-text('cat took the write lock')");
        await cat.ClickAsync("#terminal");
        await cat.Keyboard.TypeAsync("typed by cat after force\r");
        await WaitForTerminalTextAsync(bob, "typed by cat after force");
        Assert.False(await bob.EvaluateAsync<bool>("""
            () => { const b = window.solwatchTerminal.buffer.active; for (let i = 0; i < b.length; i++) { const l = b.getLine(i); if (l && l.translateToString(true).includes('without the lock')) return true; } return false; }
            """));

        // The writer closes its page: the lock goes free (as a conserver client's detach), and the watcher sees it.
        await cat.CloseAsync();
        await bob.WaitForSelectorAsync("#lock-status:has-text('nobody holds the write lock')");
    }

    [Fact]
    public async Task A_prompt_without_a_newline_shows_at_once_in_its_colours_below_the_transcript_and_a_separator()
    {
        await WriteToConsoleAsync("scrollback line written before the page opened\n");
        IPage page = await LoggedInPageAsync("vic");
        await page.GotoAsync(_daemon.Url + "/consoles/lab1");
        await WaitForTerminalTextAsync(page, "scrollback line written before the page opened");
        await WaitForTerminalTextAsync(page, "live from");

        // A login prompt as getty prints it: bold green here, and no newline after it.
        await WriteToConsoleAsync("Debian GNU/Linux 12 lab1 ttyS0\n\n\u001b[1;32mlab1 login: \u001b[0m");

        await WaitForTerminalTextAsync(page, "lab1 login:");
        string[] rows = await TerminalRowsAsync(page);
        int scrollback = Array.FindIndex(rows, r => r.Contains("scrollback line written before", StringComparison.Ordinal));
        int separator = Array.FindIndex(rows, r => r.Contains("live from", StringComparison.Ordinal));
        int prompt = Array.FindIndex(rows, r => r.Contains("lab1 login:", StringComparison.Ordinal));
        Assert.True(scrollback < separator && separator < prompt, string.Join("\n", rows));
        Assert.Equal("lab1 login: ", rows[prompt]);
        // The cursor waits right after the prompt, as on the console.
        Assert.Equal(new[] { prompt, "lab1 login: ".Length }, await CursorAsync(page));
        // Its colour and weight came through (palette colour 2 is green).
        Assert.Equal(new[] { 1, 2, 1 }, await page.EvaluateAsync<int[]>("""
            row => { const c = window.solwatchTerminal.buffer.active.getLine(row).getCell(0); return [c.isFgPalette() ? 1 : 0, c.getFgColor(), c.isBold() ? 1 : 0]; }
            """, prompt));
    }

    [Fact]
    public async Task Terminal_queries_from_the_console_make_no_input_to_it_on_the_write_lock_holders_page()
    {
        IPage bob = await LoggedInPageAsync("bob");
        await bob.GotoAsync(_daemon.Url + "/consoles/lab1");
        await WaitForTerminalTextAsync(bob, "live from");
        await bob.ClickAsync("#take-lock");
        await bob.WaitForSelectorAsync("#lock-status:has-text('you hold the write lock')");
        var inputs = new List<string>();
        bob.Request += (_, r) =>
        {
            if (r.Url.Contains("/input", StringComparison.Ordinal))
            {
                lock (inputs)
                {
                    inputs.Add(r.PostData ?? "");
                }
            }
        };

        // Each of these makes xterm.js answer through onData (the page would send the answer as typed): cursor position
        // and status reports, primary and secondary device attributes, a mode request, DECRQSS, XTGETTCAP, a window
        // report, clipboard and colour queries, and mouse and focus reporting (answers to the mouse and the focus).
        // Cut in the middle of sequences, in separate reads.
        string[] parts =
        [
            "queries follow: \u001b[", "6n\u001b[5n\u001b[c\u001b[>c\u001b[?25$p\u001bP$qm\u001b", "\\\u001bP+q544e\u001b\\",
            "\u001b[18t\u001b]52;c;?\u0007\u001b]11;?\u001b\\\u001b[?1000h\u001b[?1006h\u001b[?1004h\u009b6n queries-sent\r\n",
        ];
        foreach (string part in parts)
        {
            await _console!.SendAsync(Encoding.UTF8.GetBytes(part));
            await Task.Delay(100);
        }
        await WaitForTerminalTextAsync(bob, "queries follow:  queries-sent");
        // Clicking and moving in the terminal, and focus leaving and coming back, would now report the mouse and focus.
        await bob.Mouse.ClickAsync(200, 300);
        await bob.ClickAsync("#terminal");
        await bob.Mouse.MoveAsync(300, 350);
        await bob.EvaluateAsync("() => { document.activeElement.blur(); window.solwatchTerminal.focus(); }");

        await bob.Keyboard.TypeAsync("typed\r");

        // The console receives the typing and nothing before it: no answer went out as input.
        Assert.Equal("typed\r", await ReadFromConsoleAsync("typed\r".Length));
        // Playwright reports the page's requests on its own schedule: the last may come after the console had the bytes.
        string Sent()
        {
            lock (inputs)
            {
                return string.Concat(inputs.Select(p => JsonSerializer.Deserialize<JsonElement>(p).GetProperty("text").GetString()));
            }
        }
        DateTime deadline = DateTime.UtcNow.AddMilliseconds(Patience);
        while (Sent().Length < "typed\r".Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal("typed\r", Sent());
    }
}
