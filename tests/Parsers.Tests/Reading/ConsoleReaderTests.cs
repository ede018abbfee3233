using SolWatch.Parsers.Kdump;
using SolWatch.Parsers.Reading;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Reading;

public sealed class ConsoleReaderTests
{
    private static string Fixture(string name) => File.ReadAllText(ReaderHarness.KdumpFixture(name));

    // A first kernel armed for kdump, an oops that kills it (no panic line: kdump is loaded, so oops_end goes
    // straight to crash_kexec), then the capture kernel's boot and a save that fails.
    private static readonly string OopsThenCaptureKernel = string.Join('\n',
        "[    0.000000] Linux version 5.14.0-362.el9.x86_64 (mockbuild@x86-vm-07) (gcc (GCC) 11.4.1) #1 SMP PREEMPT_DYNAMIC",
        "[    0.000000] Command line: BOOT_IMAGE=(hd0,gpt2)/vmlinuz-5.14.0-362.el9.x86_64 root=/dev/vda3 crashkernel=1G-4G:192M,4G-64G:256M",
        "[    0.012345] Reserving 256MB of memory at 3824MB for crashkernel (System RAM: 16383MB)",
        "[   12.345678] kdumpctl[901]: kdump: kexec: loaded kdump kernel",
        "[   12.345999] kdumpctl[901]: kdump: Starting kdump: [OK]",
        "[ 1234.567890] BUG: kernel NULL pointer dereference, address: 0000000000000008",
        "[ 1234.567901] #PF: supervisor read access in kernel mode",
        "[ 1234.567912] Oops: 0000 [#1] PREEMPT SMP NOPTI",
        "[ 1234.567923] CPU: 3 PID: 4242 Comm: kworker/3:1 Kdump: loaded Not tainted 5.14.0-362.el9.x86_64 #1",
        "[ 1234.567934] Hardware name: Dell Inc. PowerEdge R650/0PYXKY, BIOS 1.8.2 09/14/2022",
        "[ 1234.567945] RIP: 0010:ext4_free_blocks+0x3a/0x8f0",
        "[ 1234.567956] Call Trace:",
        "[ 1234.567967]  <TASK>",
        "[ 1234.567978]  ext4_ext_remove_space+0x6b2/0x1000",
        "[ 1234.567989]  ext4_truncate+0x3c2/0x4a0",
        "[ 1234.568000]  </TASK>",
        "[ 1234.568011] ---[ end trace 0000000000000000 ]---",
        "[    0.000000] Linux version 5.14.0-362.el9.x86_64 (mockbuild@x86-vm-07) (gcc (GCC) 11.4.1) #1 SMP PREEMPT_DYNAMIC",
        "[    0.000000] Command line: BOOT_IMAGE=(hd0,gpt2)/vmlinuz-5.14.0-362.el9.x86_64 irqpoll nr_cpus=1 reset_devices elfcorehdr=0xeffff000",
        "[    3.210000] kdump[455]: kdump: saving to /sysroot/var/crash/127.0.0.1-2026-12-04-12:00:00/",
        "[    3.220000] kdump[457]: kdump: saving vmcore-dmesg.txt to /sysroot/var/crash/127.0.0.1-2026-12-04-12:00:00/",
        "[    3.330000] kdump[461]: kdump: saving vmcore",
        "[    9.990000] kdump[470]: kdump: saving vmcore failed, _exitcode:1",
        "[   10.000000] kdump[472]: kdump: Executing final action systemctl reboot -f");

    [Fact]
    public void A_panic_report_is_given_out_at_once_with_its_story_so_far_and_the_story_then_ends_saved_with_the_vmcore_path()
    {
        List<ConsoleReading> readings = ReaderHarness.Read(Fixture("lab-x86_64-6.1-sysrq-ok-saved.log"));

        ReportRead panic = readings.OfType<ReportRead>().First(r => r.Report.Title == "kernel panic: sysrq triggered crash");
        Assert.NotNull(panic.Report.Kdump);
        Assert.NotEqual(KdumpOutcome.Saved, panic.Report.Kdump!.Outcome); // told before the capture kernel ran
        Assert.True(panic.Report.Kdump.Armed);
        int at = readings.IndexOf(panic);
        List<KdumpStoryChanged> later = [.. readings.Skip(at).OfType<KdumpStoryChanged>().Where(c => c.ReportStartLine == panic.Report.StartLine)];
        Assert.True(later.Count >= 2, $"the story moved on {later.Count} times");
        KdumpStoryChanged last = later[^1];
        Assert.True(last.Final);
        Assert.Equal(KdumpOutcome.Saved, last.Kdump.Outcome);
        Assert.StartsWith("/mnt/crash/127.0.0.1-", last.Kdump.VmcorePath, StringComparison.Ordinal);
        Assert.Contains(last.CaptureLines!, l => l.Text.Contains("kdump: saving vmcore complete", StringComparison.Ordinal));
        Assert.Contains(last.CaptureLines!, l => l.Text.Contains("Linux version", StringComparison.Ordinal));
    }

    [Fact]
    public void The_lines_handed_with_a_story_are_the_capture_kernels_from_its_banner_not_the_crashing_kernels()
    {
        List<ConsoleReading> readings = ReaderHarness.Read(Fixture("lab-x86_64-6.1-sysrq-ok-saved.log"));

        KdumpStoryChanged last = readings.OfType<KdumpStoryChanged>().Last(c => c.CaptureLines is not null);
        Assert.Contains("Linux version", last.CaptureLines![0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(last.CaptureLines, l => l.Text.Contains("Kernel panic - not syncing", StringComparison.Ordinal));
        Assert.Equal(last.CaptureLines.Select(l => l.Number).Order(), last.CaptureLines.Select(l => l.Number));
    }

    [Fact]
    public void A_panic_that_counts_down_to_reboot_ends_its_story_at_once_on_its_report_as_not_armed()
    {
        string[] console =
        [
            "[    0.000000] Linux version 6.1.0-13-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1",
            "[    0.000000] Command line: root=/dev/vda panic=10",
            "[   20.000000] sysrq: Trigger a crash",
            "[   20.000001] Kernel panic - not syncing: sysrq triggered crash",
            "[   20.000002] CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0-13-amd64 #1",
            "[   20.000003] Call Trace:",
            "[   20.000004]  <TASK>",
            "[   20.000005]  dump_stack_lvl+0x44/0x5c",
            "[   20.000006]  panic+0x118/0x2ed",
            "[   20.000007]  sysrq_handle_crash+0x16/0x20",
            "[   20.000008]  </TASK>",
            "[   20.000009] Kernel Offset: disabled",
            "[   20.000010] Rebooting in 10 seconds..",
            "[   21.000000] sysrq: Trigger a crash",
            "[   21.000001] Kernel panic - not syncing: sysrq triggered crash",
            "[   21.000002] CPU: 0 PID: 1 Comm: sh Not tainted 6.1.0-13-amd64 #1",
            "[   21.000003] Call Trace:",
            "[   21.000004]  <TASK>",
            "[   21.000005]  panic+0x118/0x2ed",
            "[   21.000006]  sysrq_handle_crash+0x16/0x20",
            "[   21.000007]  </TASK>",
            "[   21.000008] Rebooting in 10 seconds..",
        ];
        List<ConsoleReading> readings = ReaderHarness.Read(string.Join('\n', console) + "\n");

        // The second panic, with no banner between (a console that missed the reboot), is a crash of its own.
        List<ReportRead> panics = [.. readings.OfType<ReportRead>()];
        Assert.Equal(2, panics.Count);
        Assert.All(panics, p => Assert.Equal(KdumpOutcome.NotArmed, p.Report.Kdump?.Outcome));
        Assert.All(panics, p => Assert.Equal("no capture kernel was loaded: the panic went on to reboot", p.Report.Kdump!.Reason));
        Assert.Equal([3L, 14L], panics.Select(p => p.Report.Kdump!.Timeline[0].Line));
    }

    [Fact]
    public void A_capture_kernel_that_runs_out_of_memory_ends_its_crashs_story_as_a_failed_capture_that_names_the_reservation()
    {
        List<CrashReport> reports = ReaderHarness.Scan(Fixture("lab-x86_64-6.1-sysrq-nomem-capture-oom.log"));

        CrashReport crash = reports.First(r => r.Title == "kernel panic: sysrq triggered crash");
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, crash.Kdump!.Outcome);
        Assert.Contains("crashkernel=72M is too small", crash.Kdump.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_capture_kernels_own_out_of_memory_panic_is_part_of_the_crashs_story_not_a_report_of_its_own()
    {
        List<ConsoleReading> readings = ReaderHarness.Read(Fixture("lab-x86_64-6.1-sysrq-nomem-capture-oom.log"));

        ReportRead crash = Assert.Single(readings.OfType<ReportRead>());
        Assert.Equal("kernel panic: sysrq triggered crash", crash.Report.Title);
        CaptureKernelReportRead own = Assert.Single(readings.OfType<CaptureKernelReportRead>());
        Assert.Equal(crash.Report.StartLine, own.OwnerStartLine);
        Assert.True(own.Report.StartLine > crash.Report.EndLine);
        KdumpStoryChanged last = readings.OfType<KdumpStoryChanged>().Last();
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, last.Kdump.Outcome);
        Assert.Contains(last.CaptureLines!, l => l.Number == own.Report.StartLine);
        Assert.Equal(["kernel panic: sysrq triggered crash"], ReaderHarness.Scan(Fixture("lab-x86_64-6.1-sysrq-nomem-capture-oom.log")).Select(r => r.Title));
    }

    [Fact]
    public void A_crash_in_the_first_kernel_after_a_capture_kernel_rebooted_is_a_report_of_its_own()
    {
        string text = Fixture("lab-x86_64-6.1-sysrq-nomem-capture-oom.log");
        string again = text + string.Join('\n',
            "[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1",
            "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/vda1 crashkernel=72M",
            "[   50.000000] Kernel panic - not syncing: sysrq triggered crash",
            "[   50.000001] CPU: 0 PID: 1 Comm: bash Not tainted 6.1.0-28-amd64 #1",
            "[   50.000002] Call Trace:",
            "[   50.000003]  <TASK>",
            "[   50.000004]  dump_stack_lvl+0x44/0x5c",
            "[   50.000005]  panic+0x118/0x2ed",
            "[   50.000006]  </TASK>",
            "[   50.000007] ---[ end Kernel panic - not syncing: sysrq triggered crash ]---") + "\n";

        List<ConsoleReading> readings = ReaderHarness.Read(again);

        Assert.Equal(2, readings.OfType<ReportRead>().Count());
        Assert.Single(readings.OfType<CaptureKernelReportRead>());
    }

    [Fact]
    public void A_crash_after_the_capture_kernel_restarted_is_the_next_boots_own_though_its_banner_was_not_shown()
    {
        // A first kernel booted with "quiet" prints its banner under the console's level: after a saved dump, the
        // capture kernel's "reboot: Restarting system" is the last the console shows of it before the next boot's crash.
        string text = Fixture("lab-x86_64-6.1-sysrq-ok-saved.log") + string.Join('\n',
            "[ 3600.000000] Kernel panic - not syncing: second crash on the same console",
            "[ 3600.000001] CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-57-amd64 #1",
            "[ 3600.000002] Call Trace:",
            "[ 3600.000003]  <TASK>",
            "[ 3600.000004]  dump_stack_lvl+0x44/0x5c",
            "[ 3600.000005]  panic+0x118/0x2ed",
            "[ 3600.000006]  </TASK>") + "\n";

        List<ConsoleReading> readings = ReaderHarness.Read(text);

        Assert.Empty(readings.OfType<CaptureKernelReportRead>());
        Assert.Equal(["kernel panic: sysrq triggered crash", "kernel panic: second crash on the same console"],
            readings.OfType<ReportRead>().Select(r => r.Report.Title));
        List<CrashReport> scanned = ReaderHarness.Scan(text);
        Assert.Equal(KdumpOutcome.Saved, scanned[0].Kdump!.Outcome);
        Assert.Equal(KdumpOutcome.Unknown, scanned[1].Kdump!.Outcome);
        // The first story's capture lines end at the capture kernel's restart.
        KdumpStoryChanged first = readings.OfType<KdumpStoryChanged>().Last(c => c.ReportStartLine == scanned[0].StartLine);
        Assert.DoesNotContain(first.CaptureLines!, l => l.Text.Contains("second crash", StringComparison.Ordinal));
    }

    [Fact]
    public void A_console_that_ends_at_the_capture_kernels_restart_leaves_an_unfinished_save_undecided()
    {
        // A paste that leaves out the save's last lines: the restart alone does not say the save failed.
        string text = string.Join('\n', File.ReadLines(ReaderHarness.KdumpFixture("lab-x86_64-6.1-sysrq-ok-saved.log"))
            .Where(l => !l.Contains("saving vmcore complete", StringComparison.Ordinal) && !l.Contains("Completed.", StringComparison.Ordinal)
                        && !l.Contains("makedumpfile Completed", StringComparison.Ordinal) && !l.Contains("saved vmcore", StringComparison.Ordinal)
                        && !l.Contains("final action", StringComparison.Ordinal))) + "\n";

        CrashReport crash = Assert.Single(ReaderHarness.Scan(text));

        Assert.Equal(KdumpOutcome.Unknown, crash.Kdump!.Outcome);
    }

    [Fact]
    public void An_oops_with_kdump_loaded_owns_the_capture_that_follows_it_though_no_panic_line_came_between()
    {
        List<ConsoleReading> readings = ReaderHarness.Read(OopsThenCaptureKernel);

        ReportRead oops = Assert.Single(readings.OfType<ReportRead>());
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in ext4_free_blocks", oops.Report.Title);
        KdumpStoryChanged last = readings.OfType<KdumpStoryChanged>().Last();
        Assert.Equal(oops.Report.StartLine, last.ReportStartLine);
        Assert.True(last.Final);
        Assert.Equal(KdumpOutcome.SaveFailed, last.Kdump.Outcome);
        Assert.Equal(256L << 20, last.Kdump.CrashKernelBytes);

        List<CrashReport> scanned = ReaderHarness.Scan(OopsThenCaptureKernel);
        Assert.Equal(KdumpOutcome.SaveFailed, Assert.Single(scanned).Kdump!.Outcome);
    }

    [Fact]
    public void A_capture_kernel_with_no_crash_report_before_it_becomes_a_report_of_its_own()
    {
        string firstKernel = string.Join('\n',
            "[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1",
            "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=/dev/sda1 crashkernel=384M-:256M",
            "[    0.010000] Reserving 256MB of memory at 3312MB for crashkernel (System RAM: 8191MB)",
            "[    9.000000] kdump-tools[612]: Starting kdump-tools:",
            "[    9.100000] kdump-tools[640]:  * loaded kdump kernel",
            "[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1",
            "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=/dev/sda1 reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll elfcorehdr=4172576K");

        List<CrashReport> reports = ReaderHarness.Scan(firstKernel);

        CrashReport capture = Assert.Single(reports);
        Assert.Equal(ConsoleReader.CaptureWithoutReportTitle, capture.Title);
        Assert.True(capture.Panicked);
        Assert.True(capture.Kdump!.CaptureWithoutCrash);
    }

    [Fact]
    public void A_crash_with_kdump_loaded_and_then_silence_is_called_a_failed_capture_only_after_the_console_stays_quiet()
    {
        string text = OopsThenCaptureKernel[..OopsThenCaptureKernel.IndexOf("---[ end trace", StringComparison.Ordinal)] + "---[ end trace 0000000000000000 ]---\n" +
                      "[ 1234.568022] Kernel panic - not syncing: Fatal exception\n";
        var reader = new ConsoleReader();
        List<ConsoleReading> readings = ReaderHarness.Read(reader, text, complete: false);
        readings.AddRange(reader.Flush(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero)));
        ReportRead oops = Assert.Single(readings.OfType<ReportRead>());
        Assert.Equal(KdumpOutcome.Unknown, oops.Report.Kdump!.Outcome);
        Assert.Contains("waiting for the capture kernel", oops.Report.Kdump.Reason, StringComparison.Ordinal);

        List<KdumpStoryChanged> hung = [.. reader.MarkQuiet(TimeSpan.FromMinutes(10)).OfType<KdumpStoryChanged>()];

        KdumpStoryChanged change = Assert.Single(hung);
        Assert.Equal(KdumpOutcome.CaptureKernelFailed, change.Kdump.Outcome);
        Assert.Contains("no capture kernel has appeared on the console for 10 min", change.Kdump.Reason, StringComparison.Ordinal);
        Assert.Empty(reader.MarkQuiet(TimeSpan.FromMinutes(20))); // said once
    }

    [Fact]
    public void Reports_of_crashes_the_kernel_lived_through_carry_no_kdump_story()
    {
        string text = string.Join('\n',
            "[  100.000000] ------------[ cut here ]------------",
            "[  100.000001] WARNING: CPU: 1 PID: 77 at net/core/dev.c:5678 netif_napi_add_weight+0x1a/0x200",
            "[  100.000002] Modules linked in: e1000e",
            "[  100.000003] CPU: 1 PID: 77 Comm: modprobe Kdump: loaded Not tainted 6.1.0 #1",
            "[  100.000004] RIP: 0010:netif_napi_add_weight+0x1a/0x200",
            "[  100.000005] Call Trace:",
            "[  100.000006]  e1000_probe+0x300/0x900 [e1000e]",
            "[  100.000007] ---[ end trace 0000000000000000 ]---",
            "[  101.000000] e1000e 0000:00:19.0 eth0: registered PHC clock");

        CrashReport warning = Assert.Single(ReaderHarness.Scan(text));

        Assert.Equal(CrashKind.Warning, warning.Kind);
        Assert.Null(warning.Kdump);
    }
}
