using System.Text;
using System.Text.RegularExpressions;

namespace SolWatch.ConsoleCapture.Ssh;

/// <summary>
/// Collects what the BMC prints after login (banner, prompt) until the prompt pattern matches the end of it, so that
/// the start command is not typed before the BMC's CLI can read it. Keeps only a bounded tail for error messages.
/// </summary>
internal sealed class PromptWatcher(Regex prompt)
{
    private const int MaxText = 2048;
    private readonly StringBuilder _text = new();
    private readonly Lock _textLock = new();
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the prompt was seen.</summary>
    public Task Seen => _seen.Task;

    /// <summary>Feeds received bytes (a <see cref="ShellPump.ConsumeBytes"/>).</summary>
    public void OnBytes(ReadOnlySpan<byte> bytes, DateTimeOffset receivedAt)
    {
        lock (_textLock)
        {
            _text.Append(Encoding.Latin1.GetString(bytes));
            if (_text.Length > MaxText)
            {
                _text.Remove(0, _text.Length - MaxText);
            }
            if (prompt.IsMatch(_text.ToString()))
            {
                _seen.TrySetResult();
            }
        }
    }

    /// <summary>The last <paramref name="max"/> characters received, control characters escaped, for an error message.</summary>
    public string Tail(int max = 200)
    {
        string text;
        lock (_textLock)
        {
            text = _text.ToString();
        }
        text = text.Length > max ? text[^max..] : text;
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '\r' => @"\r",
                '\n' => @"\n",
                < ' ' or '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
