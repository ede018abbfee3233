using System.Runtime.InteropServices;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// The CPU time (user + system) of every child process this process has waited for, from <c>getrusage(2)</c>
/// (<c>RUSAGE_CHILDREN</c>). Read before and after a child runs, the difference is the child's own CPU time, taken by
/// the kernel when it was reaped: exact, and blind to what else the machine runs.
/// </summary>
internal static class ChildCpu
{
    // include/uapi/linux/resource.h: RUSAGE_CHILDREN (-1).
    private const int RusageChildren = -1;

    /// <summary>User + system time of the waited-for children so far.</summary>
    public static TimeSpan Total()
    {
        if (NativeMethods.GetRUsage(RusageChildren, out RUsage usage) != 0)
        {
            throw new InvalidOperationException($"getrusage(RUSAGE_CHILDREN) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        long micros = ((usage.UserSeconds + usage.SystemSeconds) * 1_000_000) + usage.UserMicros + usage.SystemMicros;
        return TimeSpan.FromMicroseconds(micros);
    }

    // struct rusage on 64-bit Linux: two struct timeval (ru_utime, ru_stime), then fourteen longs.
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        private readonly long _maxRss, _ixRss, _idRss, _isRss, _minFlt, _majFlt, _nSwap, _inBlock, _ouBlock, _msgSnd, _msgRcv, _nSignals, _nvCsw, _nivCsw;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
        public static extern int GetRUsage(int who, out RUsage usage);
    }
}
