using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using SolWatch.ConsoleCapture.Api;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>
/// The dashboard in a real headless chromium against a real daemon: a TCP console whose peer is this test's listener
/// (it writes a real kernel crash captured from the lab VM, samples/demo-panic.log) and a <c>cat</c> console that
/// echoes what is typed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit ends the test with IAsyncLifetime.DisposeAsync, which stops the listener")]
public sealed class DashboardBrowserTests : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly float Patience = 60_000;
    private readonly Chromium _chromium;
    private readonly string _dir = Directory.CreateTempSubdirectory("solwatch-webbrowser-").FullName;
    private readonly TcpListener _peer = new(IPAddress.Loopback, 0); // stopped (its socket closed) in DisposeAsync
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
                readOnly: true
            """);
        using var accept = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _console = await _peer.AcceptSocketAsync(accept.Token);
        await _daemon.WaitForConnectedAsync("lab1");
    }

    public async Task DisposeAsync()
    {
        _console?.Dispose();
        _peer.Stop();
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

    private async Task WriteToConsoleAsync(string text) => await _console!.SendAsync(Encoding.UTF8.GetBytes(text));

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
}
