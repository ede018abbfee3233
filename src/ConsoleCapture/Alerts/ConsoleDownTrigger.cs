using System.Collections.Immutable;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Pipeline;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>
/// <c>on: console-down</c>: a console not connected (connecting, backing off, failed, or never connected since the
/// daemon started) for <see cref="AlertRuleConfig.DownFor"/>. One alert per down spell; when the console connects
/// again a resolved alert follows (Alertmanager closes its alert with it). A console stopped by shutdown is not down.
/// </summary>
internal sealed class ConsoleDownTrigger : IAlertTrigger
{
    private readonly AlertRuleConfig _rule;
    private readonly ConsolePatterns _consoles;
    // Console -> (down since, host, why, alerted). Only consoles this rule watches.
    private readonly Dictionary<string, Down> _down = new(StringComparer.Ordinal);

    public ConsoleDownTrigger(AlertRuleConfig rule, IEnumerable<ConsoleSummary> initial)
    {
        _rule = rule;
        _consoles = new ConsolePatterns(rule.Consoles);
        foreach (ConsoleSummary s in initial)
        {
            // Only records who is down: nothing is alerted before the engine runs.
            foreach (Alert unused in On(new ConsoleStateChanged(s)))
            {
            }
        }
    }

    public IEnumerable<Alert> On(DaemonEvent e)
    {
        if (e is not ConsoleStateChanged { Summary: var s } || !_consoles.Match(s.Name))
        {
            yield break;
        }
        if (s.State is "Connected" or "Stopped")
        {
            if (_down.Remove(s.Name, out Down? was) && was.Alerted && s.State == "Connected")
            {
                yield return Make(s.Name, was, Alert.Resolved, s.Since);
            }
            yield break;
        }
        if (_down.TryGetValue(s.Name, out Down? down))
        {
            down.Why = s.Detail ?? down.Why;
        }
        else
        {
            _down[s.Name] = new Down(s.Since, s.Host, s.Detail);
        }
    }

    public IEnumerable<Alert> Tick(DateTimeOffset now)
    {
        foreach ((string console, Down down) in _down)
        {
            if (!down.Alerted && now - down.Since >= _rule.DownFor)
            {
                down.Alerted = true;
                yield return Make(console, down, Alert.Firing, null);
            }
        }
    }

    private Alert Make(string console, Down down, string status, DateTimeOffset? endsAt) => new(
        _rule.Name, "console-down", $"{_rule.Name}/{console}/down-since-{down.Since.UtcTicks}", status, "critical",
        status == Alert.Firing
            ? $"{console}: console down for more than {Span(_rule.DownFor)}"
            : $"{console}: console connected again",
        $"Console {console} not connected since {down.Since:O}{(down.Why is { } why ? $": {why}" : "")}.\nSee: solwatch consoles",
        console, down.Host, null, ImmutableSortedDictionary<string, string>.Empty, down.Since, endsAt);

    private static string Span(TimeSpan t) =>
        t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours) ? $"{t.TotalHours:0}h"
        : t.TotalMinutes >= 1 && t.TotalMinutes == Math.Floor(t.TotalMinutes) ? $"{t.TotalMinutes:0}m"
        : $"{t.TotalSeconds:0.###}s";

    private sealed class Down(DateTimeOffset since, string? host, string? why)
    {
        public DateTimeOffset Since { get; } = since;

        public string? Host { get; } = host;

        public string? Why { get; set; } = why;

        public bool Alerted { get; set; }
    }
}
