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
        if (Has(text, "Rebooting in"))
        {
            // panic()'s countdown: the capture kernel still prints until it restarts (other CPUs, the timer).
            a.Add(n, at, "capture kernel reboots");
            return;
        }
        if (Has(text, "reboot: Restarting system") || Has(text, "reboot: Power down") || Has(text, "reboot: System halted"))
        {
            a.Add(n, at, "capture kernel reboots");
            // kernel/reboot.c kernel_restart(), kernel_power_off(), kernel_halt(): the kernel's last words before
            // machine_restart() and the like, which do not return ("reboot: machine restart" at most follows). What the
            // console shows next is the next boot's, whose banner it may not show: start_kernel prints it at KERN_NOTICE,
            // under the console's level when the first kernel boots with "quiet" (loglevel=4), and a console may attach
            // late. So the capture kernel's boot ends here, and that next boot's own crash is never read as the capture
            // kernel's (found by the new-user walk: a second panic after a saved dump became no incident). The attempt's
            // verdict still waits for what follows, as it did at the next banner: a boot or a crash (the machine came
            // back: rebooted), or the end of the console (a paste may have left the save's last lines out).
            a.CaptureEnded = n;
            _previousBoot = _boot;
            _collectorError = null;
            _report = null;
            _boot = new Boot(n + 1, banner: false);
        }
    }
}
