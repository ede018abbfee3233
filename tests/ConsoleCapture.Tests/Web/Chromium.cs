using Microsoft.Playwright;

namespace SolWatch.ConsoleCapture.Tests.Web;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, which .ci/run installs), headless, driven by Playwright: Playwright's
/// own browser download needs a network this machine does not have, and the distribution's browser is what operators run.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: apt-get install chromium (.ci/run installs it)");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // Root (CI runs as root) cannot use chromium's sandbox; /dev/shm may be small in containers.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
