using System.Collections;
using System.Runtime.InteropServices;

namespace SolWatch.ConsoleCapture;

/// <summary>
/// <c>solwatch scan</c> is a one-off: it reads a file once and ends, so it runs with tiered compilation off (the
/// executable's ReadyToRun code as it is, anything else compiled optimized once), while the daemon and everything else
/// keep tiering and dynamic PGO. The runtime reads that setting only at start-up, so a scan starts the executable
/// afresh in its own place (<c>execve(2)</c>: same process id, same standard streams, same exit code) with
/// <c>DOTNET_TieredCompilation=0</c>.
/// </summary>
/// <remarks>
/// Why: a scan of a 100 MB log is over in a second or two, and with tiering the runtime spent much of that compiling
/// the hot methods again and again (ReadyToRun code, then an instrumented copy, then the optimized one; thousands of
/// methods) on its background thread. Measured with <c>solwatch bench scan --cold</c> on the published executable
/// (CPU time, start-up subtracted): crash-dense logs 4.4 s → 2.6 s, ordinary logs 1.0 s → 0.5 s; the warm loop of
/// <c>bench scan</c> (one process, the daemon's case) is untouched. A user who sets <c>DOTNET_TieredCompilation</c>
/// keeps their choice, and when the executable cannot be started again (run through <c>dotnet solwatch.dll</c>, or
/// execve fails) the scan simply runs in this process as before.
/// </remarks>
internal static class OneOffScan
{
    private const string TieringVariable = "DOTNET_TieredCompilation";

    /// <summary>The natively compiled scanner (src/Scanner), published beside <c>solwatch</c>.</summary>
    internal const string NativeScannerName = "solwatch-scan";

    /// <summary>
    /// The natively compiled scanner to run <paramref name="args"/> with, or null: a <c>scan</c>, with
    /// <c>solwatch-scan</c> beside the executable, on a CPU with what it was compiled for (x86-64-v3: AVX2, BMI1/2, FMA,
    /// LZCNT), and no <c>DOTNET_TieredCompilation</c> of the user's (which asks for this runtime's tiering).
    /// </summary>
    internal static string? NativeScanner(IReadOnlyList<string> args, string? processPath, string? tiering, bool cpuFits)
    {
        if (!ShouldRestart(args, processPath, tiering) || !cpuFits)
        {
            return null;
        }
        string native = Path.Combine(Path.GetDirectoryName(processPath)!, NativeScannerName);
        return File.Exists(native) ? native : null;
    }

    private static bool CpuFitsNativeScanner =>
        System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Bmi1.IsSupported
        && System.Runtime.Intrinsics.X86.Bmi2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported
        && System.Runtime.Intrinsics.X86.Lzcnt.IsSupported;

    /// <summary>Whether <paramref name="args"/> is a one-off scan that should start again without tiering, given the
    /// executable's path and the tiering variable's current value.</summary>
    internal static bool ShouldRestart(IReadOnlyList<string> args, string? processPath, string? tiering) =>
        args.Count > 0 && args[0] == "scan"
        && tiering is null
        && processPath is not null && Path.GetFileName(processPath) == "solwatch";

    /// <summary>For a one-off scan, replaces this process with the same command without tiering; otherwise (or when
    /// that fails) returns and the command runs here.</summary>
    public static void RestartWithoutTiering(string[] args)
    {
        string? self = Environment.ProcessPath;
        if (!OperatingSystem.IsLinux() || !ShouldRestart(args, self, Environment.GetEnvironmentVariable(TieringVariable)))
        {
            return;
        }
        // The native scanner when it can run here (its own process image: same pid, streams, exit code)...
        if (NativeScanner(args, self, Environment.GetEnvironmentVariable(TieringVariable), CpuFitsNativeScanner) is { } native)
        {
            string?[] nativeArgv = [native, .. args, null];
            string?[] inherited = [.. Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"), null];
            _ = NativeMethods.Execve(native, nativeArgv, inherited);
        }
        // ...else (or if that failed) this executable again without tiering.
        string?[] argv = [self, .. args, null];
        var environment = new List<string?>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            environment.Add($"{e.Key}={e.Value}");
        }
        environment.Add($"{TieringVariable}=0");
        environment.Add(null);
        // Returns only on failure; the scan then runs in this process.
        _ = NativeMethods.Execve(self!, argv, [.. environment]);
    }

    // LPStr is UTF-8 on Linux (the marshaller takes no LPUTF8Str for arrays).
    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "execve", SetLastError = true, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int Execve(
            [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
            [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
            [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] envp);
    }
}
