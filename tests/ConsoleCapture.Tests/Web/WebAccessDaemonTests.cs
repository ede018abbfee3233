using System.Net;
using System.Net.Http.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>Sessions, roles, CSRF and the write lock over HTTP against a real daemon (see <see cref="WebDaemon"/>).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WebAccessDaemonTests() : WebDaemonTestClass("solwatch-webaccess-")
{
    [Fact]
    public async Task Pages_send_the_anonymous_to_the_login_page_and_a_wrong_password_or_unknown_user_is_refused_alike()
    {
        using HttpClient browser = Daemon.Browser();
        using HttpResponseMessage page = await browser.GetAsync("/incidents");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?next=%2Fincidents", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/web/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/consoles")).StatusCode);

        using HttpResponseMessage wrong = await WebDaemon.LoginAsync(browser, "ann", "annann!");
        using HttpResponseMessage unknown = await WebDaemon.LoginAsync(browser, "zed", "zedzed");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("Wrong user name or password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Wrong user name or password.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/web/session")).StatusCode);
    }

    [Fact]
    public async Task A_login_sets_an_httponly_samesite_strict_cookie_and_the_session_reads_the_api()
    {
        using HttpClient browser = Daemon.Browser();
        using HttpResponseMessage login = await WebDaemon.LoginAsync(browser, "vic", "vicvic");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        string cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("solwatch-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        SessionView session = (await browser.GetFromJsonAsync<SessionView>("/web/session", ApiJson.Options))!;
        Assert.Equal(("vic", "viewer"), (session.User, session.Role));
        Assert.Contains("\"name\":\"echo\"", await browser.GetStringAsync("/api/consoles"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/incidents")).StatusCode);
    }

    [Fact]
    public async Task A_login_form_without_its_double_submit_cookie_is_refused()
    {
        using HttpClient forger = Daemon.Browser();
        using HttpResponseMessage forged = await forger.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = "made-up", ["user"] = "ann", ["password"] = "annann",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("/web/session")).StatusCode);
    }

    [Fact]
    public async Task A_state_changing_request_without_the_sessions_csrf_token_is_refused()
    {
        (HttpClient browser, string csrf) = await Daemon.LoggedInAsync("bob");
        using (browser)
        {
            using HttpResponseMessage none = await WebDaemon.PostAsync(browser, "/web/consoles/echo/lock", new { }, null);
            using HttpResponseMessage wrong = await WebDaemon.PostAsync(browser, "/web/consoles/echo/lock", new { }, csrf[..^1] + (csrf[^1] == 'A' ? 'B' : 'A'));
            using HttpResponseMessage logout = await WebDaemon.PostAsync(browser, "/logout", new { }, null);
            Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, logout.StatusCode);
            using HttpResponseMessage right = await WebDaemon.PostAsync(browser, "/web/consoles/echo/lock", new { }, csrf);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }
    }

    [Fact]
    public async Task A_session_never_changes_anything_through_the_api_and_the_bearer_token_still_works()
    {
        (HttpClient browser, string csrf) = await Daemon.LoggedInAsync("ann");
        using (browser)
        {
            using HttpResponseMessage send = await WebDaemon.PostAsync(browser, "/api/consoles/echo/send", new ControlRequest(Text: "x"), csrf);
            Assert.Equal(HttpStatusCode.Unauthorized, send.StatusCode);
            using HttpResponseMessage link = await WebDaemon.PostAsync(browser, "/api/web/login-link", new LoginLinkRequest("ann"), csrf);
            Assert.Equal(HttpStatusCode.Unauthorized, link.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await Daemon.Api.GetAsync("/api/health")).StatusCode);
        using HttpResponseMessage cli = await Daemon.Api.PostAsJsonAsync("/api/consoles/echo/send", new ControlRequest(Text: "from the cli\r", User: "tester"), ApiJson.Options);
        Assert.Equal(HttpStatusCode.OK, cli.StatusCode);
    }

    [Fact]
    public async Task A_viewer_may_not_take_a_write_lock_or_type_and_nobody_types_into_a_read_only_console()
    {
        (HttpClient viewer, string viewerCsrf) = await Daemon.LoggedInAsync("vic");
        (HttpClient op, string opCsrf) = await Daemon.LoggedInAsync("bob");
        using (viewer)
        using (op)
        {
            using HttpResponseMessage lockTry = await WebDaemon.PostAsync(viewer, "/web/consoles/echo/lock", new { }, viewerCsrf);
            using HttpResponseMessage typeTry = await WebDaemon.PostAsync(viewer, "/web/consoles/echo/input", new InputRequest("reboot\r"), viewerCsrf);
            Assert.Equal(HttpStatusCode.Forbidden, lockTry.StatusCode);
            Assert.Contains("vic is viewer; this needs operator", await lockTry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, typeTry.StatusCode);

            using HttpResponseMessage readOnly = await WebDaemon.PostAsync(op, "/web/consoles/watched/lock", new { force = true }, opCsrf);
            Assert.Equal(HttpStatusCode.Conflict, readOnly.StatusCode);
            Assert.Contains("console watched is readOnly in the configuration", await readOnly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_write_lock_holds_against_a_second_operator_until_force_and_writes_are_logged_with_the_user()
    {
        (HttpClient bob, string bobCsrf) = await Daemon.LoggedInAsync("bob");
        (HttpClient cat, string catCsrf) = await Daemon.LoggedInAsync("cat");
        using (bob)
        using (cat)
        {
            using HttpResponseMessage unlocked = await WebDaemon.PostAsync(bob, "/web/consoles/echo/input", new InputRequest("x"), bobCsrf);
            Assert.Equal(HttpStatusCode.Conflict, unlocked.StatusCode);
            Assert.Contains("take the write lock of echo first (nobody holds it)", await unlocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.OK, (await WebDaemon.PostAsync(bob, "/web/consoles/echo/lock", new { }, bobCsrf)).StatusCode);
            using HttpResponseMessage catLock = await WebDaemon.PostAsync(cat, "/web/consoles/echo/lock", new { }, catCsrf);
            using HttpResponseMessage catTypes = await WebDaemon.PostAsync(cat, "/web/consoles/echo/input", new InputRequest("cat was here\r"), catCsrf);
            Assert.Equal(HttpStatusCode.Conflict, catLock.StatusCode);
            Assert.Contains("bob holds the write lock of echo", await catLock.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Conflict, catTypes.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await WebDaemon.PostAsync(bob, "/web/consoles/echo/input", new InputRequest("bob was here\r"), bobCsrf)).StatusCode);

            Assert.Equal(HttpStatusCode.OK, (await WebDaemon.PostAsync(cat, "/web/consoles/echo/lock", new { force = true }, catCsrf)).StatusCode);
            using HttpResponseMessage bobAfter = await WebDaemon.PostAsync(bob, "/web/consoles/echo/input", new InputRequest("y"), bobCsrf);
            Assert.Equal(HttpStatusCode.Conflict, bobAfter.StatusCode);
            Assert.Contains("cat holds it", await bobAfter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(Daemon.LogText() is var log && log.Contains("web:bob", StringComparison.Ordinal) && log.Contains("forced the write lock from", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the write and the forced lock were not logged: " + Daemon.LogText());
            await Task.Delay(200);
        }
        Assert.DoesNotContain("web:cat sends", Daemon.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_time_link_logs_in_as_the_local_admin_once()
    {
        string link = await Daemon.LoginLinkAsync();
        Assert.StartsWith(Daemon.Url + "/login/once?token=", link, StringComparison.Ordinal);
        using HttpClient browser = Daemon.Browser();
        using HttpResponseMessage first = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        SessionView session = (await browser.GetFromJsonAsync<SessionView>("/web/session", ApiJson.Options))!;
        Assert.Equal("admin", session.Role);
        Assert.StartsWith("local:", session.User, StringComparison.Ordinal);

        using HttpClient other = Daemon.Browser();
        using HttpResponseMessage again = await other.GetAsync(link);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/web/session")).StatusCode);
    }

    [Fact]
    public async Task Every_api_and_web_answer_to_a_session_forbids_sniffing_scripts_framing_and_caching()
    {
        (HttpClient browser, _) = await Daemon.LoggedInAsync("vic");
        using (browser)
        {
            // A console's text, verbatim in the JSON (< and > are kept readable), as the incident page's links open it.
            using HttpResponseMessage sent = await Daemon.Api.PostAsJsonAsync("/api/consoles/echo/send", new ControlRequest(Text: "<script>alert(1)</script>\n", User: "test"), ApiJson.Options);
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            foreach (string path in new[] { "/api/consoles/echo/transcript?since=2000-01-01T00:00:00Z", "/api/consoles", "/web/session", "/api/consoles/%3Cb%3E/transcript" })
            {
                using HttpResponseMessage answer = await browser.GetAsync(path);
                Assert.Equal(["nosniff"], answer.Headers.GetValues("X-Content-Type-Options"));
                Assert.Equal([PageRoutes.DataPolicy], answer.Headers.GetValues("Content-Security-Policy"));
                Assert.Equal(["DENY"], answer.Headers.GetValues("X-Frame-Options"));
                Assert.True(answer.Headers.CacheControl?.NoStore, path + ": " + answer.Headers.CacheControl);
            }
            using HttpResponseMessage page = await browser.GetAsync("/incidents");
            Assert.Equal([PageRoutes.ContentSecurityPolicy], page.Headers.GetValues("Content-Security-Policy"));
        }
    }

    [Fact]
    public async Task A_session_opens_at_most_sixteen_streams_its_api_tails_included_and_a_closed_one_frees_its_place()
    {
        (HttpClient browser, _) = await Daemon.LoggedInAsync("vic");
        using (browser)
        {
            var open = new List<HttpResponseMessage>();
            try
            {
                for (int i = 0; i < StreamLimits.PerSession; i++)
                {
                    string path = (i % 3) switch { 0 => "/web/events", 1 => "/web/consoles/echo/raw", _ => "/api/consoles/echo/tail" };
                    HttpResponseMessage stream = await browser.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                    open.Add(stream);
                    Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
                }
                foreach (string path in new[] { "/web/consoles/echo/raw", "/web/events", "/api/consoles/echo/tail" })
                {
                    using HttpResponseMessage refused = await browser.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                    Assert.True(refused.StatusCode == HttpStatusCode.TooManyRequests, path + ": " + refused.StatusCode);
                }
                (HttpClient other, _) = await Daemon.LoggedInAsync("vic");
                using (other)
                using (HttpResponseMessage elsewhere = await other.GetAsync("/web/events", HttpCompletionOption.ResponseHeadersRead))
                {
                    Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
                }
                open[0].Dispose();
                DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (true)
                {
                    using HttpResponseMessage again = await browser.GetAsync("/web/events", HttpCompletionOption.ResponseHeadersRead);
                    if (again.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                    Assert.True(DateTime.UtcNow < deadline, "a closed stream's place was not freed");
                    await Task.Delay(200);
                }
            }
            finally
            {
                open.ForEach(s => s.Dispose());
            }
        }
    }
}
