using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SolWatch.ConsoleCapture.Api;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>
/// The operators' view of a real crashing machine: the lab VM (Debian kernel under QEMU) on a console of a real daemon,
/// its page in a real headless chromium. Its boot and its panic stream into the terminal, the incident appears without
/// a reload, a viewer's keys reach nothing, an operator's keys reach the VM's shell under the write lock, and hostile
/// bytes from the console do nothing in the browser. The lab tests' collection runs one VM at a time.
/// </summary>
[Collection(Collectors.Lab.CollectorsLabGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LabVmBrowserTests(Chromium chromium, LabVmConsole lab) : IClassFixture<Chromium>, IClassFixture<LabVmConsole>
{
    private const string Console = LabVmConsole.Console;
    private static readonly float Patience = 120_000;

    private readonly List<string> _harm = []; // dialogs and script errors of the pages made with watchForHarm

    private string Url => lab.Daemon.Url;

    [PeerFact(Peers.LabVm, Chromium.Executable)]
    public async Task The_vms_boot_text_streams_into_a_viewers_terminal_and_the_viewers_keys_reach_nothing()
    {
        await lab.ShellAsync();
        IPage viewer = await ConsolePageAsync("vic");
        try
        {
            // The boot, from the transcript (the page opened after it), then the shell the lab leaves on the console.
            await WaitForTerminalTextAsync(viewer, "Linux version 6.1");
            await WaitForTerminalTextAsync(viewer, LabVmConsole.ShellFollows);
            await viewer.WaitForSelectorAsync("#lock-status:has-text('watching (viewers do not type)')");
            Assert.False(await viewer.IsVisibleAsync("#take-lock"));

            var inputs = new List<string>();
            void Record(object? sender, IRequest r)
            {
                if (r.Url.Contains("/input", StringComparison.Ordinal))
                {
                    inputs.Add(r.Url);
                }
            }
            viewer.Request += Record;
            await viewer.ClickAsync("#terminal");
            await viewer.Keyboard.TypeAsync("echo viewer$((6*7))\r");

            // A line the shell prints after the viewer typed: whatever the viewer sent would have arrived before it.
            using HttpResponseMessage sent = await lab.Daemon.Api.PostAsJsonAsync($"/api/consoles/{Console}/send",
                new ControlRequest(Text: "echo marker$((6*7))\r", User: "test"), ApiJson.Options);
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
            await WaitForTerminalTextAsync(viewer, "marker42");
            viewer.Request -= Record;
            Assert.Empty(inputs);
            // Were it typed into the shell, the shell would echo it and print viewer42; the daemon refuses a viewer anyway.
            Assert.Equal(403, await PostFromPageAsync(viewer, "input", "{\"text\":\"echo viewer$((6*7))\\r\"}"));
            Assert.Equal(403, await PostFromPageAsync(viewer, "lock", "{}"));
            Assert.False(await TerminalHasAsync(viewer, "viewer"));
            Assert.DoesNotContain("viewer", await lab.TranscriptAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await viewer.Context.CloseAsync();
        }
    }

    [PeerFact(Peers.LabVm, Chromium.Executable)]
    public async Task An_operators_keys_reach_the_vms_shell_under_the_write_lock_which_holds_against_a_second_operator_until_forced()
    {
        await lab.ShellAsync();
        IPage bob = await ConsolePageAsync("bob");
        IPage cat = await ConsolePageAsync("cat");
        try
        {
            await bob.WaitForSelectorAsync("#lock-status:has-text('nobody holds the write lock')");
            await bob.ClickAsync("#take-lock");
            await bob.WaitForSelectorAsync("#lock-status:has-text('you hold the write lock')");
            await cat.WaitForSelectorAsync("#lock-status:has-text('bob holds the write lock')");
            Assert.True(await cat.IsDisabledAsync("#take-lock"));

            await bob.ClickAsync("#terminal");
            await bob.Keyboard.TypeAsync("echo bob$((6*7))\r");
            // The shell ran it: its output, not the echoed keys, holds 42.
            await WaitForTerminalTextAsync(bob, "bob42");
            await WaitForTerminalTextAsync(cat, "bob42");
            // Then the shell's prompt, which ends without a newline, waits on the line below with the cursor after it.
            await bob.WaitForFunctionAsync(PromptAtCursor, "bob42", new PageWaitForFunctionOptions { Timeout = Patience });
            await cat.WaitForFunctionAsync(PromptAtCursor, "bob42", new PageWaitForFunctionOptions { Timeout = Patience });

            // cat without the lock: the page sends nothing and the daemon refuses what it would send.
            await cat.ClickAsync("#terminal");
            await cat.Keyboard.TypeAsync("echo cat$((6*7))\r");
            Assert.Equal(409, await PostFromPageAsync(cat, "input", "{\"text\":\"echo cat$((6*7))\\r\"}"));

            await cat.ClickAsync("#force-lock");
            await cat.WaitForSelectorAsync("#lock-status:has-text('you hold the write lock')");
            await bob.WaitForSelectorAsync("#error:has-text('cat took the write lock')");
            Assert.Equal(409, await PostFromPageAsync(bob, "input", "{\"text\":\"echo bob-after$((6*7))\\r\"}"));
            await cat.ClickAsync("#terminal");
            await cat.Keyboard.TypeAsync("echo forced$((6*7))\r");
            await WaitForTerminalTextAsync(bob, "forced42");

            string transcript = await lab.TranscriptAsync();
            Assert.DoesNotContain("cat42", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("bob-after", transcript, StringComparison.Ordinal);
            Assert.Contains("web:bob", lab.Daemon.LogText(), StringComparison.Ordinal);
            Assert.Contains("web:cat", lab.Daemon.LogText(), StringComparison.Ordinal);
        }
        finally
        {
            await bob.Context.CloseAsync();
            await cat.Context.CloseAsync();
        }
    }

    [PeerFact(Peers.LabVm, Chromium.Executable)]
    public async Task A_panic_typed_by_an_operator_streams_into_a_viewers_terminal_and_its_incident_appears_without_reload()
    {
        await lab.ShellAsync();
        int before = (await lab.Daemon.Api.GetFromJsonAsync<JsonElement[]>("/api/incidents", ApiJson.Options))!.Length;
        IPage viewer = await ConsolePageAsync("vic");
        IPage incidents = await viewer.Context.NewPageAsync();
        IPage bob = await ConsolePageAsync("bob");
        try
        {
            await incidents.GotoAsync(Url + "/incidents");
            await incidents.WaitForSelectorAsync($"#note:has-text('{before} incident(s)')");
            await incidents.EvaluateAsync("() => { window.notReloaded = true; }");
            await viewer.EvaluateAsync("() => { window.notReloaded = true; }");
            await WaitForTerminalTextAsync(viewer, LabVmConsole.ShellFollows);

            await bob.ClickAsync("#take-lock");
            await bob.WaitForSelectorAsync("#lock-status:has-text('you hold the write lock')");
            await bob.ClickAsync("#terminal");
            await bob.Keyboard.TypeAsync("echo c > /proc/sysrq-trigger\r");

            await WaitForTerminalTextAsync(viewer, "sysrq: Trigger a crash");
            await WaitForTerminalTextAsync(viewer, "Kernel panic - not syncing: sysrq triggered crash");
            ILocator row = incidents.Locator("#incidents tr");
            await incidents.WaitForFunctionAsync("n => document.querySelectorAll('#incidents tr').length > n", before,
                new PageWaitForFunctionOptions { Timeout = Patience });
            JsonElement stored = (await lab.Daemon.Api.GetFromJsonAsync<JsonElement[]>("/api/incidents", ApiJson.Options))!
                .Single(i => i.GetProperty("console").GetString() == Console && i.GetProperty("report").GetProperty("title").GetString()!.Contains("sysrq", StringComparison.Ordinal));
            string title = stored.GetProperty("report").GetProperty("title").GetString()!;
            await incidents.WaitForSelectorAsync($"#incidents tr a:has-text('{title}')");
            // The console's page tells of it too, between the console's lines; neither page was reloaded.
            await WaitForTerminalTextAsync(viewer, $"incident {stored.GetProperty("id").GetInt64()} stored: {title}");
            Assert.True(await incidents.EvaluateAsync<bool>("() => window.notReloaded === true"));
            Assert.True(await viewer.EvaluateAsync<bool>("() => window.notReloaded === true"));
            await lab.WaitForVmEndAsync(); // the next test boots a new one
        }
        finally
        {
            await viewer.Context.CloseAsync();
            await bob.Context.CloseAsync();
        }
    }

    [PeerFact(Peers.LabVm, Chromium.Executable)]
    public async Task Hostile_bytes_from_the_console_set_no_title_write_no_clipboard_open_nothing_and_leave_the_page_working()
    {
        await lab.ShellAsync();
        IPage viewer = await ConsolePageAsync("vic", watchForHarm: true);
        IPage bob = await ConsolePageAsync("bob", watchForHarm: true);
        try
        {
            string title = await viewer.TitleAsync();
            await bob.ClickAsync("#take-lock");
            await bob.WaitForSelectorAsync("#lock-status:has-text('you hold the write lock')");
            // The VM's shell prints them: OSC 0 (window title), OSC 52 (clipboard write), an OSC 8 javascript: link, a
            // terminal reset and screen clear, scrollback erase, markup, invalid UTF-8, terminal queries (cursor position,
            // device attributes, DECRQSS, clipboard read) whose answers the lock holder's page must not send, then a
            // 20,000-byte line with no end for a while.
            const string hostile = @"printf '\033]0;pwned-title\007\033]2;pwned-title\033\\\033]52;c;cHduZWQ=\007\033]8;;javascript:alert(1)\007pwned-link\033]8;;\007\033c\033[2J\033[3J<img src=x onerror=alert(1)>\377\376\300\200 \033[6n\033[c\033[>c\033P$qm\033\\\033]52;c;?\007hostile-end\r\n'; head -c 20000 /dev/zero | tr '\0' X; echo; echo after$((6*7))";
            var typed = new List<string>();
            bob.Request += (_, r) =>
            {
                if (r.Url.Contains("/input", StringComparison.Ordinal) && r.PostData is { } body && !body.Contains("printf", StringComparison.Ordinal))
                {
                    lock (typed)
                    {
                        typed.Add(JsonSerializer.Deserialize<JsonElement>(body).GetProperty("text").GetString()!);
                    }
                }
            };
            Assert.Equal(200, await PostFromPageAsync(bob, "input", JsonSerializer.Serialize(new { text = hostile + "\r" })));

            await WaitForTerminalTextAsync(viewer, "after42");
            await WaitForTerminalTextAsync(viewer, "<img src=x onerror=alert(1)>");
            foreach (IPage page in (IPage[])[viewer, bob])
            {
                Assert.Equal(title, await page.TitleAsync());
                Assert.Equal("[]", await page.EvaluateAsync<string>("() => JSON.stringify(window.harm)"));
                Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('#terminal img, #terminal a').length"));
                // Still a working page: the boot text is still in its terminal, and it still shows what comes next.
                Assert.True(await TerminalHasAsync(page, "Linux version 6.1"));
            }
            await bob.ClickAsync("#terminal");
            await bob.Keyboard.TypeAsync("echo still$((6*7))\r");
            await WaitForTerminalTextAsync(viewer, "still42");
            // The holder's page sent what bob typed, and no answer to the queries before or among it. (Playwright
            // reports the page's requests on its own schedule: the last may come after the shell answered.)
            string Typed()
            {
                lock (typed)
                {
                    return string.Concat(typed);
                }
            }
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Typed().Length < "echo still$((6*7))\r".Length && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            Assert.Equal("echo still$((6*7))\r", Typed());
            lock (_harm)
            {
                Assert.Empty(_harm);
            }
            // The console's bytes were kept: the 20,000 Xs (cut into lines) and the text around the hostile sequences.
            string transcript = await lab.TranscriptAsync();
            Assert.True(LabVmConsole.Occurrences(transcript, "X") >= 20_000);
            Assert.Contains("hostile-end", transcript, StringComparison.Ordinal);
        }
        finally
        {
            await viewer.Context.CloseAsync();
            await bob.Context.CloseAsync();
        }
    }

    // A page of the console, logged in as user (password: the name twice). With watchForHarm, window.harm lists what a
    // hostile console must never cause: dialogs, page errors, clipboard writes, window.open, title changes.
    private async Task<IPage> ConsolePageAsync(string user, bool watchForHarm = false)
    {
        IBrowserContext context = await chromium.Browser.NewContextAsync();
        IPage page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        if (watchForHarm)
        {
            await page.AddInitScriptAsync("""
                window.harm = [];
                const note = what => window.harm.push(what);
                if (navigator.clipboard) {
                  navigator.clipboard.writeText = async t => note('clipboard.writeText ' + t);
                  navigator.clipboard.write = async () => note('clipboard.write');
                }
                const exec = document.execCommand.bind(document);
                document.execCommand = (c, ...a) => { if (c === 'copy') note('execCommand copy'); return exec(c, ...a); };
                window.open = u => { note('open ' + u); return null; };
                window.alert = m => note('alert ' + m);
                window.confirm = m => { note('confirm ' + m); return false; };
                """);
            page.Dialog += async (_, d) =>
            {
                lock (_harm)
                {
                    _harm.Add($"{user}: dialog {d.Message}");
                }
                await d.DismissAsync();
            };
            page.PageError += (_, e) =>
            {
                lock (_harm)
                {
                    _harm.Add($"{user}: page error {e}");
                }
            };
        }
        await page.GotoAsync(Url + "/login");
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", user + user);
        await page.ClickAsync("#login");
        await page.WaitForSelectorAsync("#who");
        await page.GotoAsync($"{Url}/consoles/{Console}");
        await page.WaitForSelectorAsync("#state.state-Connected");
        return page;
    }

    // POSTs to /web/consoles/labvm/{what} from the page, as its script would (session cookie and CSRF header); the status.
    private static Task<int> PostFromPageAsync(IPage page, string what, string body) => page.EvaluateAsync<int>("""
        async ([path, body]) => (await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sw.session.csrf }, body })).status
        """, new[] { $"/web/consoles/{Console}/{what}", body });

    // Whether the page's terminal (xterm.js) shows text on one line of its buffer (what the operator sees, scrollback included).
    private const string TerminalHas = """
        text => {
          const b = window.solwatchTerminal && window.solwatchTerminal.buffer.active;
          if (!b) return false;
          for (let i = 0; i < b.length; i++) { const l = b.getLine(i); if (l && l.translateToString(true).includes(text)) return true; }
          return false;
        }
        """;

    // Whether the cursor's row ends with the shell's prompt (busybox sh as root: "... # ", no newline after it) and a
    // row above it holds text (the output the prompt follows).
    private const string PromptAtCursor = """
        text => {
          const b = window.solwatchTerminal && window.solwatchTerminal.buffer.active;
          if (!b) return false;
          const row = b.baseY + b.cursorY, line = b.getLine(row).translateToString(true).trimEnd();
          if (!line.endsWith("#") || b.cursorX !== line.length + 1) return false;
          for (let i = Math.max(0, row - 3); i < row; i++) if (b.getLine(i).translateToString(true).includes(text)) return true;
          return false;
        }
        """;

    private static Task<IJSHandle> WaitForTerminalTextAsync(IPage page, string text) =>
        page.WaitForFunctionAsync(TerminalHas, text, new PageWaitForFunctionOptions { Timeout = Patience });

    private static Task<bool> TerminalHasAsync(IPage page, string text) => page.EvaluateAsync<bool>(TerminalHas, text);
}
