using System.Collections;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>The natively compiled scanner (src/Scanner), published beside <c>solwatch</c>, for x86-64-v3.</summary>
    internal const string NativeScannerName = "solwatch-scan";

    /// <summary>The same scanner compiled for x86-64-v4 (AVX-512), published beside it (src/Scanner's project says why).</summary>
    internal const string Avx512ScannerName = "solwatch-scan-avx512";

    /// <summary>
    /// The natively compiled scanner to run <paramref name="args"/> with, or null: a <c>scan</c>, with no
    /// <c>DOTNET_TieredCompilation</c> of the user's (which asks for this runtime's tiering), on a CPU with what a scanner
    /// beside the executable was compiled for: <c>solwatch-scan-avx512</c> where <paramref name="cpu"/> is x86-64-v4,
    /// else <c>solwatch-scan</c> where it is at least x86-64-v3 (AVX2, BMI1/2, FMA, LZCNT).
    /// </summary>
    internal static string? NativeScanner(IReadOnlyList<string> args, string? processPath, string? tiering, NativeCpuLevel cpu)
    {
        if (!ShouldRestart(args, processPath, tiering) || cpu == NativeCpuLevel.None)
        {
            return null;
        }
        string dir = Path.GetDirectoryName(processPath)!;
        string avx512 = Path.Combine(dir, Avx512ScannerName);
        if (cpu == NativeCpuLevel.X86_64V4 && File.Exists(avx512))
        {
            return avx512;
        }
        string native = Path.Combine(dir, NativeScannerName);
        return File.Exists(native) ? native : null;
    }

    // What this CPU can run of the native scanners: x86-64-v3 is AVX2, BMI1/2, FMA, LZCNT (and MOVBE, which .NET does not
    // report apart); x86-64-v4 adds AVX-512 F, BW, CD, DQ and VL.
    private static NativeCpuLevel CpuLevel
    {
        get
        {
            if (!(Avx2.IsSupported && Bmi1.IsSupported && Bmi2.IsSupported && Fma.IsSupported && Lzcnt.IsSupported))
            {
                return NativeCpuLevel.None;
            }
            return Avx512F.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported
                && Avx512F.VL.IsSupported
                ? NativeCpuLevel.X86_64V4
                : NativeCpuLevel.X86_64V3;
        }
    }

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
        if (NativeScanner(args, self, Environment.GetEnvironmentVariable(TieringVariable), CpuLevel) is { } native)
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

/// <summary>Which native scanner a CPU can run (<see cref="OneOffScan.NativeScanner"/>).</summary>
internal enum NativeCpuLevel
{
    /// <summary>Neither: the scan runs in solwatch's own process.</summary>
    None,

    /// <summary>x86-64-v3 (AVX2): <c>solwatch-scan</c>.</summary>
    X86_64V3,

    /// <summary>x86-64-v4 (AVX-512): <c>solwatch-scan-avx512</c>, else <c>solwatch-scan</c>.</summary>
    X86_64V4,
}
