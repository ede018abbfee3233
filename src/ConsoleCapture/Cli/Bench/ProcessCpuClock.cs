using System.Runtime.InteropServices;

namespace SolWatch.ConsoleCapture.Cli.Bench;

/// <summary>
/// This process's CPU time (every thread, the garbage collector's too) to the nanosecond, from
/// <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>.
/// </summary>
/// <remarks>Why not <see cref="Environment.CpuUsage"/>: it reads <c>getrusage</c>, whose times come in whole
/// milliseconds here; a scan of the boot-log input takes about 27 ms, so one millisecond was a 4 % step in what kdump
/// costs it, and the median of such steps said +16 % or −6 % of the same build from one run to the next.</remarks>
internal static class ProcessCpuClock
{
    // include/uapi/linux/time.h: CLOCK_PROCESS_CPUTIME_ID (2).
    private const int ProcessCpuTimeId = 2;

    /// <summary>CPU time used by this process so far.</summary>
    public static TimeSpan Now()
    {
        if (NativeMethods.ClockGetTime(ProcessCpuTimeId, out TimeSpec now) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        return TimeSpan.FromTicks((now.Seconds * TimeSpan.TicksPerSecond) + (now.Nanoseconds / 100));
    }

    // struct timespec on 64-bit Linux: tv_sec, tv_nsec.
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
        public static extern int ClockGetTime(int clock, out TimeSpec time);
    }
}
