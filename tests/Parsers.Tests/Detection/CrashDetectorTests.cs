using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Detection;

public class CrashDetectorTests
{
    private static readonly string[] Oops =
    [
        "BUG: kernel NULL pointer dereference, address: 0000000000000000",
        "#PF: supervisor write access in kernel mode",
        "Oops: 0002 [#1] PREEMPT SMP NOPTI",
        "CPU: 0 PID: 91 Comm: sh Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2",
        "Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
        "RIP: 0010:lab_null+0x5/0x20 [labcrash]",
        "RSP: 0018:ffffc90000593b80 EFLAGS: 00000246",
        "RAX: 0000000000000000 RBX: ffff8880053597e0 RCX: c0000000ffffefff",
        "Call Trace:",
        " <TASK>",
        " lab_set.cold+0xe8/0x354 [labcrash]",
        " param_attr_store+0x94/0xe0",
        " vfs_write+0x235/0x3f0",
        " </TASK>",
        "Modules linked in: labcrash(OE)",
        "CR2: 0000000000000000",
        "---[ end trace 0000000000000000 ]---",
    ];

    // A kern.log copied from an 80-column terminal: the header's record broken before "locked", the tail without a prefix.
    private static readonly string[] WrappedHungTask =
    [
        "Jan 19 02:32:23 host kernel: [36960.552119] INFO: task mysqld:1938 b",
        "locked for more than 120 seconds.",
        "Jan 19 02:33:58 host kernel: [36960.552331] mysqld        D 0003df5a     0  1938      1 0x00000000",
        "Jan 19 02:33:58 host kernel: [36960.552398] Call Trace:",
        "Jan 19 02:33:58 host kernel: [36960.552420]  [<c05b3a45>] rwsem_down_failed_common+0x75/0x1a0",
        "Jan 19 02:33:58 host kernel: [36960.552464]  [<c01f6166>] sys_mremap+0x26/0x60",
        "Jan 19 02:33:58 host kernel: [36960.552475]  [<c01097ac>] syscall_call+0x7/0xb",
    ];

    [Fact]
    public void A_header_broken_by_a_terminals_width_is_read_whole_from_its_unprefixed_tail()
    {
        CrashReport r = Assert.Single(Scan(string.Join("\n", WrappedHungTask) + "\n"));
        Assert.Equal(CrashKind.HungTask, r.Kind);
        Assert.Equal("INFO: task hung in sys_mremap", r.Title);
    }

    [Fact]
    public void A_record_with_an_empty_message_is_no_head_of_a_wrapped_header()
    {
        // A kernel journal record whose MESSAGE is empty while another field holds a marker word: the line may hold a
        // header, but its message is no text a terminal could have cut, so the unprefixed line after it is no tail (and the
        // detector must not index into the empty head).
        string[] lines =
        [
            "{\"MESSAGE\":\"\",\"_TRANSPORT\":\"kernel\",\"SYSLOG_IDENTIFIER\":\"BUG: unable to handle\"}",
            "locked for more than 120 seconds.",
            .. WrappedHungTask,
        ];
        CrashReport r = Assert.Single(Scan(string.Join("\n", lines) + "\n"));
        Assert.Equal("INFO: task hung in sys_mremap", r.Title);
    }

    [Fact]
    public void A_line_with_a_prefix_of_its_own_is_no_tail_of_the_line_before()
    {
        string[] lines = [.. WrappedHungTask];
        lines[1] = "Jan 19 02:32:23 host kernel: [36960.552120] locked for more than 120 seconds.";
        Assert.Empty(Scan(string.Join("\n", lines) + "\n"));
    }

    [Fact]
    public void An_indented_line_after_an_unfinished_marker_line_is_a_continuation_and_no_tail()
    {
        string[] lines = [.. WrappedHungTask];
        lines[1] = "  locked for more than 120 seconds.";
        Assert.Empty(Scan(string.Join("\n", lines) + "\n"));
    }

    // A mail client wraps at a blank and drops it: the WARN()'s function lands on a line of its own (s390x blktests report,
    // gmail at 72 columns). __warn() always prints "at FILE:LINE FUNC+0x…/0x…" in one record.
    private static readonly string[] MailWrappedWarning =
    [
        "[  967.295512] ------------[ cut here ]------------",
        "[  967.295517] WARNING: CPU: 1 PID: 8 at block/blk-mq-sched.c:432",
        "blk_mq_sched_insert_request+0x54/0x178",
        "[  967.295579] CPU: 1 PID: 8 Comm: kworker/u128:0 Not tainted 5.15.0.v3+ #6",
        "[  967.295635] Call Trace:",
        "[  967.295637]  [<000000004feaa208>] blk_mq_sched_insert_request+0x58/0x178",
        "[  967.295643]  [<000000004fe9aa2e>] blk_execute_rq+0x56/0xd8",
        "[  967.295716] ---[ end trace faff7345b32090bf ]---",
    ];

    [Fact]
    public void A_header_a_mailer_wrapped_at_a_blank_is_read_whole_across_the_dropped_blank()
    {
        CrashReport r = Assert.Single(Scan(string.Join("\n", MailWrappedWarning) + "\n"));
        Assert.Equal(CrashKind.Warning, r.Kind);
        Assert.Equal("WARNING in blk_mq_sched_insert_request", r.Title);
    }

    [Fact]
    public void A_quoted_header_wrapped_by_the_mailer_is_read_whole_without_the_tails_quote_marks()
    {
        // Thunderbird keeps the blank at the end of the first piece; the reply quotes both pieces with "> ".
        CrashReport r = Assert.Single(Scan(string.Join("\n",
            "> kernel: [   99.762402] WARNING: CPU: 10 PID: 1301 at ",
            "> arch/x86/xen/multicalls.c:102 xen_mc_flush+0x196/0x220",
            "> kernel: [   99.765214] RIP: e030:xen_mc_flush+0x196/0x220",
            "> kernel: [   99.768181] Call Trace:",
            "> kernel: [   99.770478]  xen_mc_issue+0x6d/0x70",
            "> kernel: [   99.775365] ---[ end trace 0000000000000000 ]---") + "\n"));
        Assert.Equal("WARNING in xen_mc_flush", r.Title);
    }

    [Fact]
    public void A_wrapped_header_of_a_console_without_printk_times_is_read_whole_when_its_tail_is_the_symbol()
    {
        // A commit message quoting an untimed s390x report (6.17, z/VM): no line has a prefix, so the tail is taken only
        // because it starts with the "%pS" symbol the WARNING header ends in.
        CrashReport r = Assert.Single(Scan(string.Join("\n",
            "------------[ cut here ]------------",
            "WARNING: CPU: 5 PID: 858 at kernel/resource.c:1486",
            "release_mem_region_adjustable+0x210/0x280",
            "Modules linked in:",
            "CPU: 5 UID: 0 PID: 858 Comm: chmem Not tainted 6.17.0-rc2-11707-g2c36aaf3ba4e",
            "Call Trace:",
            " [<0000024ec0dae0e4>] release_mem_region_adjustable+0x214/0x280",
            " [<0000024ec10a2130>] try_remove_memory+0x100/0x140",
            "---[ end trace 0000000000000000 ]---") + "\n"));
        Assert.Equal("WARNING in release_mem_region_adjustable", r.Title);
    }

    [Fact]
    public void An_untimed_marker_line_is_not_joined_to_a_following_line_of_words()
    {
        Assert.Empty(Scan(string.Join("\n",
            "WARNING: CPU: 5 PID: 858 at kernel/resource.c:1486",
            "then the machine went on as usual") + "\n"));
    }

    [Fact]
    public void A_location_line_whose_next_line_is_no_function_stays_no_header()
    {
        string[] lines = [.. MailWrappedWarning];
        lines[2] = "see the attached log for details";
        Assert.Empty(Scan(string.Join("\n", lines.Take(3)) + "\n"));
    }

    [Fact]
    public void A_panic_after_an_oops_belongs_to_the_oops()
    {
        List<CrashReport> reports = Scan(Console([.. Oops, "Kernel panic - not syncing: Fatal exception", "Kernel Offset: disabled",
            "---[ end Kernel panic - not syncing: Fatal exception ]---"]));
        CrashReport r = Assert.Single(reports);
        Assert.Equal(CrashKind.Oops, r.Kind);
        Assert.True(r.Panicked);
        Assert.Equal("Fatal exception", r.PanicReason);
        Assert.Contains("end Kernel panic", r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_panic_printed_after_the_clock_went_back_is_another_boot_and_not_the_oops_panic()
    {
        // Two dmesg captures one after the other: printk's clock only moves forward within a boot.
        string text = Console(Oops) + "[    8.766408] Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: ffffffffc0c88942\r\n"
            + "[    8.766428] CPU: 1 PID: 1594 Comm: modprobe Not tainted 4.11.3+ #2\r\n";
        List<CrashReport> reports = Scan(text);
        Assert.Equal(2, reports.Count);
        Assert.Equal(CrashKind.Oops, reports[0].Kind);
        Assert.False(reports[0].Panicked);
        Assert.True(reports[1].Panicked);
    }

    [Fact]
    public void A_panic_a_few_seconds_after_the_oops_still_belongs_to_it()
    {
        string text = Console(Oops) + "[  104.000001] Kernel panic - not syncing: Fatal exception\r\n";
        CrashReport r = Assert.Single(Scan(text));
        Assert.True(r.Panicked);
    }

    [Fact]
    public void A_kernel_bug_whose_invalid_opcode_line_came_first_and_twice_is_one_kernel_bug()
    {
        // report_bug() prints "kernel BUG at" before die()'s "invalid opcode"; this capture put them out of order, glued
        // user-space output to the kernel's lines and repeated some.
        string text = "-wait-wouldblock[  347.423535] invalid opcode: 0000 [#1] SMP PTI\r\n"
            + "[  347.416924] kernel BUG at arch/x86/kvm/mmu/mmu.c:3722!\r\n"
            + "# ok 1 futex[  347.411307] ------------[ cut here ]------------\r\n"
            + "[  347.416924] kernel BUG at arch/x86/kvm/mmu/mmu.c:3722!\r\n"
            + "-wait-wouldblock[  347.423535] invalid opcode: 0000 [#1] SMP PTI\r\n"
            + "[  347.429212] CPU: 0 PID: 10338 Comm: set_memory_regi Not tainted 5.7.0-rc6-next-20200518 #1\r\n"
            + "[  347.444943] RIP: 0010:kvm_mmu_load+0x407/0x420\r\n"
            + "[  347.544178] Call Trace:\r\n"
            + "[  347.546623]  vcpu_enter_guest+0x10d4/0x1800\r\n"
            + "[  347.555864]  kvm_arch_vcpu_ioctl_run+0x12a/0x650\r\n"
            + "[  347.565266]  kvm_vcpu_ioctl+0x261/0x680\r\n"
            + "[  347.600000] ---[ end trace 0000000000000000 ]---\r\n";
        CrashReport r = Assert.Single(Scan(text));
        Assert.Equal("kernel BUG in kvm_mmu_load", r.Title);
        Assert.False(r.Corrupted);
    }

    [Fact]
    public void An_oops_without_a_panic_is_a_crash_that_did_not_panic()
    {
        CrashReport r = Assert.Single(Scan(Console([.. Oops, "LAB: still alive after crash=oops"])));
        Assert.False(r.Panicked);
        Assert.Null(r.PanicReason);
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", r.Title);
    }

    [Fact]
    public void An_oops_cut_off_by_a_capture_kernel_booting_is_a_panicked_crash()
    {
        // kdump loaded: panic_on_oops jumps straight into the capture kernel, no "Kernel panic" line at all.
        string console = Console(Oops[..^1]) + "[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)\r\n"
                         + "[    0.000000] Command line: elfcorehdr=0x5000000 console=ttyS0\r\n";
        CrashReport r = Assert.Single(Scan(console));
        Assert.True(r.Panicked);
        Assert.Equal("lab_null", r.GuiltyFrame);
        Assert.DoesNotContain("Linux version", r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oops_followed_by_the_jump_into_the_capture_kernel_is_a_panicked_crash_though_no_banner_follows()
    {
        // arm64/riscv machine_crash_shutdown(): "Starting crashdump kernel...", then "Bye!", and the console may end there.
        string console = Console([.. Oops, "Starting crashdump kernel...", "Bye!"]);
        CrashReport r = Assert.Single(Scan(console));
        Assert.True(r.Panicked);
        Assert.Equal("lab_null", r.GuiltyFrame);
    }

    [Fact]
    public void Every_field_of_the_report_is_extracted()
    {
        CrashReport r = Assert.Single(Scan(Console(Oops)));
        Assert.Equal(new InstructionPointer(null, "lab_null", 5, 0x20, "labcrash"), r.Ip);
        Assert.Equal(new TaskInfo(0, 91, "sh"), r.Task);
        Assert.Equal(new KernelInfo("6.1.0-56-amd64", "OE"), r.Kernel);
        Assert.StartsWith("QEMU Standard PC", r.Hardware, StringComparison.Ordinal);
        Assert.Equal(["labcrash"], r.Modules.ToArray());
        Assert.Equal(["lab_set", "param_attr_store", "vfs_write"], r.Frames.Select(f => f.Function));
        Assert.Equal("labcrash", r.Frames[0].Module);
        Assert.Equal("ffff8880053597e0", r.Registers["RBX"]);
        Assert.Equal(1, r.StartLine);
        Assert.Equal(Oops.Length, r.EndLine);
        Assert.Matches("^[0-9a-f]{16}$", r.Fingerprint);
    }

    [Fact]
    public void The_fingerprint_ignores_addresses_offsets_pids_and_times()
    {
        string other = Console([.. Oops.Select(l => l.Replace("PID: 91", "PID: 4242", StringComparison.Ordinal)
            .Replace("0x5/0x20", "0x9/0x24", StringComparison.Ordinal).Replace("ffff8880053597e0", "ffff888001234567", StringComparison.Ordinal))]);
        Assert.Equal(Assert.Single(Scan(Console(Oops))).Fingerprint, Assert.Single(Scan(other)).Fingerprint);
    }

    [Theory]
    // kernel/panic.c warn_slowpath_common, 2.6.2x–3.10: printk("WARNING: at %s:%d %pS()\n", file, line, caller)
    // (RHEL 6's 2.6.32 prints the caller's offset too; 3.11 put "CPU: %d PID: %d" before " at ").
    [InlineData("WARNING: at net/ipv4/tcp_input.c:2776 tcp_fastretrans_alert+0xc7a/0xd10()")]
    [InlineData("WARNING: at net/ipv4/tcp_input.c:2776 tcp_fastretrans_alert()")]
    public void The_old_warning_form_without_cpu_and_pid_is_a_warning_in_its_function(string header)
    {
        string console = string.Concat(
            "------------[ cut here ]------------\n",
            header + "\n",
            "Hardware name: PowerEdge R610\n",
            "Modules linked in: nfs lockd\n",
            "Pid: 0, comm: swapper Not tainted 2.6.32-431.el6.x86_64 #1\n",
            "Call Trace:\n",
            " <IRQ>  [<ffffffff81071e27>] warn_slowpath_common+0x87/0xc0\n",
            " [<ffffffff81071e7a>] warn_slowpath_null+0x1a/0x20\n",
            " [<ffffffff814c5a1a>] tcp_fastretrans_alert+0xc7a/0xd10\n",
            " [<ffffffff814c6b22>] tcp_ack+0x1c2/0x1240\n",
            "---[ end trace a7919e7f17c0a725 ]---\n");
        CrashReport report = Assert.Single(Scan(console));
        Assert.Equal((CrashKind.Warning, "WARNING in tcp_fastretrans_alert", false), (report.Kind, report.Title, report.Corrupted));
    }

    [Fact]
    public void An_old_warning_whose_every_frame_is_unreliable_is_still_reported_and_called_corrupted()
    {
        string console = string.Concat(
            "WARNING: at net/ipv4/tcp_input.c:2776 tcp_fastretrans_alert+0xc7a/0xd10()\n",
            "Pid: 0, comm: swapper Not tainted 2.6.32-431.el6.x86_64 #1\n",
            "Call Trace:\n",
            " <IRQ>  [<ffffffff81071e27>] ? warn_slowpath_common+0x87/0xc0\n",
            " [<ffffffff814c5a1a>] ? tcp_fastretrans_alert+0xc7a/0xd10\n",
            "---[ end trace a7919e7f17c0a725 ]---\n");
        CrashReport report = Assert.Single(Scan(console));
        // As syzkaller names a WARNING whose stack holds no reliable frame (cf. Fixtures/unseen/x86-3.16-warning-hard-lockup).
        Assert.Equal((CrashKind.Warning, "WARNING in corrupted", true), (report.Kind, report.Title, report.Corrupted));
    }

    [Fact]
    public void Reports_of_interleaved_contexts_are_kept_apart()
    {
        string console = string.Concat(
            "[   10.000001][ T100] WARNING: CPU: 0 PID: 100 at fs/a.c:1 alpha_write+0x1/0x2\n",
            "[   10.000002][ T200] BUG: kernel NULL pointer dereference, address: 0000000000000000\n",
            "[   10.000003][ T100] RIP: 0010:alpha_write+0x1/0x2\n",
            "[   10.000004][ T200] RIP: 0010:beta_read+0x3/0x4\n",
            "[   10.000005][ T100] Call Trace:\n",
            "[   10.000006][ T200] Call Trace:\n",
            "[   10.000007][ T100]  vfs_write+0x1/0x2\n",
            "[   10.000008][ T200]  vfs_read+0x1/0x2\n",
            "[   10.000009][ T100] ---[ end trace 0000000000000000 ]---\n",
            "[   10.000010][ T200] ---[ end trace 0000000000000000 ]---\n");
        List<CrashReport> reports = Scan(console);
        Assert.Equal(["WARNING in alpha_write", "BUG: unable to handle kernel NULL pointer dereference in beta_read"], reports.Select(r => r.Title));
        Assert.DoesNotContain("beta", reports[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_on_a_console_gone_quiet_is_closed_by_flush()
    {
        var detector = new CrashDetector(new DetectorOptions { QuietPeriod = TimeSpan.FromSeconds(5) });
        var t0 = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        int i = 0;
        foreach (string line in Console([.. Oops[..^1], "Kernel panic - not syncing: Fatal exception"]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Empty(detector.Push(line, t0.AddMilliseconds(i++)));
        }
        Assert.Empty(detector.Flush(t0.AddSeconds(2)));
        CrashReport r = Assert.Single(detector.Flush(t0.AddSeconds(6)));
        Assert.True(r.Panicked);
        Assert.False(detector.InReport);
    }

    [Fact]
    public void Crlf_ansi_escapes_and_nuls_do_not_hide_a_crash()
    {
        string noisy = "\u001b[0m\0\0" + Console(Oops).Replace("Call Trace:", "\u001b[1mCall Trace:\u001b[0m", StringComparison.Ordinal) + "\0";
        Assert.Equal("lab_null", Assert.Single(Scan(noisy)).GuiltyFrame);
    }

    [Fact]
    public void Ordinary_boot_messages_are_not_crashes()
    {
        Assert.Empty(Scan(Console(
            "Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)",
            "Spectre V2 : WARNING: Unprivileged eBPF is enabled with eIBRS on, data leaks possible via Spectre v2 BHB attacks!",
            "INFO: lockdep is turned off.",
            "NMI watchdog: Perf NMI watchdog permanently disabled",
            "traps: a.out[1234] general protection fault ip:401136 sp:7ffd5b7ba6c0 error:0 in a.out[401000+1000]",
            "systemd[1]: Started Journal Service.")));
    }

    [Fact]
    public void A_crash_title_never_holds_a_number_or_an_address()
    {
        CrashReport r = Assert.Single(Scan(Console("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)",
            "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0 #1", "Call Trace:", " dump_stack_lvl+0x44/0x5c", " panic+0x118/0x2f4",
            " mount_block_root+0x1c2/0x1d8")));
        Assert.Equal("kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)", r.Title);
        Assert.Equal("mount_block_root", r.Ip?.Function);
    }

    [Theory]
    [InlineData("watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [kworker/0:1:123]", CrashKind.Lockup, "BUG: soft lockup in")]
    [InlineData("INFO: task jbd2/sda1-8:312 blocked for more than 120 seconds.", CrashKind.HungTask, "INFO: task hung in")]
    [InlineData("rcu: INFO: rcu_sched self-detected stall on CPU", CrashKind.RcuStall, "INFO: rcu detected stall in")]
    [InlineData("BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580", CrashKind.AtomicContext, "BUG: sleeping function called from invalid context in")]
    [InlineData("BUG: scheduling while atomic: sh/91/0x00000002", CrashKind.AtomicContext, "BUG: scheduling while atomic in")]
    [InlineData("kernel BUG at lib/list_debug.c:29!", CrashKind.Corruption, "BUG: corrupted list in")]
    [InlineData("BUG: KASAN: slab-use-after-free in tcp_close+0x1/0x2", CrashKind.Sanitizer, "KASAN: slab-use-after-free Read in")]
    [InlineData("UBSAN: shift-out-of-bounds in net/ipv4/tcp.c:123:45", CrashKind.Sanitizer, "UBSAN: shift-out-of-bounds in")]
    [InlineData("WARNING: possible circular locking dependency detected", CrashKind.Lockdep, "possible deadlock in")]
    [InlineData("Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009", CrashKind.Panic, "kernel panic: Attempted to kill init!")]
    [InlineData("Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled", CrashKind.OutOfMemory, "kernel panic: Out of memory")]
    [InlineData("NMI watchdog: Watchdog detected hard LOCKUP on cpu 1", CrashKind.Lockup, "BUG: hard lockup in")]
    [InlineData("general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI", CrashKind.Exception, "general protection fault in")]
    [InlineData("PANIC: double fault, error_code: 0x0", CrashKind.Exception, "PANIC: double fault in")]
    [InlineData("stack segment: 0000 [#1] SMP", CrashKind.Exception, "stack segment fault in")]
    public void Each_crash_family_is_recognized_and_named(string header, CrashKind kind, string titleStart)
    {
        CrashReport r = Assert.Single(Scan(Console(header, "CPU: 0 PID: 7 Comm: kworker/0:1 Not tainted 6.1.0 #1", "RIP: 0010:victim_func+0x1/0x2",
            "Read of size 8 at addr ffff888012345678 by task sh/91", "leaving the kernel with locks still held", "Call Trace:", " <TASK>",
            " victim_func+0x1/0x2", " caller_func+0x1/0x2", " vfs_write+0x235/0x3f0", " do_syscall_64+0x5d/0xb0", " </TASK>")));
        Assert.Equal(kind, r.Kind);
        Assert.StartsWith(titleStart, r.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_a_header_without_the_kernel_prefix_interrupts_is_still_reported()
    {
        // A kernel report, then a copy of its header with no printk time (pasted by a tool, or a cut console): the
        // copy opens a report of its own, and the kernel's report must end there, not vanish.
        string text = Console(Oops) + string.Join("\r\n", Oops) + "\r\n";
        List<CrashReport> reports = Scan(text);
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in lab_null", r.Title));
        Assert.Contains("[  100.000000]", reports[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_modules_list_is_read_up_to_the_last_unloaded_note_and_shared_between_reports()
    {
        string[] oops = [.. Oops.Select(l => l.StartsWith("Modules linked in:", StringComparison.Ordinal)
            ? "Modules linked in: ext4(E)  mbcache jbd2 bad!name [last unloaded: foo] bar" : l)];
        List<CrashReport> reports = Scan(Console([.. oops, "LAB: alive", .. oops]));
        Assert.Equal(2, reports.Count);
        Assert.Equal(["ext4", "mbcache", "jbd2"], reports[0].Modules.ToArray());
        Assert.Same(reports[0].Modules[0], reports[1].Modules[0]);
        Assert.Same(reports[0].Hardware, reports[1].Hardware);
    }
}
