using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace SolWatch.ConsoleCapture.Hosting;

/// <summary>
/// Text from outside (a client's user name, a console's output) made safe for one log line: control characters
/// (C0, DEL, C1), line and paragraph separators and bidirectional controls are written as escapes (<c>\n</c>,
/// <c>\u001B</c>, <c>\u202E</c>), so nobody can forge a log line, move the terminal's cursor or reorder what a reader
/// of the journal sees; and the text is cut at a bound, so nobody can flood the log through one field.
/// </summary>
public static class LogSafe
{
    /// <summary>The bound for a short value a client names itself with (a user name).</summary>
    public const int ClientValue = 64;

    /// <summary>The bound for any string property of a log event (console lines, error messages).</summary>
    public const int AnyValue = 2048;

    /// <summary><paramref name="value"/> escaped and cut to at most about <paramref name="max"/> characters.</summary>
    public static string Text(string? value, int max = ClientValue)
    {
        if (value is null)
        {
            return "";
        }
        if (value.Length <= max && !NeedsEscape(value))
        {
            return value;
        }
        var sb = new StringBuilder(Math.Min(value.Length, max) + 16);
        int i = 0;
        for (; i < value.Length && sb.Length < max; i++)
        {
            char c = value[i];
            if (!IsUnsafe(c))
            {
                sb.Append(c);
                continue;
            }
            sb.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }
        if (i < value.Length)
        {
            sb.Append(CultureInfo.InvariantCulture, $"…(+{value.Length - i} chars)");
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(string value)
    {
        foreach (char c in value)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsUnsafe(char c) => UnsafeCharacters.IsControl(c);
}

/// <summary>
/// Applies <see cref="LogSafe.Text"/> (bound <see cref="LogSafe.AnyValue"/>) to every string property of every log
/// event, whatever logged it: a value that comes from outside cannot reach a sink raw even where the code that logs
/// it forgot. Exceptions (stack traces have their own newlines) are left as they are.
/// </summary>
internal sealed class LogSafeEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? changed = null;
        foreach ((string name, LogEventPropertyValue value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && LogSafe.Text(text, LogSafe.AnyValue) is var safe && !ReferenceEquals(safe, text))
            {
                (changed ??= []).Add(new LogEventProperty(name, new ScalarValue(safe)));
            }
        }
        foreach (LogEventProperty property in changed ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }
}
