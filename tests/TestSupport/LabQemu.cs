using System.Diagnostics;

namespace SolWatch.TestSupport;

/// <summary>
/// Makes the lab's VM bootable on hosts whose KVM cannot run the CPU model the lab asks for.
/// </summary>
/// <remarks>
/// The lab's <c>boot.sh</c> runs <c>qemu-system-x86_64 -accel kvm -cpu max</c> whenever /dev/kvm is writable. Some
/// hosts' KVM (nested virtualization under a hypervisor that hides IA32_ARCH_CAPABILITIES) refuses MSR 0x10a, which
/// <c>-cpu max</c> sets, and qemu aborts at once ("failed to set MSR 0x10a ... kvm_buf_set_msrs: Assertion"): every
/// lab test then waits out its timeout with no console at all. The lab is shared and not ours to edit, so before the
/// first lab script runs, this probes KVM the way boot.sh will use it and, only if qemu aborts, puts a
/// <c>qemu-system-x86_64</c> wrapper first on this process's PATH (inherited by every script and by ipmi_sim's chassis
/// commands) that turns <c>-accel kvm</c> into <c>-accel tcg</c>: slower, but it always works. (Leaving the MSR out,
/// <c>-cpu max,-arch-capabilities</c>, starts qemu on such hosts but the guest then dies of a KVM emulation failure.)
/// Hosts whose KVM works are left untouched.
/// </remarks>
public static class LabQemu
{
    private const string Qemu = "qemu-system-x86_64";

    private static readonly Lazy<bool> Workaround = new(Apply);

    /// <summary>Probes once per process; true when the TCG wrapper was put on PATH.</summary>
    public static bool EnsureBootable() => Workaround.Value;

    private static bool Apply()
    {
        if (!OperatingSystem.IsLinux() || !CanWrite("/dev/kvm") || FindOnPath(Qemu) is not { } real)
        {
            return false;
        }
        if (StartsWithKvm(real))
        {
            return false;
        }
        string dir = Path.Combine(Path.GetTempPath(), $"solwatch-qemu-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        string wrapper = Path.Combine(dir, Qemu);
        File.WriteAllText(wrapper,
            "#!/bin/sh\n" +
            "# Written by SolWatch's tests (tests/TestSupport/LabQemu.cs): this host's KVM cannot run the lab's VM; use TCG.\n" +
            "for a in \"$@\"; do shift; case \"$a\" in kvm) a=tcg ;; esac; set -- \"$@\" \"$a\"; done\n" +
            $"exec {real} \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment.SetEnvironmentVariable("PATH", dir + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));
        return true;
    }

    /// <summary>True when qemu with KVM and the lab's <c>-cpu max</c> is still running after two seconds (paused, no disk).</summary>
    private static bool StartsWithKvm(string qemu)
    {
        var psi = new ProcessStartInfo(qemu)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])["-machine", "q35", "-accel", "kvm", "-cpu", "max", "-m", "64", "-display", "none",
                     "-nodefaults", "-monitor", "none", "-serial", "none", "-S"])
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"{qemu} did not start");
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (p.WaitForExit(TimeSpan.FromSeconds(2)))
        {
            return false;
        }
        p.Kill();
        p.WaitForExit();
        return true;
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using FileStream _ = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
