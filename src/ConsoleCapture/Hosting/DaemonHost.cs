using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// <c>solwatch run</c>: the capture pipeline plus the loopback API on one generic host (systemd notify, Serilog).
/// Shutdown (SIGTERM, Ctrl+C): the API stops first, then the pipeline's one shutdown path runs — collectors stop,
/// open reports are stored, the stores drain and close the database cleanly — and the token file is removed.
/// </summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(LoadedConfig loaded, TextWriter stdout)
    {
        SolwatchConfig config = loaded.Config;
        // Before anything is created or opened: a second daemon must not touch the first one's files.
        if (ApiPortInUse.IsTaken(config.Api.Address, config.Api.Port))
        {
            await Console.Error.WriteLineAsync(ApiPortInUse.Message(config.Api.Address, config.Api.Port));
            return Cli.ExitCodes.Error;
        }

        var level = new Serilog.Core.LoggingLevelSwitch(Enum.Parse<Serilog.Events.LogEventLevel>(config.Logging.Level));
        Serilog.Core.Logger createdLogger;
        try
        {
            createdLogger = SerilogSetup.Create(config.Logging, level);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync(CannotCreate(config.Logging.Directory ?? "", e, loaded.Config.SourceFile));
            return Cli.ExitCodes.Error;
        }
        await using Serilog.Core.Logger logger = createdLogger;
        using var loggers = new SerilogLoggerFactory(logger);
        Microsoft.Extensions.Logging.ILogger log = loggers.CreateLogger("SolWatch.Daemon");

        IReadOnlyList<string> demoNotes = await Demo.DemoReplay.PrepareAsync(config, CancellationToken.None);
        CapturePipeline pipeline;
        try
        {
            pipeline = CapturePipeline.Open(config, loggers);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SolWatch.Storage.Incidents.StoreUnavailableException or InvalidOperationException)
        {
            log.LogCritical("Cannot open the stores: {Error}", StoreOpenFailure.Describe(e, config.SourceFile));
            return Cli.ExitCodes.Error;
        }

        string tokenFile = DataPaths.TokenFileFor(config.Storage.Database);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = "solwatch",
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Host.UseSystemd();
            builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
            builder.Logging.ClearProviders();
            builder.Services.AddSerilog(logger, dispose: false);
            builder.Services.AddSingleton<ILoggerFactory>(new ApiPortInUse.TraceFilter(new SerilogLoggerFactory(logger)));
            System.Security.Cryptography.X509Certificates.X509Certificate2? webCertificate;
            try
            {
                webCertificate = config.Web is { Enabled: true, Listen: not null } ? Web.WebCertificate.Load(config.Web, config.Storage.Database) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                log.LogCritical("The dashboard's TLS certificate cannot be loaded: {Error}", e.Message);
                return Cli.ExitCodes.Error;
            }
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Parse(config.Api.Address), config.Api.Port);
                if (config.Web is { Enabled: true, Listen: { } webListen })
                {
                    k.Listen(webListen, l =>
                    {
                        if (webCertificate is not null)
                        {
                            l.UseHttps(webCertificate);
                        }
                    });
                }
                Metrics.MetricsEndpoint.Listen(k, config.Metrics);
            });
            Metrics.MetricsEndpoint.AddServices(builder.Services, config.Metrics);
            await using WebApplication app = builder.Build();
            string token = ApiEndpoint.NewToken();
            DateTimeOffset startedAt = DateTimeOffset.UtcNow;
            // Subscribed before the consoles start, so no incident or state change is missed.
            await using var alerts = new Alerts.AlertEngine(config.Alerts, pipeline.Events, pipeline.Sessions.Values.Select(pipeline.StatusOf),
                Alerts.FirstOfFingerprint.In(pipeline.Incidents), new SolWatch.Storage.Alerts.AlertDeliveryLog(SolWatch.Storage.Alerts.AlertDeliveryLog.FileFor(config.Storage.Database)), loggers,
                recentHardware: since => pipeline.Incidents.HardwareEvents(new SolWatch.Storage.Hardware.HardwareQuery { Since = since, Limit = 100_000 })
                    .Select(e => new SolWatch.Storage.Hardware.NewHardwareEvent(e.Console, e.Host, e.Event, e.At)));
            using var metrics = new Metrics.DaemonMetrics(pipeline, config.Storage.Transcripts, alerts);
            var metricsSwitch = new Metrics.MetricsSwitch(config.Metrics.Enabled);
            Metrics.MetricsEndpoint.Map(app, config.Metrics, metricsSwitch);
            Web.WebDashboard? web = config.Web.Enabled ? new Web.WebDashboard(config.Web, pipeline, new ConsoleControl(pipeline, loggers), loggers) : null;
            web?.Map(app);
            ApiRoutes.Map(app, pipeline, token, startedAt);
            Alerts.AlertRoutes.Map(app, alerts.Log);
            using var reloader = new Reload.ConfigReloader(config, pipeline, alerts, metricsSwitch, level, loggers);
            ConfigRoutes.Map(app, reloader);
            // SIGHUP (systemctl reload, kill -HUP): re-read the file. Without a handler the runtime ends the process, so it is
            // registered before the API answers and the consoles start: a reload sent as soon as the daemon looked up (a
            // console connected, the API answering) killed it quietly. One that comes before the consoles run waits for them.
            var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var hangup = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                _ = Task.Run(async () =>
                {
                    await running.Task.ConfigureAwait(false);
                    await reloader.ReloadAsync("SIGHUP").ConfigureAwait(false);
                });
            });
            try
            {
                await app.StartAsync();
            }
            catch (IOException e) when (ApiPortInUse.IsCause(e))
            {
                await Console.Error.WriteLineAsync(ApiPortInUse.Message(config.Api.Address, config.Api.Port));
                return Cli.ExitCodes.Error;
            }
            catch (IOException e)
            {
                log.LogCritical("The API cannot listen on {Address}:{Port}: {Error}", config.Api.Address, config.Api.Port, e.Message.TrimEnd('.'));
                return Cli.ExitCodes.Error;
            }
            ICollection<string> addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            string url = addresses.First();
            if (web is not null)
            {
                web.BaseUrl = Web.WebUrls.Base(config.Web, addresses, url);
            }
            var endpoint = new ApiEndpoint(url, token, Environment.ProcessId, LinuxProcess.StartTime(Environment.ProcessId));
            Task endpointFile = EndpointFile.WriteAsync(endpoint, tokenFile, log, app.Lifetime.ApplicationStopping);
            // Before the consoles start theirs: a command a dead daemon left holding a BMC's only console session would
            // make this daemon's command for that console fail.
            await EndLeftoverCommandsAsync(log, app.Lifetime.ApplicationStopping);
            pipeline.Start();
            alerts.Start();
            running.SetResult();
            if (InheritedSignals.HangupIgnored())
            {
                log.LogWarning("SIGHUP is ignored in this process (started under nohup?): kill -HUP and systemctl reload will not reload it; use solwatch reload or PUT /api/config, or start it without nohup");
            }
            PrintWhereThingsAre(stdout, config, url, tokenFile, loaded, demoNotes, web?.BaseUrl, webCertificate);
            await app.WaitForShutdownAsync();
            await endpointFile;
            log.LogInformation("Shutting down: stopping collectors, storing open reports, closing the stores");
            await alerts.StopAsync();
            return Cli.ExitCodes.Ok;
        }
        finally
        {
            await pipeline.StopAsync();
            File.Delete(tokenFile);
            await pipeline.DisposeAsync();
        }
    }

    private static void PrintWhereThingsAre(TextWriter stdout, SolwatchConfig config, string url, string tokenFile, LoadedConfig loaded, IReadOnlyList<string> demoNotes,
        string? webUrl, System.Security.Cryptography.X509Certificates.X509Certificate2? webCertificate)
    {
        string cli = CliAddress.For(config);
        stdout.WriteLine($"solwatch: watching {config.Consoles.Length} console(s){(config.SourceFile is null ? " (embedded demo configuration; use --config FILE for yours)" : $" from {config.SourceFile}")}");
        stdout.WriteLine($"  database:    {config.Storage.Database}");
        stdout.WriteLine($"  transcripts: {config.Storage.Transcripts}");
        stdout.WriteLine($"  log files:   {config.Logging.Directory ?? "(console only)"}");
        stdout.WriteLine($"  API:         {url} (token in {tokenFile})");
        stdout.WriteLine($"  metrics:     {Metrics.MetricsEndpoint.Describe(config.Metrics, url)}");
        stdout.WriteLine($"  web:         {(webUrl is null ? "off (web.enabled: false)" : $"{webUrl}/ (log in: solwatch web url{cli}{(config.Web.UsersFile is null ? "" : ", or a user of " + config.Web.UsersFile)})")}");
        if (webCertificate is not null)
        {
            stdout.WriteLine($"  web TLS:     {(config.Web.Tls == WebTlsMode.SelfSigned ? "self-signed" : "certificate")} SHA-256 {Web.WebCertificate.Fingerprint(webCertificate)}");
        }
        if (!config.Alerts.Rules.IsEmpty)
        {
            stdout.WriteLine($"  alerts:      {config.Alerts.Rules.Length} rule(s) to {config.Alerts.Destinations.Length} destination(s); deliveries: solwatch alerts{cli}");
        }
        foreach (ConfigError problem in loaded.ConsoleProblems)
        {
            stdout.WriteLine($"  problem:     {problem}");
        }
        foreach (string note in demoNotes)
        {
            stdout.WriteLine($"  demo:        {note}");
        }
        foreach (ConfigError warning in loaded.Warnings)
        {
            stdout.WriteLine($"  warning:     {warning}");
        }
        // One command a line: joined on one line with " | " they read as a shell pipe.
        stdout.WriteLine($"  try:         solwatch consoles{cli}");
        stdout.WriteLine($"               solwatch tail CONSOLE{cli}");
        stdout.WriteLine($"               solwatch incidents list{cli}");
        stdout.Flush();
    }

    /// <summary>One line for a directory the daemon cannot make or write: which, why, and which setting moves it.</summary>
    private static string CannotCreate(string directory, Exception e, string? configFile)
    {
        string why = e is UnauthorizedAccessException ? $"permission denied for user {Environment.UserName}" : e.Message;
        string fix = configFile is null
            ? "give --data-dir a directory this user can write"
            : $"set logging.directory in {configFile} to a directory this user can write";
        return $"solwatch: cannot create the log directory {directory} ({why}); {fix}; nothing started";
    }
    // The exec consoles' commands a solwatch daemon that is gone left running (Collectors/Exec/LeftoverCommands.cs).
    private static async Task EndLeftoverCommandsAsync(Microsoft.Extensions.Logging.ILogger log, CancellationToken stopping)
    {
        IReadOnlyList<Collectors.Exec.LeftoverCommands.Leftover> leftovers = Collectors.Exec.LeftoverCommands.Find();
        if (leftovers.Count == 0)
        {
            return;
        }
        foreach (Collectors.Exec.LeftoverCommands.Leftover l in leftovers)
        {
            log.LogWarning("Ending {Program} (pid {Pid}): an exec console's command left running by a solwatch daemon that is gone ({Owner})",
                l.Program, l.Pid, l.Owner);
        }
        try
        {
            foreach (Collectors.Exec.LeftoverCommands.Leftover l in await Collectors.Exec.LeftoverCommands.EndAsync(leftovers, Collectors.Exec.LeftoverCommands.Grace, stopping))
            {
                log.LogError("{Program} (pid {Pid}), left running by a solwatch daemon that is gone, could not be ended: end it by hand (kill -9 {Pid})",
                    l.Program, l.Pid, l.Pid);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping already.
        }
    }
}
