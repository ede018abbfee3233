using System.Collections.Frozen;
using System.Reflection;

namespace SolWatch.ConsoleCapture.Web;

/// <summary>
/// The dashboard's files (wwwroot: pages, scripts, styles and the vendored xterm.js), embedded in the executable so
/// the one-file publish carries them and nothing is fetched from elsewhere at run time.
/// </summary>
internal static class StaticAssets
{
    private const string Prefix = "SolWatch.Web/";

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".LICENSE"] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>The file at <paramref name="path"/> (e.g. <c>vendor/xterm.js</c>) and its content type, or null.</summary>
    public static (byte[] Bytes, string ContentType)? Find(string path) =>
        Files.TryGetValue(path, out byte[]? bytes) ? (bytes, Types.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream")) : null;

    /// <summary>The text of an embedded page (throws when missing: a build without it is broken).</summary>
    public static string Text(string path) => System.Text.Encoding.UTF8.GetString(Files[path]);

    private static FrozenDictionary<string, byte[]> Load()
    {
        Assembly assembly = typeof(StaticAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..].Replace('\\', '/')] = copy.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
