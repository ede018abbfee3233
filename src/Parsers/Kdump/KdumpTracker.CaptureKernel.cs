namespace SolWatch.Parsers.Kdump;

// Part of KdumpTracker (its overview is in KdumpTracker.cs): the capture kernel's boot and fate.
public sealed partial class KdumpTracker
{
    private void ReadCaptureKernel(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        Attempt? a = _attempt;
        if (a is null)
        {
            return;
        }
        if (Has(text, "Out of memory and no killable processes") || Has(text, "System is deadlocked on memory"))
        {
            if (!a.CaptureOom)
            {
                a.CaptureOom = true;
                a.Add(n, at, "capture kernel out of memory");
            }
        }
        if (IsPanicLine(text) && !Has(text, "---[ end Kernel panic"))
        {
            a.CapturePanic ??= Clip(After(text, "not syncing") is { } m ? m.TrimStart(": ") : text);
            a.Add(n, at, "capture kernel panic");
            return;
        }
        if (Has(text, "page allocation failure"))
        {
            if (!a.AllocationFailure)
            {
                a.AllocationFailure = true;
                a.Add(n, at, "capture kernel page allocation failure");
            }
            return;
        }
        if (Has(text, "Entering kdump emergency mode"))
        {
            a.ToolError ??= "kdump entered emergency mode";
            a.Add(n, at, "kdump emergency mode");
            return;
        }
        if (IsCrashStart(text) && a.CaptureCrash is null)
        {
            a.CaptureCrash = Clip(text);
            a.Add(n, at, "capture kernel crash report");
            return;
        }
        if (a.Crashdump && !a.SaveFailed && MicrodroidCrashdump.IsCompletedReboot(text))
        {
            // crashdump's own reboot(2), made only after its copy of /proc/vmcore completed.
            a.Saved = true;
            a.Add(n, at, "vmcore saved (Microdroid crashdump done, rebooting)");
            return;
        }
        if (Has(text, "Rebooting in") || Has(text, "reboot: Restarting system") || Has(text, "reboot: Power down"))
        {
            a.Add(n, at, "capture kernel reboots");
        }
    }
}
