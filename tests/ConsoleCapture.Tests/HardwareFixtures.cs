using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests;

/// <summary>The console text of a real log of Parsers.Tests/Fixtures/hardware (its header cut off), written to a file.</summary>
internal static class HardwareFixtures
{
    public static string Text(string name)
    {
        string all = File.ReadAllText(RepoPaths.Tests("Parsers.Tests", "Fixtures", "hardware", name + ".log"));
        return all[(all.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
    }

    /// <summary>Writes the consoles of <paramref name="names"/> one after another into <paramref name="dir"/>; returns the path.</summary>
    public static string Write(string dir, string file, params string[] names)
    {
        string path = Path.Combine(dir, file);
        File.WriteAllText(path, string.Concat(names.Select(Text)));
        return path;
    }
}
