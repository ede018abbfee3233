namespace SolWatch.ConsoleCapture.Tests.Hosting.Kdump;

/// <summary>
/// One way the lab's kdump ends (../shared/lab/kdump-demo.sh, README "kdump"): the crash, the variant, and what the VM
/// is given for it. The sizes are the lab's own defaults: 112M saves, 72M boots a capture kernel that runs out of
/// memory, 64M cannot hold the capture kernel at all.
/// </summary>
/// <param name="Crash">The lab's <c>crash=</c> (sysrq, null, stackoverflow).</param>
/// <param name="Variant">ok, nomem, noload, nodisk or notloaded.</param>
internal sealed record KdumpLabCase(string Crash, string Variant)
{
    /// <summary>Name of the console, the run's directory and its log: e.g. <c>kdump-sysrq-ok</c>.</summary>
    public string Name => $"kdump-{Crash}-{Variant}";

    /// <summary>The crashkernel= the first kernel boots with.</summary>
    public string CrashKernel => Variant switch
    {
        "nomem" => "72M",
        "noload" => "64M",
        _ => "112M",
    };

    /// <summary>A dump disk (an ext4 image on virtio) is attached, except for nodisk.</summary>
    public bool HasDisk => Variant != "nodisk";

    /// <summary>A capture kernel boots after the crash (kexec -p loaded it).</summary>
    public bool CaptureKernelRuns => Variant is "ok" or "nomem" or "nodisk";

    /// <summary>Kernel arguments of the first kernel (kdump-demo.sh: the variant rides along as kdump_fail=).</summary>
    public string Append => $"crashkernel={CrashKernel} kdump=1" + (Variant == "ok" ? "" : $" kdump_fail={Variant}");

    /// <summary>How long the run may take at most, from qemu's start to its exit (TCG on a shared host; README: ok ~20-26 s).</summary>
    public static TimeSpan Timeout => TimeSpan.FromMinutes(4);

    public override string ToString() => Name;
}
