using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using SolWatch.ConsoleCapture.Config;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>The daemon's own log: human lines on the console (systemd's journal), compact JSON in rolling files.</summary>
internal static class SerilogSetup
{
    public static Serilog.Core.Logger Create(LoggingConfig logging, Serilog.Core.LoggingLevelSwitch? level = null)
    {
        // A switch, so that a reload can change logging.level in place.
        level ??= new Serilog.Core.LoggingLevelSwitch(Enum.Parse<LogEventLevel>(logging.Level));
        var configuration = new LoggerConfiguration()
            .MinimumLevel.ControlledBy(level)
            // ASP.NET Core logs every request at Information: noise for a daemon whose API is polled by scripts.
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            // Last, so that what the context added is made safe too: no client or console text reaches a sink raw.
            .Enrich.With(new LogSafeEnricher())
            .WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (logging.Directory is { } directory)
        {
            PrivateDirectory.Create(directory);
            configuration = configuration.WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(directory, "solwatch-.clef"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                fileSizeLimitBytes: 64L << 20,
                rollOnFileSizeLimit: true);
        }
        return configuration.CreateLogger();
    }
}
