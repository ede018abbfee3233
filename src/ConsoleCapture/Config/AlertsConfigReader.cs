using System.Collections.Immutable;
using MimeKit;
using SolWatch.ConsoleCapture.Api;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;
using SolWatch.Parsers.Reports;
using YamlDotNet.RepresentationModel;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// Reads <c>alerts:</c> (<see cref="AlertsConfig"/>): destinations first, so a rule that sends to a destination
/// that is not defined is an error at that rule's <c>send:</c> line.
/// </summary>
internal static class AlertsConfigReader
{
    /// <summary>The <c>on:</c> names of <see cref="AlertTrigger"/>.</summary>
    public static readonly IReadOnlyDictionary<string, AlertTrigger> Triggers = new Dictionary<string, AlertTrigger>(StringComparer.Ordinal)
    {
        ["incident"] = AlertTrigger.Incident,
        ["kdump-failed"] = AlertTrigger.KdumpFailed,
        ["console-down"] = AlertTrigger.ConsoleDown,
        ["hardware-events"] = AlertTrigger.HardwareEvents,
    };

    private static readonly string[] DestinationTypes = ["webhook", "slack", "alertmanager", "email"];

    public static AlertsConfig Read(YamlMap? map, ConfigReadContext context)
    {
        if (map is null)
        {
            return AlertsConfig.None;
        }
        ImmutableArray<AlertDestinationConfig> destinations = ReadDestinations(map, context);
        ImmutableArray<AlertRuleConfig> rules = ReadRules(map, destinations.Select(d => d.Name).ToHashSet(StringComparer.Ordinal),
            // Names of destinations that had errors: a rule sending to one is not also called wrong.
            NamesIn(map.Raw("destinations")));
        map.ReportUnknownKeys();
        return new AlertsConfig(destinations, rules);
    }

    private static ImmutableArray<AlertDestinationConfig> ReadDestinations(YamlMap map, ConfigReadContext context)
    {
        var result = ImmutableArray.CreateBuilder<AlertDestinationConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach ((YamlMappingNode node, YamlMap d) in Entries(map, "destinations", "name, type and the type's settings"))
        {
            string? name = ReadName(d, names);
            string? type = d.OneOf("type", DestinationTypes);
            if (d.Raw("type") is null)
            {
                d.Error("type", $"is required (one of: {string.Join(", ", DestinationTypes)})");
            }
            TimeSpan timeout = Positive(d, "timeout", TimeSpan.FromSeconds(10));
            int retries = d.Number("retries", 0, 100, "a number of retries") ?? 5;
            TimeSpan backoff = Positive(d, "backoff", TimeSpan.FromSeconds(2));
            TimeSpan maxBackoff = Positive(d, "maxBackoff", TimeSpan.FromMinutes(5));
            AlertDestinationConfig? destination = type switch
            {
                "webhook" => HttpUrl(d, "url") is { } url
                    ? new WebhookDestinationConfig(name ?? "", url, SecretReference.Read(d, "token", context: context), timeout, retries, backoff, maxBackoff)
                    : null,
                "slack" => SecretReference.Read(d, "url", required: true, context: context) is { } secret
                    ? new SlackDestinationConfig(name ?? "", secret, timeout, retries, backoff, maxBackoff)
                    : null,
                "alertmanager" => HttpUrl(d, "url") is { } url
                    ? new AlertmanagerDestinationConfig(name ?? "", url, timeout, retries, backoff, maxBackoff)
                    : null,
                "email" => ReadEmail(d, name ?? "", context, timeout, retries, backoff, maxBackoff),
                _ => null,
            };
            d.ReportUnknownKeys(type is null ? null : $"not a setting of a {type} destination");
            if (name is not null && destination is not null)
            {
                result.Add(destination with { Definition = CanonicalYaml.Of(node) });
            }
        }
        return result.ToImmutable();
    }

    // The entries of the list at `key`, each a mapping read as a map of its own; any other entry is an error at its line.
    private static IEnumerable<(YamlMappingNode Node, YamlMap Map)> Entries(YamlMap map, string key, string settings)
    {
        IReadOnlyList<YamlNode> items = map.List(key);
        for (int i = 0; i < items.Count; i++)
        {
            string path = $"{map.KeyPath(key)}[{i}]";
            if (items[i] is YamlMappingNode node)
            {
                yield return (node, new YamlMap(node, path, map.Diagnostics));
            }
            else
            {
                map.Diagnostics.Error(items[i], path, $"must be a mapping with {settings}");
            }
        }
    }

    private static EmailDestinationConfig? ReadEmail(YamlMap d, string name, ConfigReadContext context, TimeSpan timeout, int retries, TimeSpan backoff, TimeSpan maxBackoff)
    {
        string? host = d.Text("host", required: true);
        SmtpSecurity security = d.OneOf("security", "auto", "none", "starttls", "tls") is { } s ? Enum.Parse<SmtpSecurity>(s, ignoreCase: true) : SmtpSecurity.Auto;
        int port = d.Port("port") ?? (security == SmtpSecurity.Tls ? 465 : 25);
        string? username = d.Text("username");
        SecretReference? password = SecretReference.Read(d, "password", context: context);
        if (password is not null && username is null)
        {
            d.Error("username", "is required with a password (the SMTP login)");
        }
        string? from = d.Text("from", required: true);
        if (from is not null && !IsAddress(from))
        {
            d.Error("from", $"{ConfigText.Show(from)} is not a mail address");
            from = null;
        }
        IReadOnlyList<string> to = d.StringList("to") ?? [];
        if (!d.Has("to") || to.Count == 0)
        {
            d.Error("to", "is required: a list of mail addresses");
        }
        foreach (string address in to.Where(a => !IsAddress(a)))
        {
            d.Error("to", $"{ConfigText.Show(address)} is not a mail address");
        }
        return host is null || from is null || to.Count == 0
            ? null
            : new EmailDestinationConfig(name, host, port, security, username, password, from, [.. to], timeout, retries, backoff, maxBackoff);
    }

    // MimeKit takes a bare local part ("root") as an address; an alert must leave the machine, so it needs a domain.
    private static bool IsAddress(string text) =>
        MailboxAddress.TryParse(text, out MailboxAddress? address) && address.Address.IndexOf('@', StringComparison.Ordinal) > 0
            && !address.Address.EndsWith('@');

    private static ImmutableArray<AlertRuleConfig> ReadRules(YamlMap map, HashSet<string> destinations, HashSet<string> namedDestinations)
    {
        var result = ImmutableArray.CreateBuilder<AlertRuleConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach ((YamlMappingNode node, YamlMap r) in Entries(map, "rules", "name, on and send"))
        {
            string? name = ReadName(r, names);
            AlertTrigger? on = ReadTrigger(r);
            ImmutableArray<string> send = ReadSend(r, destinations, namedDestinations);
            ImmutableArray<string> consoles = ReadConsolePatterns(r);
            ImmutableArray<CrashKind> kinds = [];
            bool panickedOnly = false, newFingerprintOnly = false;
            TimeSpan downFor = TimeSpan.Zero;
            if (on == AlertTrigger.Incident)
            {
                kinds = ReadKinds(r);
                panickedOnly = r.Bool("panickedOnly") ?? false;
                newFingerprintOnly = r.Bool("newFingerprintOnly") ?? false;
            }
            if (on == AlertTrigger.ConsoleDown)
            {
                if (r.Raw("downFor") is null)
                {
                    r.Error("downFor", "is required for on: console-down (how long a console must be down, e.g. 5m)");
                }
                downFor = Positive(r, "downFor", TimeSpan.FromMinutes(5));
            }
            (int threshold, TimeSpan per, HardwareCountBy countBy) = on == AlertTrigger.HardwareEvents ? ReadHardware(r) : (0, TimeSpan.FromHours(1), HardwareCountBy.Console);
            TimeSpan dedupe = r.Duration("dedupeWindow") ?? TimeSpan.FromHours(1);
            (int burst, TimeSpan every) = ReadRateLimit(r.Map("rateLimit"));
            r.ReportUnknownKeys(on is { } t ? $"not a setting of an on: {Triggers.First(p => p.Value == t).Key} rule" : null);
            if (name is not null && on is { } trigger && !send.IsDefaultOrEmpty)
            {
                result.Add(new AlertRuleConfig(name, trigger, send, consoles, kinds, panickedOnly, newFingerprintOnly, downFor, dedupe, burst, every)
                {
                    Definition = CanonicalYaml.Of(node),
                    Threshold = threshold,
                    Per = per,
                    CountBy = countBy,
                });
            }
        }
        return result.ToImmutable();
    }

    private static AlertTrigger? ReadTrigger(YamlMap r)
    {
        string? on = r.Text("on", required: true);
        if (on is null)
        {
            return null;
        }
        if (Triggers.TryGetValue(on, out AlertTrigger trigger))
        {
            return trigger;
        }
        r.Error("on", $"{ConfigText.Show(on)} is not one of: {string.Join(", ", Triggers.Keys)}{Suggestions.DidYouMean(on, Triggers.Keys)}");
        return null;
    }

    // on: hardware-events: threshold (required: how many errors), per (hour or day), countBy (console or group).
    private static (int Threshold, TimeSpan Per, HardwareCountBy CountBy) ReadHardware(YamlMap r)
    {
        if (r.Raw("threshold") is null)
        {
            r.Error("threshold", "is required for on: hardware-events (how many hardware errors within per: raise the alert, e.g. 10)");
        }
        int threshold = r.Number("threshold", 1, 1_000_000_000, "a number of hardware errors") ?? 1;
        TimeSpan per = r.OneOf("per", "hour", "day") switch
        {
            "day" => TimeSpan.FromDays(1),
            _ => TimeSpan.FromHours(1),
        };
        HardwareCountBy countBy = r.OneOf("countBy", "console", "group") == "group" ? HardwareCountBy.Group : HardwareCountBy.Console;
        return (threshold, per, countBy);
    }

    private static ImmutableArray<string> ReadSend(YamlMap r, HashSet<string> destinations, HashSet<string> namedDestinations)
    {
        IReadOnlyList<string> send = r.StringList("send") ?? [];
        if (send.Count == 0)
        {
            r.Error("send", "is required: a list of destination names (alerts.destinations)");
            return [];
        }
        bool ok = true;
        foreach (string name in send.Where(n => !destinations.Contains(n)))
        {
            ok = false;
            if (!namedDestinations.Contains(name))
            {
                r.Error("send", $"{ConfigText.Show(name)} is not a destination in alerts.destinations{Suggestions.DidYouMean(name, destinations)}" +
                    (destinations.Count == 0 ? " (none is defined)" : $" (defined: {string.Join(", ", destinations)})"));
            }
        }
        return ok ? [.. send.Distinct(StringComparer.Ordinal)] : [];
    }

    private static ImmutableArray<string> ReadConsolePatterns(YamlMap r)
    {
        IReadOnlyList<string> patterns = r.StringList("consoles") ?? [];
        foreach (string p in patterns.Where(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '*' or '?')))
        {
            r.Error("consoles", $"{ConfigText.Show(p)} is not a console name pattern (console-name letters, digits, '.', '_', '-', with * and ?)");
        }
        return [.. patterns];
    }

    private static ImmutableArray<CrashKind> ReadKinds(YamlMap r)
    {
        var kinds = ImmutableArray.CreateBuilder<CrashKind>();
        foreach (string k in r.StringList("kinds") ?? [])
        {
            if (CrashKindName.TryParse(k, out CrashKind kind))
            {
                kinds.Add(kind);
            }
            else
            {
                r.Error("kinds", $"{ConfigText.Show(k)} is not a crash kind{Suggestions.DidYouMean(k, CrashKindName.All)} (known: {string.Join(", ", CrashKindName.All)})");
            }
        }
        return kinds.ToImmutable();
    }

    private static (int Burst, TimeSpan Every) ReadRateLimit(YamlMap? map)
    {
        int burst = map?.Number("burst", 1, 1_000_000, "a number of alerts") ?? 20;
        TimeSpan every = map is null ? TimeSpan.FromMinutes(1) : Positive(map, "every", TimeSpan.FromMinutes(1));
        map?.ReportUnknownKeys();
        return (burst, every);
    }

    private static string? ReadName(YamlMap m, HashSet<string> seen)
    {
        string? name = m.Text("name", required: true);
        if (name is null)
        {
            return null;
        }
        if (!ConsoleNames.IsValid(name))
        {
            m.Error("name", $"{ConfigText.Show(name)} is not a valid name (letters, digits, '.', '_', '-'; at most 64)");
            return null;
        }
        if (!seen.Add(name))
        {
            m.Error("name", $"{name} is already used; names must be unique");
            return null;
        }
        return name;
    }

    private static Uri? HttpUrl(YamlMap m, string key)
    {
        string? text = m.Text(key, required: true);
        if (text is null)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            m.Error(key, $"{ConfigText.Show(text)} is not an http:// or https:// URL");
            return null;
        }
        return url;
    }

    private static TimeSpan Positive(YamlMap m, string key, TimeSpan fallback)
    {
        TimeSpan? value = m.Duration(key);
        if (value is { } v && v <= TimeSpan.Zero)
        {
            m.Error(key, "must be a positive duration, e.g. 10s");
            return fallback;
        }
        return value ?? fallback;
    }

    private static HashSet<string> NamesIn(YamlNode? destinations) =>
        destinations is YamlSequenceNode list
            ? list.Children.OfType<YamlMappingNode>()
                .Select(m => m.Children.TryGetValue(new YamlScalarNode("name"), out YamlNode? n) ? (n as YamlScalarNode)?.Value : null)
                .OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
}
