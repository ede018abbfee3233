using System.Diagnostics;

namespace SolWatch.Storage.Tests.Support;

/// <summary>
/// A real, tiny tmpfs to fill up: the only honest way to test "disk full". Needs root (CI runs as root); a
/// machine without it fails the test with a message saying so, it never skips.
/// </summary>
public sealed class TinyTmpfs : IDisposable
{
    private readonly TempDirectory _mountPoint = new();
    private readonly List<string> _fillers = [];

    public TinyTmpfs(int kilobytes)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0700", "tmpfs", _mountPoint.Path);
    }

    public string Path => _mountPoint.Path;

    /// <summary>Writes a filler file until the file system refuses more bytes.</summary>
    public void Fill()
    {
        var filler = System.IO.Path.Combine(Path, $"filler-{_fillers.Count}");
        _fillers.Add(filler);
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[1024];
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full. Smaller writes squeeze out the last bytes.
        }

        try
        {
            while (true)
            {
                stream.Write(block.AsSpan(0, 1));
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Fills the file system, then gives back <paramref name="bytes"/>: a write bigger than that fails part way
    /// (an 8 KiB LiteDB page written half), the case that leaves a log whose length is not a whole page.
    /// </summary>
    public void FillLeaving(int bytes)
    {
        Fill();
        var filler = _fillers[^1];
        using var stream = new FileStream(filler, FileMode.Open, FileAccess.Write, FileShare.None);
        stream.SetLength(Math.Max(0, stream.Length - bytes));
    }

    /// <summary>Deletes the filler files: space is back.</summary>
    public void Free()
    {
        foreach (var filler in _fillers)
        {
            File.Delete(filler);
        }

        _fillers.Clear();
    }

    public void Dispose()
    {
        Run("umount", "-l", _mountPoint.Path);
        _mountPoint.Dispose();
    }

    private static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Trim()}. " +
                "The disk-full tests mount a tiny tmpfs and must run as root (as in CI).");
        }
    }
}
