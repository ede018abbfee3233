using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Tests.Hosting;
using SolWatch.ConsoleCapture.Web;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>
/// A real <c>solwatch run</c> serving the dashboard, with a users file (ann admin, bob and cat operators, vic viewer;
/// each password is the name twice) and two <c>cat</c> consoles: <c>echo</c> takes writes (what is typed comes back as
/// console output) and <c>watched</c> is readOnly. The bearer client is the CLI's view; <see cref="Browser"/> makes
/// cookie-holding clients as a browser would be.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class WebDaemon : IAsyncDisposable
{
    public static readonly string[] Users = ["ann admin", "bob operator", "cat operator", "vic viewer"];

    private readonly string _dir;
    private readonly SolwatchProcess _process;

    private WebDaemon(string dir, SolwatchProcess process, string url, string token)
    {
        _dir = dir;
        _process = process;
        Url = url.TrimEnd('/');
        Api = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string Url { get; }

    /// <summary>The CLI's client (bearer token).</summary>
    public HttpClient Api { get; }

    public string Database => Path.Combine(_dir, "data", "incidents.db");

    public string Stdout => _process.Stdout;

    public static async Task<WebDaemon> StartAsync(string dir, string extraConsoles = "", string extraWeb = "")
    {
        await File.WriteAllLinesAsync(Path.Combine(dir, "users"), Users.Select(u => $"{u} {PasswordHashing.Hash(u.Split(' ')[0] + u.Split(' ')[0])}"));
        string config = Path.Combine(dir, "solwatch.yaml");
        await File.WriteAllTextAsync(config, $$"""
            storage:
              database: data/incidents.db
              transcripts: data/transcripts
            incidents:
              quietPeriod: 1s
            api:
              port: 0
            logging:
              directory: logs
            web:
              usersFile: users
            {{extraWeb}}
            consoles:
              - name: echo
                type: exec
                command: [cat]
              - name: watched
                type: exec
                command: [cat]
                readOnly: true
            {{extraConsoles}}
            """);
        SolwatchProcess process = SolwatchProcess.Start(["run", "--config", config]);
        string tokenFile = DataPaths.TokenFileFor(Path.Combine(dir, "data", "incidents.db"));
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (!File.Exists(tokenFile) || !process.Stdout.Contains("  try:", StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                string output = process.Stdout + process.Stderr;
                process.Dispose();
                Assert.Fail($"the daemon did not start: {output}");
            }
            await Task.Delay(200);
        }
        using JsonDocument endpoint = JsonDocument.Parse(await File.ReadAllTextAsync(tokenFile));
        var daemon = new WebDaemon(dir, process, endpoint.RootElement.GetProperty("url").GetString()!, endpoint.RootElement.GetProperty("token").GetString()!);
        await daemon.WaitForConnectedAsync("echo");
        return daemon;
    }

    /// <summary>A client with its own cookie jar that does not follow redirects (so a test sees them).</summary>
    public HttpClient Browser() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(Url),
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Logs <paramref name="browser"/> in through the form; returns the login's answer.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(HttpClient browser, string user, string password)
    {
        string page = await browser.GetStringAsync("/login");
        string csrf = System.Text.RegularExpressions.Regex.Match(page, "name=\"csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        return await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = csrf,
            ["user"] = user,
            ["password"] = password,
            ["next"] = "/",
        }));
    }

    /// <summary>A browser logged in as <paramref name="user"/> (password: the name twice) and its session's CSRF token.</summary>
    public async Task<(HttpClient Browser, string Csrf)> LoggedInAsync(string user)
    {
        HttpClient browser = Browser();
        using HttpResponseMessage login = await LoginAsync(browser, user, user + user);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        SessionView session = (await browser.GetFromJsonAsync<SessionView>("/web/session", ApiJson.Options))!;
        return (browser, session.Csrf);
    }

    /// <summary>POSTs JSON as the dashboard's pages do, with the CSRF header when given.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, object body, string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ApiJson.Options) };
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }
        return browser.SendAsync(request);
    }

    /// <summary>A one-time login link, as solwatch web url prints it.</summary>
    public async Task<string> LoginLinkAsync()
    {
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("web", "url", "--db", Database);
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }

    public async Task WaitForConnectedAsync(string name)
    {
        DateTime deadline = DateTime.UtcNow + TestDaemon.Patience;
        while (true)
        {
            string json = await Api.GetStringAsync("/api/consoles");
            if (JsonSerializer.Deserialize<JsonElement[]>(json)!.Single(c => c.GetProperty("name").GetString() == name).GetProperty("state").GetString() == "Connected")
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"console {name} did not connect: {json}");
            await Task.Delay(200);
        }
    }

    /// <summary>The daemon's log files' text (the write log lines name the user).</summary>
    public string LogText() => string.Concat(Directory.GetFiles(Path.Combine(_dir, "logs")).Select(f =>
    {
        using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }));

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (!_process.HasExited)
        {
            _process.Signal("TERM");
            try
            {
                await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
            }
        }
        _process.Dispose();
    }
}
