namespace SolWatch.ConsoleCapture.Config;

/// <summary>Rules for console names: they become directory names and URL segments, so keep them plain.</summary>
public static class ConsoleNames
{
    /// <summary>Letters, digits, '.', '_', '-', not starting with '.', 1 to 64 characters.</summary>
    public static bool IsValid(string name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
