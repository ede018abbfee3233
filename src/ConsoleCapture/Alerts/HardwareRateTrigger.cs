using System.Collections.Immutable;
using System.Globalization;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Pipeline;
using SolWatch.Parsers.Hardware;
using SolWatch.Storage.Hardware;

namespace SolWatch.ConsoleCapture.Alerts;

/// <summary>
/// <c>on: hardware-events</c>: a rising hardware-event rate. Corrected machine checks and EDAC errors are counted
/// (an event's <see cref="HardwareEvent.Count"/>: one EDAC line may report many) over a sliding window of
/// <see cref="AlertRuleConfig.Per"/> (an hour or a day), per console or summed over the consoles the rule matches
/// (<see cref="AlertRuleConfig.CountBy"/>). Reaching <see cref="AlertRuleConfig.Threshold"/> fires once; when the
/// window's count falls below it again, a resolved alert follows. The key is the same for every spell of one console
/// (or group), so the rule's dedupeWindow keeps a rate that hovers around the threshold from alerting again and
/// again. The window starts from the store's events of the last period, so a daemon restart does not forget them.
/// </summary>
internal sealed class HardwareRateTrigger : IAlertTrigger
{
    private const string GroupKey = "*";
    private readonly AlertRuleConfig _rule;
    private readonly ConsolePatterns _consoles;
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <param name="rule">The rule.</param>
    /// <param name="recent">The stored hardware events since a time (to start the windows from), or null.</param>
    /// <param name="now">The time now.</param>
    public HardwareRateTrigger(AlertRuleConfig rule, Func<DateTimeOffset, IEnumerable<NewHardwareEvent>>? recent, DateTimeOffset now)
    {
        _rule = rule;
        _consoles = new ConsolePatterns(rule.Consoles);
        foreach (NewHardwareEvent e in (recent?.Invoke(now - rule.Per) ?? []).OrderBy(e => e.At))
        {
            // Counted, not alerted: what was over the threshold before the start alerts at the first tick.
            Add(e);
        }
    }

    public IEnumerable<Alert> On(DaemonEvent e)
    {
        if (e is not HardwareEventRecorded { Event: var hardware } || Add(hardware) is not { } window || window.Firing || window.Count < _rule.Threshold)
        {
            return [];
        }
        window.Firing = true;
        return [Make(window, Alert.Firing, null)];
    }

    public IEnumerable<Alert> Tick(DateTimeOffset now)
    {
        var alerts = new List<Alert>();
        foreach ((string key, Window window) in _windows)
        {
            window.Expire(now - _rule.Per);
            if (!window.Firing && window.Count >= _rule.Threshold)
            {
                window.Firing = true;
                alerts.Add(Make(window, Alert.Firing, null));
            }
            else if (window.Firing && window.Count < _rule.Threshold)
            {
                window.Firing = false;
                alerts.Add(Make(window, Alert.Resolved, now));
            }
            if (window.IsEmpty && !window.Firing)
            {
                _windows.Remove(key);
            }
        }
        return alerts;
    }

    private Window? Add(NewHardwareEvent e)
    {
        if (!_consoles.Match(e.Console))
        {
            return null;
        }
        string key = _rule.CountBy == HardwareCountBy.Group ? GroupKey : e.Console;
        if (!_windows.TryGetValue(key, out Window? window))
        {
            window = new Window(key);
            _windows[key] = window;
        }
        window.Add(e);
        return window;
    }

    private Alert Make(Window window, string status, DateTimeOffset? endsAt)
    {
        bool group = _rule.CountBy == HardwareCountBy.Group;
        string per = _rule.Per == TimeSpan.FromDays(1) ? "day" : "hour";
        string where = group ? $"consoles {(_rule.Consoles.IsDefaultOrEmpty ? "*" : string.Join(", ", _rule.Consoles))}" : window.Key;
        NewHardwareEvent? last = window.Last;
        string lastText = last is null ? "" : $"\nLast: {last.Event.Summary} on {last.Console} at {last.At:O} ({HardwareSeverityName.Of(last.Event.Severity)}).";
        var labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["hardware_errors"] = window.Count.ToString(CultureInfo.InvariantCulture),
            ["hardware_uncorrected"] = window.Uncorrected.ToString(CultureInfo.InvariantCulture),
            ["threshold"] = _rule.Threshold.ToString(CultureInfo.InvariantCulture),
            ["per"] = per,
        });
        return new Alert(
            _rule.Name, "hardware-events", $"{_rule.Name}/{(group ? "group" : window.Key)}/hardware-rate", status,
            window.Uncorrected > 0 ? "critical" : "warning",
            status == Alert.Firing
                ? $"{where}: {window.Count} hardware errors in the last {per} (threshold {_rule.Threshold})"
                : $"{where}: hardware errors back under {_rule.Threshold} per {per}",
            $"{window.Count} hardware error(s) in the last {per} on {where}, {window.Uncorrected} not corrected.{lastText}\n" +
            $"See: solwatch incidents list --kind hardware{(group ? "" : $" --console {window.Key}")}",
            group ? null : window.Key, group ? null : last?.Host, null, labels, window.Since ?? DateTimeOffset.UtcNow, endsAt);
    }

    /// <summary>
    /// One console's (or the group's) errors within the period, oldest first, by the second: a console flooding
    /// errors costs at most one small entry a second of the period, never its events' texts.
    /// </summary>
    private sealed class Window(string key)
    {
        private readonly Queue<(long Second, long Count, long Uncorrected)> _seconds = new();
        private (long Second, long Count, long Uncorrected) _newest = (-1, 0, 0);

        public string Key { get; } = key;

        public long Count { get; private set; }

        public long Uncorrected { get; private set; }

        public bool Firing { get; set; }

        public bool IsEmpty => _seconds.Count == 0 && _newest.Second < 0;

        public DateTimeOffset? Since => _seconds.Count > 0 ? At(_seconds.Peek().Second) : _newest.Second >= 0 ? At(_newest.Second) : null;

        public NewHardwareEvent? Last { get; private set; }

        public void Add(NewHardwareEvent e)
        {
            long second = e.At.ToUnixTimeSeconds();
            long count = Math.Max(1, e.Event.Count);
            long uncorrected = e.Event.Severity is HardwareSeverity.Corrected or HardwareSeverity.Unknown ? 0 : count;
            Count += count;
            Uncorrected += uncorrected;
            Last = e;
            if (_newest.Second == second)
            {
                _newest = (second, _newest.Count + count, _newest.Uncorrected + uncorrected);
                return;
            }
            if (_newest.Second >= 0)
            {
                _seconds.Enqueue(_newest);
            }
            _newest = (second, count, uncorrected);
        }

        public void Expire(DateTimeOffset before)
        {
            long limit = before.ToUnixTimeSeconds();
            while (_seconds.Count > 0 && _seconds.Peek().Second < limit)
            {
                Drop(_seconds.Dequeue());
            }
            if (_seconds.Count == 0 && _newest.Second >= 0 && _newest.Second < limit)
            {
                Drop(_newest);
                _newest = (-1, 0, 0);
            }
        }

        private void Drop((long Second, long Count, long Uncorrected) old)
        {
            Count -= old.Count;
            Uncorrected -= old.Uncorrected;
        }

        private static DateTimeOffset At(long second) => DateTimeOffset.FromUnixTimeSeconds(second);
    }
}
