namespace SolWatch.Parsers.Kdump;

// Part of KdumpTracker (its overview is in KdumpTracker.cs): the save: what the capture kernel's dump tools say, and the attempt they belong to.
public sealed partial class KdumpTracker
{
    // The save: kdump-utils' dracut module (kdump.sh), Debian's kdump-config, SUSE's kdump-save, makedumpfile and the lab.
    // These lines say by themselves that a capture kernel runs, whatever boot the console showed them in.
    private bool ReadSave(ReadOnlySpan<char> text, long n, DateTimeOffset at)
    {
        if (MicrodroidCrashdump.IsStart(text)
            && (_boot.Capture == true || _attempt is { Jumped: true } jumped && (jumped.FirstKernel != _boot || jumped.Landed)))
        {
            // Microdroid's crash-kernel init (microdroid/kdump/crashdump.c) begins copying /proc/vmcore to the host. Its
            // words are plain, so only after the jump (its crash kernel prints no elfcorehdr: arm64 passes it in the
            // device tree, and the kernel is quiet about it): round 17, Android's own ramdump example. After "Bye!" even
            // with no banner between (a journal shows the crash kernel's untimed lines as the last record's own), as for
            // a crash after the jump.
            Attempt a = SaveAttempt(n, at);
            a.Crashdump = true;
            a.SaveStarted = true;
            a.Add(n, at, "saving vmcore (Microdroid crashdump)");
            return true;
        }
        if (MicrodroidCrashdump.IsFailure(text) && _attempt is { Crashdump: true } stopped)
        {
            stopped.SaveFailed = true;
            stopped.ToolError ??= "Microdroid's crashdump failed";
            stopped.Add(n, at, "saving vmcore failed");
            return true;
        }
        if (Has(text, "Kdump Vmcore Save Service") || Has(text, "kdump-capture.service:"))
        {
            // kdump-utils dracut/99kdumpbase/kdump-capture.service (Description=Kdump Vmcore Save Service,
            // ConditionPathExists=/etc/initrd-release): it runs only in the kdump initramfs, so in a capture kernel.
            // module-setup.sh installs the unit file only there (inst "$moddir/kdump-capture.service"
            // "$systemdsystemunitdir/kdump-capture.service"; the package keeps it under dracut's modules.d), so systemd
            // naming it as a unit it runs or parses ("kdump-capture.service: Main process exited, …",
            // "/usr/lib/systemd/system/kdump-capture.service:23: Standard output type syslog is obsolete, …") is
            // the capture kernel's systemd too; a dracut or mkdumprd line that lists the file holds no "service:".
            Attempt a = SaveAttempt(n, at);
            if (Has(text, "Failed to start"))
            {
                // systemd's word on kdump.sh's exit status: the save (or the target before it) failed. kdump.sh exits
                // non-zero only when the dump failed, so a completed save stays saved.
                a.SaveFailed |= !a.Saved;
                a.ServiceFailed = true;
                a.Add(n, at, "kdump save service failed");
            }
            else if (Has(text, "Starting"))
            {
                a.Add(n, at, "kdump save service starts");
            }
            return true;
        }
        if (IsSaveScriptOutput(text))
        {
            // kdump-utils dracut/99kdumpbase: kdump-capture.service runs ExecStart=/bin/kdump.sh with
            // StandardOutput=journal and StandardError=journal+console, and module-setup.sh installs kdump.sh only into
            // the kdump initramfs (inst "$moddir/kdump.sh" "/usr/bin/kdump.sh"): a line the journal tags kdump.sh[PID]
            // is the capture kernel's save script, its core collector's progress and errors. The save has begun (a
            // paste may start inside makedumpfile's output, before "saving vmcore" would have shown it).
            Attempt a = SaveAttempt(n, at);
            if (!a.SaveStarted && !a.Saved && !a.SaveFailed)
            {
                a.SaveStarted = true;
                a.Add(n, at, "saving vmcore");
                a.NoteToolError(text);
            }
        }
        if (CoreCollectorError.Read(text, ToolMessage(text)) is { } collector)
        {
            if (_attempt is { CaptureSeen: true } saving)
            {
                saving.CollectorError ??= collector;
                saving.Add(n, at, "core collector error");
            }
            else
            {
                _collectorError = collector; // the save lines that follow tell that a capture kernel runs
            }
            return true;
        }
        if (Has(text, "Running makedumpfile") && Has(text, " /proc/vmcore") && Has(text, " failed ("))
        {
            // openSUSE kdump kdumptool ProcessDataProvider::saveToFile: KError("Running " + cmdline + " failed (" + exit
            // status + ")."), the command line ending in the dump it reads, /proc/vmcore (kdump-save in the kdump initramfs),
            // which only a capture kernel has. SaveDump::saveDump runs the dmesg step first ("Extracting dmesg"), prints its
            // error and goes on to the vmcore; the vmcore step's error is rethrown: the save failed.
            Attempt a = SaveAttempt(n, at);
            a.SaveStarted = true;
            if (Has(text, "--dump-dmesg"))
            {
                a.MakedumpfileFailed = false; // the "makedumpfile Failed." just before it was the dmesg step's
                a.Add(n, at, "saving vmcore-dmesg.txt failed");
            }
            else
            {
                a.SaveFailed = true;
                a.ToolError ??= (ToolMessage(text) is { Length: > 0 } said ? said : text.Trim()).TrimEnd('.').ToString();
                a.Add(n, at, "saving vmcore failed");
            }
            return true;
        }
        if (Has(text, "Unable to ioctl(KDSETLED)"))
        {
            // openSUSE kdump kdumptool LedBlink::execute (kdumptool/ledblink.cc): KSystemError("Unable to ioctl(KDSETLED)
            // -- are you not on the console?", errno), from the keyboard-LED blinker that only the save starts, in the
            // kdump initramfs: init/save_dump.sh runs `kdumptool ledblink` after its own check that this is a kdump
            // kernel (elfcorehdr on the command line, later /proc/vmcore), kdumptool 1.x/2.x SaveDump forks it
            // (BlinkProcess, "Cannot blink LEDs: " before the message). A capture kernel whose save has begun; the
            // blinker's failure is no failure of the save (round 22: a Cray NCN's SLE 15 kdump kernel that hung after it).
            Attempt a = SaveAttempt(n, at);
            a.SaveStarted = true;
            a.Add(n, at, "kdump save started (kdumptool's LED blinker)");
            return true;
        }
        if (Has(text, "saving vmcore-dmesg") || Has(text, "dmesg content") || IsToolDmesgRun(text)
            || Has(text, "Extracting dmesg") || Has(text, "Saved dmesg"))
        {
            // kdump-config's "saved dmesg content in %s" / "failed to save dmesg content in %s" too: a dmesg that failed
            // is no failed vmcore (the tools go on to the vmcore).
            Attempt a = SaveAttempt(n, at);
            a.Add(n, at, Has(text, "fail") ? "saving vmcore-dmesg.txt failed" : Has(text, "complete") || Has(text, "aved dmesg") ? "vmcore-dmesg.txt saved" : "saving vmcore-dmesg.txt");
            return true;
        }
        if (Has(text, "makedumpfile failed, falling back to"))
        {
            // kdump-tools kdump-config kdump_save_core ("makedumpfile failed, falling back to 'cp'") and
            // kdump_save_core_to_ssh (… 'scp'): the pipe through makedumpfile failed, so the whole /proc/vmcore is
            // copied instead, and "saved vmcore in" or "failed to save vmcore in" comes after. Not a verdict: the
            // save goes on (makedumpfile's own "makedumpfile Failed." before it no longer decides).
            Attempt a = SaveAttempt(n, at);
            a.MakedumpfileFailed = false;
            a.SaveStarted = true;
            a.Add(n, at, "makedumpfile failed; copying the whole vmcore instead");
            return true;
        }
        if (Has(text, "Cannot save core") || Has(text, "Unable to reach remote server"))
        {
            // kdump-tools kdump-config, run as "savecore" in the capture kernel only: kdump_save_core ("Unable to mount
            // remote NFS directory %s. Cannot save core", "Unable to write to the remote NFS directory %s. Cannot save
            // core") and kdump_save_core_to_ssh ("Unable to reach remote server %s; can't continue"): the dump target
            // cannot be reached, and the save returns 1.
            Attempt a = SaveAttempt(n, at);
            a.SaveFailed = true;
            a.ToolError ??= (ToolMessage(text) is { Length: > 0 } said ? said : text.Trim()).TrimEnd('.').ToString();
            a.Add(n, at, "dump target unreachable");
            return true;
        }
        if (EndsWith(text, "Deleting vmcore") && _attempt is { CaptureSeen: true } kept)
        {
            // openSUSE/kdump dracut/kdump-save: with less free space than KDUMP_FREE_DISK_SIZE left after the save it
            // says "Remaining space (%s MB) less than KDUMP_FREE_DISK_SIZE (%s MB)", "Deleting vmcore" and removes it.
            kept.Deleted = true;
            kept.Add(n, at, "vmcore deleted");
            return true;
        }
        if (Has(text, "saving opalcore"))
        {
            // kdump-utils save_opalcore_fs/_ssh (powernv's OPAL core, saved beside the vmcore): never the vmcore's result.
            Attempt a = SaveAttempt(n, at);
            a.Add(n, at, Has(text, "fail") ? "saving opalcore failed" : Has(text, "complete") ? "opalcore saved" : "saving opalcore");
            return true;
        }
        if (Has(text, "saving vmcore complete") || Has(text, "Dump saving completed") || Has(text, "Saved vmcore"))
        {
            Attempt a = SaveAttempt(n, at);
            a.Saved = true;
            a.Add(n, at, "vmcore saved");
            return true;
        }
        if (Has(text, "saved vmcore in"))
        {
            Attempt a = SaveAttempt(n, at);
            a.Saved = true;
            string path = After(text, "saved vmcore in").Trim().TrimEnd('.').ToString();
            if (path.Length > 0)
            {
                a.VmcorePath = path;
            }
            else
            {
                _pathWraps = true; // a mail-wrapped "… saved vmcore in\n/var/crash/…"
            }
            a.Add(n, at, "vmcore saved");
            return true;
        }
        if (Has(text, "saving vmcore failed") || Has(text, "sync vmcore failed") || Has(text, "moving vmcore failed")
            || Has(text, "failed to save vmcore") || Has(text, "Failed saving vmcore"))
        {
            Attempt a = SaveAttempt(n, at);
            a.SaveFailed = true;
            a.ExitCode ??= After(text, "exitcode:") is { Length: > 0 } code ? code.Trim().ToString() : null;
            a.Add(n, at, "saving vmcore failed");
            return true;
        }
        if (EndsWith(text, "saving vmcore") || Has(text, "running makedumpfile") || Has(text, "Saving dump")
            || Has(text, "sending makedumpfile"))
        {
            Attempt a = SaveAttempt(n, at);
            if (!a.SaveStarted)
            {
                a.SaveStarted = true;
                a.Add(n, at, "saving vmcore");
            }
            return true;
        }
        if (Has(text, "kdump") && (Has(text, ": saving to ") || Has(text, "kdump: dump target is "))
            || Has(text, "kdump") && Has(text, "saving to raw disk") || Has(text, "Dumping to NFS mountpoint"))
        {
            Attempt a = SaveAttempt(n, at);
            ReadOnlySpan<char> target = Has(text, "saving to ") ? After(text, "saving to ") : Has(text, "target is ") ? After(text, "target is ") : After(text, "mountpoint ");
            if (Has(text, "saving to ") && !Has(text, "raw disk"))
            {
                // kexec-tools dracut-kdump.sh dump_fs: "dump target is $_dev" names the device, then "saving to
                // $_mp/$KDUMP_PATH/…/" the directory the vmcore goes to: the directory wins.
                a.Target = target.Trim().ToString();
            }
            else
            {
                a.Target ??= target.Trim().ToString();
            }
            a.Add(n, at, "save target chosen");
            return true;
        }
        if (Has(text, "kdumproot") && !Has(text, "--mount") && _boot.Capture != true && _attempt is not { CaptureSeen: true })
        {
            // kdump-utils kdump-lib.sh get_kdump_mntpoint_from_target (kexec-tools e08ef78, 2015): a dump target that is
            // not the root disk is mounted under /kdumproot "in 2nd kernel" only (mkdumprd writes it into the kdump
            // initramfs's fstab; systemd names the unit kdumproot.mount). A console naming it shows the capture kernel,
            // even one that hangs before kdump.sh says a word (an NFS target that never comes). (In the first kernel the
            // path shows only in dracut's own command line, "Executing: … --mount '… /kdumproot/…'", when kdumpctl
            // rebuilds the initramfs.) Not returned: the line may still be the tool's error (below).
            SaveAttempt(n, at).Add(n, at, "kdump target mount (/kdumproot)");
        }
        if (_boot.Capture == true || _attempt is { CaptureSeen: true })
        {
            if (Has(text, "The kernel version is not supported"))
            {
                _attempt!.VersionWarning = true;
                return true;
            }
            if (Has(text, "The dumpfile is saved to "))
            {
                string file = After(text, "The dumpfile is saved to ").Trim().TrimEnd('.').ToString();
                _attempt!.DumpFile ??= file;
                // makedumpfile.c main prints it only when the dump was written (retcd == COMPLETED), then "makedumpfile
                // Completed."; "STDOUT" is a pipe (kdump-tools' `makedumpfile -F … | compress`) whose far end may still fail.
                _attempt.WrittenDumpFile = file == "STDOUT" ? null : file;
                return true;
            }
            if (Has(text, "makedumpfile Completed") && _attempt!.WrittenDumpFile is { } written)
            {
                // The core collector wrote the vmcore and exited 0: what is left of the save script is a rename and a sync
                // (kdump-utils dracut-kdump.sh save_vmcore_fs: `mv vmcore-incomplete vmcore`, sync, "saving vmcore
                // complete"; kdump-config: `mv dump-incomplete dump.$stamp`, "saved vmcore in"). The dmesg step's own
                // "makedumpfile Completed." ("The dmesg log is saved to …" before it) is not the vmcore's.
                _attempt.CollectorCompleted = written;
                _attempt.WrittenDumpFile = null;
                _attempt.MakedumpfileFailed = false;
                _attempt.Add(n, at, "makedumpfile completed");
                return true;
            }
            if (Has(text, "makedumpfile Failed"))
            {
                _attempt!.MakedumpfileFailed = true;
                _attempt.Add(n, at, "makedumpfile failed");
                return true;
            }
            if (Has(text, "Executing final action") || Has(text, "Executing failure action"))
            {
                _attempt!.Add(n, at, Has(text, "failure action") ? "failure action" : "final action");
                return true;
            }
            if (_attempt is { } a && ToolMessage(text) is { Length: > 0 } said && LooksLikeError(said))
            {
                a.ToolError ??= said.TrimEnd('.').ToString();
                a.Add(n, at, "kdump error");
                return true;
            }
        }
        return false;
    }

    // kdump-tools kdump-config dump_dmesg: log_action_msg "running makedumpfile --dump-dmesg $vmcore $outfile", and on
    // failure "makedumpfile --dump-dmesg failed. dmesg content will be unavailable". The bare command, typed at a shell
    // on a saved vmcore ("# makedumpfile --dump-dmesg vmcore dmesg"), is no capture kernel's.
    private static bool IsToolDmesgRun(ReadOnlySpan<char> text) =>
        Has(text, "running makedumpfile --dump-dmesg") || Has(text, "makedumpfile --dump-dmesg failed");

    // "kdump.sh[707]: …": the journal's tag of kdump-capture.service's script (identifier, "[", the PID, "]: ").
    private static bool IsSaveScriptOutput(ReadOnlySpan<char> text)
    {
        int i = text.IndexOf("kdump.sh[", StringComparison.Ordinal);
        if (i < 0 || i > 0 && text[i - 1] != ' ')
        {
            return false;
        }
        int j = i + "kdump.sh[".Length;
        int digits = j;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            j++;
        }
        return j > digits && text[j..].StartsWith("]: ", StringComparison.Ordinal);
    }

    private Attempt SaveAttempt(long n, DateTimeOffset at)
    {
        if (_boot.Capture != true)
        {
            if (_attempt is { } mine && mine.FirstKernel == _boot)
            {
                // The crash and the save in one "boot": the console missed the capture kernel's banner. What follows is
                // the capture kernel's.
                _boot = new Boot(n, banner: false) { Capture = true };
                mine.CaptureBooted(n, at);
            }
            else
            {
                BootIsCapture(n, at);
            }
        }
        Attempt a = _attempt!;
        if (!a.CaptureSeen)
        {
            a.CaptureBooted(n, at);
        }
        if (_collectorError is { } pending)
        {
            a.CollectorError ??= pending;
            _collectorError = null;
        }
        return a;
    }

    private void Emit(KdumpFinding finding)
    {
        int at = _ready.Count;
        while (at > 0 && _ready[at - 1].StartLine > finding.StartLine)
        {
            at--;
        }
        _ready.Insert(at, finding);
    }
}
