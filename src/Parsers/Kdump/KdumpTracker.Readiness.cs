namespace SolWatch.Parsers.Kdump;

// Part of KdumpTracker (its overview is in KdumpTracker.cs): the first kernel's readiness: the crashkernel reservation, the kexec load, the kdump service's result.
public sealed partial class KdumpTracker
{
    private bool ReadReadiness(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        Boot b = _boot;
        if (SystemctlStatus.Header(text) is { } unit)
        {
            // `systemctl status kdump.service` pasted on the console: its Active: line says how the arming service ended.
            b.StatusUnit = unit;
            b.StatusHeaderLine = n;
            return true;
        }
        if (b.StatusHeaderLine is { } header && n - header <= SystemctlStatus.ActiveWithin
            && SystemctlStatus.ActiveState(text) is { Length: > 0 } state)
        {
            // systemctl-show.c print_status_info: "     Active: failed (Result: exit-code) since …" right after the header's
            // Loaded:/Drop-In: lines, the block's first Active: line (a later one is another unit's). Only a failed unit
            // says anything here: "active (exited)" is the oneshot's normal end (kdump-tools' init script exits 0 even when
            // it loaded nothing), "inactive (dead)" a unit not started.
            b.StatusHeaderLine = null;
            if (state.StartsWith("failed", StringComparison.Ordinal))
            {
                // The journal lines systemctl prints under the block (kdumpctl's own error, "[FAILED]") say why, and replace
                // this reason when they follow.
                b.SetArmed(false, $"kdump service failed ({b.StatusUnit}: {state})", n, at, "systemctl status: kdump service failed", weak: true);
            }
            return true;
        }
        if (SystemctlStatus.ListedFailed(text) is { } listed)
        {
            // systemctl list-units / --failed: "● kdump.service  loaded failed failed Crash recovery kernel arming".
            b.SetArmed(false, $"kdump service failed ({listed} listed failed by systemctl)", n, at, "systemctl: kdump service failed", weak: true);
            return true;
        }
        if (Has(text, "for crashkernel (System RAM:") && CrashKernelSize.NumberBefore(text, "MB of memory at") is { } mb)
        {
            // x86/ppc/s390 "Reserving 256MB of memory at 3840MB for crashkernel (System RAM: 16383MB)".
            bool low = Has(text, "MB of low memory");
            if (!low)
            {
                b.Reserved(mb << 20, CrashKernelSize.NumberBefore(text, "MB)", text.IndexOf("System RAM:", StringComparison.Ordinal)), n, at);
            }
            return true;
        }
        if (Has(text, "fadump") && Has(text, "Reserved ") && Has(text, "(System RAM:") && CrashKernelSize.NumberBefore(text, "MB of memory at") is { } fadumpMb)
        {
            // ppc64 fadump_reserve_mem (arch/powerpc/kernel/fadump.c): "fadump: Reserved 1024MB of memory at
            // 0x00000040000000 (System RAM: 4096MB)".
            b.Reserved(fadumpMb << 20, CrashKernelSize.NumberBefore(text, "MB)", text.IndexOf("System RAM:", StringComparison.Ordinal)), n, at);
            b.FadumpReserved = true;
            return true;
        }
        if (Has(text, "MB memory for crash kernel") && Has(text, "Reserved ") && CrashKernelSize.NumberBefore(text, "MB memory for crash kernel") is { } ctlMb)
        {
            // kdumpctl show_reserved_mem (kdump-utils kdumpctl, since 1a6cb43 "kdumpctl: add showmem cmd", 2018; also on
            // every start): dinfo "Reserved ${mem_mb}MB memory for crash kernel", read back from
            // /sys/kernel/kexec_crash_size (fadump: /sys/kernel/fadump/mem_reserved): the reservation the kernel holds.
            if (ctlMb > 0)
            {
                b.Reserved(ctlMb << 20, null, n, at);
            }
            else
            {
                b.SetArmed(false, "no memory reserved for the capture kernel (kdumpctl: Reserved 0MB memory for crash kernel)", n, at, "no crashkernel region");
            }
            return true;
        }
        if (Has(text, "fadump: Registration is successful"))
        {
            // rtas-fadump.c / opal-fadump.c register: the firmware will preserve the memory on a crash.
            b.FadumpRegistered = true;
            b.SetArmed(true, "fadump registered", n, at, "fadump registered");
            return true;
        }
        if ((Has(text, "crashkernel reserved: 0x") || Has(text, "crashkernel: reserved 0x")) && CrashKernelSize.NumberBefore(text, " MB)") is { } armMb)
        {
            // arm64/riscv/generic: "crashkernel reserved: 0x00000000dfe00000 - 0x00000000efe00000 (256 MB)"; riscv's own
            // reserve_crashkernel (arch/riscv/mm/init.c, 5.13-6.6): "crashkernel: reserved 0x%016llx - 0x%016llx (%lld MB)".
            b.Reserved(armMb << 20, null, n, at);
            return true;
        }
        if (IomemCrashKernel.Size(text) is { } iomemBytes)
        {
            // `cat /proc/iomem` pasted on the console: "91000000-b0ffffff : Crash kernel" (IomemCrashKernel). With
            // crashkernel=X,high the low part is a second "Crash kernel" region of the same name; the larger one stands for
            // crashk_res, the size /sys/kernel/kexec_crash_size reports.
            if (b.ReservedBytes is not { } had || iomemBytes > had)
            {
                b.Reserved(iomemBytes, null, n, at);
            }
            return true;
        }
        if (Has(text, "crashkernel region ") && CrashKernelSize.NumberBefore(text, " bytes)") is { } labBytes)
        {
            // The lab's kdump.sh: "kdump: crashkernel region 112 MiB (117440512 bytes), kdump_fail=none".
            if (labBytes > 0)
            {
                b.Reserved(labBytes, null, n, at);
            }
            else
            {
                b.SetArmed(false, "no memory reserved for the capture kernel (crashkernel region is 0 bytes)", n, at, "no crashkernel region");
            }
            return true;
        }
        if (Has(text, "crashkernel reservation failed") || Has(text, "cannot allocate crashkernel")
            || Has(text, "crashkernel: couldn't allocate")
            || Has(text, "crashkernel: memory value expected") || Has(text, "crashkernel: Memory value expected")
            || Has(text, "crashkernel=auto resulted in zero bytes of reserved memory")
            || Has(text, "crashkernel=") && Has(text, "too large")
            || Has(text, "crashkernel low memory, please try smaller size") || Has(text, "cannot reserve crashkernel: "))
        {
            // parse_crashkernel (kernel/crash_core.c, crash_reserve.c): parse_crashkernel_simple says "memory value
            // expected", parse_crashkernel_mem (the ranges) "Memory value expected"; the kernel's words stay in the reason.
            // RHEL 7's __parse_crashkernel (kernel/crash_core.c, CONFIG_KEXEC_AUTO_RESERVE; some builds print it with
            // "kexec: ") says "crashkernel=auto resulted in zero bytes of reserved memory." and returns -ENOMEM when
            // arch_default_crash_size() gives nothing for the machine's RAM: nothing is reserved (round 25).
            // x86's reserve_crashkernel (arch/x86/kernel/setup.c, 4.x-6.5), having put the region above 4 GB (crashkernel=X
            // with no room below, or X,high), reserves its low part (reserve_crashkernel_low); when that finds no room it
            // says "Cannot reserve %ldMB crashkernel low memory, please try smaller size.", frees the high region too and
            // returns before its "Reserving …" line: nothing is kept. arm64's reserve_crashkernel (arch/arm64/mm/init.c,
            // 4.x-5.x) with an explicit base says "cannot reserve crashkernel: region is not memory" (… "overlaps
            // reserved memory", … "base address is not 2MB aligned") and returns (round 26).
            string why = After(text, "crashkernel reservation failed") is { Length: > 0 } detail
                ? detail.TrimStart(" -:").TrimEnd('.').Trim().ToString()
                : After(text, "cannot reserve crashkernel: ") is { Length: > 0 } armDetail
                ? armDetail.TrimEnd('.').Trim().ToString()
                : Has(text, "crashkernel low memory, please try smaller size")
                ? $"its low part found no room below 4 GB, so none was kept ({Clip(text).TrimEnd('.')})"
                : Has(text, "emory value expected") ? "the value cannot be read (memory value expected)"
                : Has(text, "resulted in zero bytes") ? "auto sizing gave nothing for this much memory (crashkernel=auto resulted in zero bytes of reserved memory)"
                : Clip(text);
            b.ReservationFailed = true;
            b.SetArmed(false, $"crashkernel{Arg(b)} could not be reserved: {why}", n, at, "crashkernel reservation failed");
            return true;
        }
        if (Has(text, "Firmware-Assisted Dump is not supported")
            || Has(text, "adump") && (Has(text, "Failed to reserve memory") || Has(text, "Failed to find memory chunk for reservation")
                || Has(text, "Can't enable fadump with boot memory size") || Has(text, "Too many holes in boot memory area")))
        {
            // arch/powerpc/kernel/fadump.c fadump_reserve_mem (pr_fmt "fadump: "): each of these goes to error_out, which
            // clears fw_dump.fadump_enabled, so no fadump is registered and a crash takes no dump: "Firmware-Assisted Dump
            // is not supported on this hardware", "Can't enable fadump with boot memory size (0x…) less than 0x…", "Too
            // many holes in boot memory area to enable fadump", "Failed to find memory chunk for reservation!" (no room
            // below the memory boundary; round 28: a QEMU PowerNV guest with 1 GB), "Failed to reserve memory!". Only the
            // prefix names fadump (older kernels print the last two without "!"), so "adump" must be on the line too.
            b.SetArmed(false, $"fadump unavailable: {Clip(text)}", n, at, "fadump failed");
            return true;
        }
        if (Has(text, "No memory reserved for crash kernel") || Has(text, "Memory for crashkernel is not reserved")
            || Has(text, "Please reserve memory by passing") || Has(text, "no crashkernel= parameter"))
        {
            // kexec-tools kexec.c main() die()s with three lines when loading with -p and nothing is reserved: "Memory for
            // crashkernel is not reserved", "Please reserve memory by passing\"crashkernel=Y@X\" parameter to kernel",
            // "Then try to loading kdump kernel"; a journal or test log may keep only the second.
            b.SetArmed(false, $"no memory reserved for the capture kernel (crashkernel{Arg(b)} missing or not reserved)", n, at, "no crashkernel memory");
            return true;
        }
        if (Has(text, "fadump: registered successfully") || Has(text, "fadump: re-registered successfully") || Has(text, "Registered fadump"))
        {
            // kdumpctl fadump_start / fadump re-register (dinfo "fadump: registered successfully", "fadump: re-registered
            // successfully") and openSUSE kdump init/load.sh load_kdump_fadump ("Registered fadump"): the firmware will
            // preserve the memory on a crash. ("fadump: unregistered successfully" and "Unregistered" hold neither.)
            b.FadumpRegistered = true;
            b.SetArmed(true, "fadump registered", n, at, "fadump registered");
            return true;
        }
        if (Has(text, "fadump: failed to register") || Has(text, "FAILED to register fadump") || Has(text, "fadump is not enabled in the kernel"))
        {
            // kdumpctl fadump_start (derror "fadump: failed to register"); openSUSE kdump init/load.sh ("FAILED to register
            // fadump: %s", "fadump is not enabled in the kernel.").
            b.SetArmed(false, Has(text, "not enabled") ? "fadump is not enabled in this kernel" : "fadump registration failed", n, at, "fadump failed");
            return true;
        }
        if (Has(text, "USE_KDUMP is not set") || Has(text, "dump is not supported by this kernel") || Has(text, "dump is not supported on this kernel")
            || Has(text, "fadump is not configured in this kernel") || Has(text, "fadump registering failed"))
        {
            // debian/kdump-config.in check_kdump_support, check_fadump_support, fadump_register (each exits 1);
            // kdumpctl check_kdump_feasibility (RHEL 7: "Kdump is not supported on this kernel").
            string why = Has(text, "USE_KDUMP") ? "kdump is disabled (USE_KDUMP is not set in /etc/default/kdump-tools)"
                : Has(text, "fadump registering failed") ? "fadump registration failed"
                : Has(text, "fadump is not configured") ? "fadump is not configured in this kernel"
                : "kdump is not supported by this kernel";
            b.SetArmed(false, why, n, at, "kdump refused");
            return true;
        }
        if (Has(text, "kernel signature verification failed") || Has(text, "kexec of ") && Has(text, " rejected"))
        {
            // linux kernel/kexec_file.c (pr_fmt "kexec_file: "): 5.4-5.7 pr_notice("kernel signature verification failed
            // (%d).\n") and "%s rejected" ("kexec of unsigned image", "kexec of image with unavailable key", "kexec of
            // image with unsupported crypto"); 5.8+ "Enforced kernel signature verification failed (%d).". The kernel's
            // word names the cause, where kexec's strerror before it does not (-ELIBBAD: "Accessing a corrupted shared
            // library"), so it replaces that reason.
            ReadOnlySpan<char> refusal = Has(text, "kexec_file: ") ? After(text, "kexec_file: ") : ToolMessage(text) is { Length: > 0 } m ? m : text;
            b.SetArmed(false, $"the kernel refused the capture kernel's signature ({Clip(refusal.Trim().TrimEnd('.'))})", n, at, "kexec signature refused", overrides: true);
            return true;
        }
        if (KexecInvocation.Loads(text) is { } panicLoad)
        {
            // kexec-tools' own command line echoed on the console (a shell trace, kdump-config show's "kexec command:"):
            // -l/--load stages a kernel for `kexec -e`, only -p/--load-panic the crash kernel. Not consumed: the same line
            // may hold another rule's words.
            b.PlainKexecLoad = !panicLoad;
        }
        if (b.PlainKexecLoad && (Has(text, "kexec_file_load failed") || Has(text, "kexec_load failed") || Has(text, "Could not find a free area of memory")))
        {
            // kexec-tools prints these for -l and -p alike (kexec.c do_kexec_file_load: "kexec_file_load failed: %s",
            // my_load: "kexec_load failed: %s"; locate_hole: "Could not find a free area of memory…"): after a plain
            // --load the crash kernel was never involved, so the failure says nothing about kdump.
            return true;
        }
        if (Has(text, "kexec_file_load failed") || Has(text, "kexec_load failed") || Has(text, "Could not find a free area of memory")
            || Has(text, "kexec: failed to load kdump kernel") || Has(text, "failed to load kdump kernel"))
        {
            // strerror(ENOKEY) "Required key not available" (kexec-tools do_kexec_file_load), often wrapped after "key".
            string detail = Has(text, "Required key")
                ? "kexec could not load the capture kernel: Required key not available (Secure Boot refuses an unsigned kdump kernel)"
                : Has(text, "Operation not permitted")
                    ? "kexec could not load the capture kernel: Operation not permitted (lockdown or missing privilege)"
                    : Has(text, "Could not find a free area of memory")
                        ? $"kexec could not load the capture kernel: it does not fit in the crashkernel{Arg(b)} reservation"
                        : b.ServiceError is { } e ? $"kexec could not load the capture kernel: {e}"
                        : $"kexec could not load the capture kernel ({(ToolMessage(text) is { Length: > 0 } message ? Clip(message) : Clip(text))})";
            b.SetArmed(false, detail, n, at, "kexec load failed");
            return true;
        }
        if (Has(text, "prairiedog") || Has(text, "[INFO] ") || Has(text, "[ERROR] "))
        {
            // Bottlerocket's own loader (bottlerocket-core-kit sources/api/prairiedog, load_crash_kernel, run by
            // load-crash-kernel.service "Load crash kernel"; simplelog lines "HH:MM:SS [LEVEL] message"): "Crash kernel
            // loaded" only after `kexec -ps` succeeded; with /sys/kernel/kexec_crash_size 0 it says "No memory assigned
            // for crash kernel…" and exits 0 (so the unit's "Finished" says nothing); kexec_load_disabled=1 fails with
            // "Kexec load syscalls are disabled…". Its "Loading crash kernel" before the kexec is no result.
            if (Has(text, "] Crash kernel loaded"))
            {
                b.SetArmed(true, "capture kernel loaded", n, at, "capture kernel loaded");
                return true;
            }
            if (Has(text, "No memory assigned for crash kernel"))
            {
                b.SetArmed(false, $"no memory reserved for the capture kernel (crashkernel{Arg(b)} missing or not reserved)", n, at, "no crashkernel memory");
                return true;
            }
            if (Has(text, "Kexec load syscalls are disabled"))
            {
                b.SetArmed(false, "kexec could not load the capture kernel: kexec load syscalls are disabled (kernel.kexec_load_disabled=1)", n, at, "kexec load failed");
                return true;
            }
        }
        if (Has(text, "kexec: loaded kdump kernel") || Has(text, "loaded kdump kernel") && !Has(text, "unloaded")
            || Has(text, "kexec_crash_loaded=1") || Has(text, "fadump registered successfully"))
        {
            b.SetArmed(true, "capture kernel loaded", n, at, "capture kernel loaded");
            return true;
        }
        if (Has(text, "kexec_crash_loaded=0"))
        {
            b.SetArmed(false, "no capture kernel loaded (/sys/kernel/kexec_crash_loaded=0)", n, at, "capture kernel not loaded");
            return true;
        }
        if (Has(text, "Dump mode is fadump"))
        {
            // kdumpctl determine_dump_mode (dinfo "Dump mode is fadump"): its status and start lines after it are fadump's.
            b.FadumpMode = true;
            return true;
        }
        if (Has(text, "current state") && (Has(text, "ready to kdump") || Has(text, "ready to fadump"))
            || Has(text, "Kdump is operational") || Has(text, "Kdump is not operational"))
        {
            // Status read back from the running kernel, not a load: kdump-config show/status ("current state:    ready to
            // kdump", "current state   : Not ready to fadump": /sys/kernel/kexec_crash_loaded or fadump_registered) and
            // kdumpctl status (dinfo "Kdump is operational" / "Kdump is not operational", is_kernel_loaded of the dump mode).
            bool fadump = Has(text, "fadump") || b.FadumpMode;
            if (Has(text, "Not ready") || Has(text, "not operational"))
            {
                b.SetArmed(false, $"{(fadump ? "fadump not registered" : "no capture kernel loaded")} ({Clip(ToolMessage(text) is { Length: > 0 } m ? m : text.Trim())})", n, at, "kdump status: not loaded", explainsRun: false);
                return true;
            }
            b.FadumpRegistered |= fadump;
            b.SetArmed(true, fadump ? "fadump registered" : "capture kernel loaded", n, at, "kdump status: loaded");
            return true;
        }
        if (Has(text, "Starting kdump:") && Has(text, "[OK]"))
        {
            b.SetArmed(true, "kdump service started", n, at, "kdump service started");
            b.EndRun();
            return true;
        }
        if (Has(text, "Starting kdump:") && Has(text, "FAILED") || Has(text, "Failed to start Crash recovery kernel arming")
            || Has(text, "kdump.service: Failed with result") || Has(text, "kdump-tools.service: Failed with result")
            || Has(text, "Job for kdump.service failed") || Has(text, "Job for kdump-tools.service failed"))
        {
            // systemctl start's own answer when the job fails (systemd src/shared/bus-wait-for-jobs.c,
            // log_job_error_with_service_result: "Job for %s failed because %s." or "Job for %s failed."): the arming
            // unit's start failed, as its "Failed with result" journal line says.
            b.SetArmed(false, b.ServiceError is { } e ? $"kdump service failed: {e}" : "kdump service failed", n, at, "kdump service failed", explainsRun: false);
            if (Has(text, "Starting kdump:"))
            {
                b.EndRun();
            }
            return true;
        }
        if (ToolMessage(text) is { Length: > 0 } said && LooksLikeError(said) && !Has(said, "Starting kdump"))
        {
            // kdumpctl's and kdump-config's own complaint before "[FAILED]": "Failed to detect kdump kernel location".
            // kdumpctl check_rebuild says "No kdump initial ramdisk found." with dinfo (kdump-utils 63f248c kdumpctl:730)
            // and goes on to rebuild: the rebuild's own derror ("… does not have write permission. Cannot rebuild …") is
            // the failure, so it replaces that notice; otherwise the first complaint stays.
            if (b.ServiceError is null || b.ServiceError.StartsWith("No kdump initial ramdisk found", StringComparison.Ordinal))
            {
                b.ServiceError = said.TrimEnd('.').ToString();
            }
            b.Evidence = true;
            b.Events.Add(new KdumpEvent(n, at, "kdump service error"));
            return true;
        }
        return false;
    }
}
