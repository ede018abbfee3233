using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Grammar;
using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>Message forms of 2.6.x–4.x kernels as lists and trackers publish them (issue 15, rounds 17 and 18).</summary>
public class OldKernelFormTests
{
    private static string Text(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void The_words_general_protection_fault_in_prose_are_no_header()
    {
        CrashReport r = Assert.Single(Scan(Text(
            "I got general protection fault.",
            "",
            "general protection fault: 0000 [1] SMP",
            "CPU 0",
            "Pid: 8001, comm: shmem_test_02 Tainted: G        W 2.6.27-rc7-mm1 #1",
            "RIP: 0010:[<ffffffff802a0ebb>]  [<ffffffff802a0ebb>] __mem_cgroup_move_lists+0x8b/0xa2",
            "RSP: 0018:ffff8800bb4ad888  EFLAGS: 00010046",
            "Call Trace:",
            " [<ffffffff802a1cb9>] mem_cgroup_move_lists+0x50/0x74",
            " [<ffffffff8027dd09>] shrink_list+0x443/0x4ff",
            "---[ end trace 4eaa2a86a8e2da22 ]---")));
        Assert.Equal("general protection fault in __mem_cgroup_move_lists", r.Title);
        Assert.False(r.Corrupted);
    }

    [Fact]
    public void A_non_canonical_gpf_header_cut_before_its_colon_is_still_a_header()
    {
        CrashReport r = Assert.Single(Scan(Text(
            "general protection fault, probably for non-canonical ",
            "address 0x696867666564659a: 0000 [#1] PREEMPT SMP NOPTI",
            "CPU: 2 PID: 0 Comm: swapper/2 Kdump: loaded Tainted: G           OE 5.14.0-284.11.1.el9_2.x86_64 #1",
            "RIP: 0010:bq_xmit_all+0x8a/0x160",
            "Call Trace:",
            " <IRQ>",
            " __dev_flush+0x39/0xa0",
            " xdp_do_flush+0xa/0x20")));
        Assert.Equal("general protection fault in bq_xmit_all", r.Title);
    }

    [Theory]
    [InlineData("MAX_LOCK_DEPTH")]
    [InlineData("MAX_LOCKDEP_KEYS")]
    [InlineData("MAX_LOCKDEP_ENTRIES")]
    [InlineData("MAX_LOCKDEP_CHAINS")]
    [InlineData("MAX_LOCKDEP_CHAIN_HLOCKS")]
    [InlineData("MAX_STACK_TRACE_ENTRIES")]
    public void A_full_lockdep_table_is_a_lockdep_report_titled_by_its_message(string table)
    {
        // kernel/locking/lockdep.c print_lockdep_off("BUG: MAX_… too low!") when a static table is full, then (for the
        // held-lock stack) the held locks; syzbot titles each by the message alone.
        List<CrashReport> reports = Scan(Text(
            $"[  328.171265] BUG: {table} too low!",
            "[  328.171266] turning off the locking correctness validator.",
            "[  328.171267] Please attach the output of /proc/lock_stat to the bug report",
            "[  328.171268] depth: 48  max: 48!",
            "[  328.171269] 48 locks held by qemu-kvm/11664:",
            "[  328.171270]  #0: ffff800086de5ba0 (&kvm->lock){+.+.}-{3:3}, at: kvm_ioctl_create_device+0x174/0x5b0",
            "[  328.171271]  #1: ffff0800e78800b8 (&vcpu->mutex){+.+.}-{3:3}, at: lock_all_vcpus+0x16c/0x2a0"));
        CrashReport r = Assert.Single(reports);
        Assert.Equal($"BUG: {table} too low!", r.Title);
        Assert.Equal(CrashKind.Lockdep, r.Kind);
    }

    [Theory]
    [InlineData("BUG: MAX_LOCK_DEPTH is low!")]
    [InlineData("BUG: MAX_ too low!")]
    [InlineData("BUG: MAX_lock_depth too low!")]
    public void Other_bug_lines_about_a_max_stay_generic_bugs(string header)
    {
        CrashReport r = Assert.Single(Scan(Text("[  328.171264] " + header)));
        Assert.Equal(CrashKind.Bug, r.Kind);
    }

    [Fact]
    public void A_full_lockdep_table_message_quoted_after_other_words_is_no_report() =>
        Assert.Empty(Scan(Text("Subject: Re: TITLE: BUG: MAX_LOCK_DEPTH too low!")));

    [Fact]
    public void The_lockdep_boot_banner_rows_naming_its_tables_are_no_report() =>
        Assert.Empty(Scan(Text(
            "[    0.007823] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar",
            "[    0.008038] ... MAX_LOCKDEP_SUBCLASSES:  8",
            "[    0.008166] ... MAX_LOCK_DEPTH:          48",
            "[    0.008293] ... MAX_LOCKDEP_KEYS:        8192")));

    [Fact]
    public void A_held_lock_freed_of_the_first_lockdep_is_named_by_the_first_held_locks_site_as_printed()
    {
        // 2.6.17-mm: no line for the freed lock itself; the held mutexes' "at:" sites are inside mutex_lock.
        CrashReport r = Assert.Single(Scan(Text(
            "=========================",
            "[ BUG: held lock freed! ]",
            "-------------------------",
            "swapper/1 is freeing memory f73a8580-f73a867f, with a lock still held there!",
            "2 locks held by swapper/1:",
            " #0:  (&shost->scan_mutex){--..}, at: [<c0419098>] mutex_lock+0x8/0x10",
            " #1:  (&eq->sysfs_lock){--..}, at: [<c0419098>] mutex_lock+0x8/0x10",
            "",
            "stack backtrace:",
            " [<c010546b>] show_trace+0x1b/0x20",
            " [<c0105494>] dump_stack+0x24/0x30",
            " [<c013c234>] debug_check_no_locks_freed+0x154/0x190",
            " [<c016be44>] kfree+0x54/0xb0",
            " [<c022c0f3>] cfq_exit_queue+0xe3/0x100")));
        Assert.Equal(CrashKind.Lockdep, r.Kind);
        Assert.Equal("BUG: held lock freed in mutex_lock", r.Title);
    }

    [Fact]
    public void A_lockdep_site_run_through_decode_stacktrace_is_named_by_its_function()
    {
        CrashReport r = Assert.Single(Scan(Text(
            "[ 1871.990028] [ INFO: possible recursive locking detected ]",
            "[ 1871.992591] 3.16.0-rc3-next-20140630 #758 Tainted: G        W",
            "[ 1871.992591] ---------------------------------------------",
            "[ 1871.992591] trinity-c84/27757 is trying to acquire lock:",
            "[ 1871.992591] (&sb->s_type->i_mutex_key#17){+.+.+.}, at: shmem_fault (mm/shmem.c:1289)",
            "[ 1871.992591]",
            "[ 1871.992591] but task is already holding lock:",
            "[ 1871.992591] (&sb->s_type->i_mutex_key#17){+.+.+.}, at: generic_file_write_iter (mm/filemap.c:2633)",
            "[ 1872.030221] stack backtrace:",
            "[ 1872.030221] Call Trace:",
            "[ 1872.030221] dump_stack (lib/dump_stack.c:52)",
            "[ 1872.030221] __lock_acquire (kernel/locking/lockdep.c:3034 kernel/locking/lockdep.c:3180)",
            "[ 1872.030221] shmem_fault (mm/shmem.c:1289)",
            "[ 1872.030221] __do_fault (mm/memory.c:2705)")));
        Assert.Equal("possible deadlock in shmem_fault", r.Title);
    }

    [Fact]
    public void Frames_of_a_report_quoted_without_printk_times_are_read()
    {
        CrashReport r = Assert.Single(Scan(Text(
            "> =============================================",
            "> [ INFO: possible recursive locking detected ]",
            "> 2.6.19-rc2-mm2 #15",
            "> ---------------------------------------------",
            "> s2disk/5564 is trying to acquire lock:",
            ">  (&bdev->bd_mount_mutex){--..}, at: [<ffffffff80475e79>] mutex_lock+0x9/0x10",
            "> ",
            "> stack backtrace:",
            "> ",
            "> Call Trace:",
            ">  [<ffffffff8020af79>] dump_trace+0xb9/0x430",
            ">  [<ffffffff8024a94d>] lock_acquire+0x8d/0xc0",
            ">  [<ffffffff80475e79>] mutex_lock+0x9/0x10",
            ">  [<ffffffff802b2bb6>] freeze_bdev+0x16/0x80",
            ">  [<ffffffff802b3105>] freeze_filesystems+0x55/0x80")));
        Assert.Equal("possible deadlock in mutex_lock", r.Title);
        Assert.False(r.Corrupted);
        Assert.Contains(r.Frames, f => f.Function == "freeze_bdev");
    }

    [Fact]
    public void A_kernel_mode_alignment_trap_and_its_unhandled_fault_are_one_report_named_by_the_trap()
    {
        CrashReport r = Assert.Single(Scan(Text(
            "Alignment trap: not handling instruction e1b82f9f at [<bf01b0dc>]",
            "Unhandled fault: alignment exception (0x221) at 0xea08133c",
            "Internal error: : 221 [#1] SMP ARM",
            "PC is at ip_set_match_extensions+0xe0/0x224 [ip_set]",
            "LR is at ip_set_match_extensions+0x30/0x224 [ip_set]",
            "Backtrace:",
            "[<bf01b0dc>] (ip_set_match_extensions [ip_set]) from [<bf01c2a0>] (bitmap_ip_kadt+0x90/0xa0 [ip_set])")));
        Assert.Equal(CrashKind.Oops, r.Kind);
        Assert.Equal("Alignment trap in ip_set_match_extensions", r.Title);
    }

    [Fact]
    public void A_user_space_alignment_trap_and_its_unhandled_fault_are_no_report()
    {
        Assert.Empty(Scan(Text(
            "[ 1929.045106] Alignment trap: not handling instruction edc76a06 at [<401f63da>]",
            "[ 1929.052424] Unhandled fault: alignment exception (0x811) at 0x4014c1e6",
            "[ 1930.000000] usb 1-1: new high-speed USB device number 3 using ci_hdrc")));
    }

    [Fact]
    public void An_arm_bug_that_faults_at_address_zero_on_purpose_is_one_kernel_bug_report()
    {
        // arch/arm/kernel/traps.c __bug() until 3.0: printk "kernel BUG at …", then a store to address 0.
        CrashReport r = Assert.Single(Scan(Text(
            "[   27.427459] kernel BUG at drivers/media/video/omap3isp/isp.c:1494!",
            "[   27.434082] Unable to handle kernel NULL pointer dereference at virtual address 00000000",
            "[   27.442657] pgd = c7724000",
            "[   27.452178] Internal error: Oops: 817 [#1]",
            "[   27.473815] CPU: 0    Not tainted  (2.6.39 #17)",
            "[   27.481536] PC is at __bug+0x1c/0x28",
            "[   27.485321] LR is at __bug+0x18/0x28",
            "[   27.683502] [<c003dc98>] (__bug+0x1c/0x28) from [<bf0404d4>] (omap3isp_put+0x30/0x90 [omap3_isp])",
            "[   27.692962] [<bf0404d4>] (omap3isp_put+0x30/0x90 [omap3_isp]) from [<bf040dd4>] (isp_probe+0x7dc/0x958 [omap3_isp])",
            "[   27.799285] ---[ end trace e4f3fc044db258d3 ]---")));
        Assert.Equal(CrashKind.Bug, r.Kind);
        Assert.Equal("kernel BUG in __bug", r.Title);
    }
    [Fact]
    public void A_kernel_format_string_quoted_from_the_source_is_no_header()
    {
        // kernel/softlockup.c quoted in a post: the conversions are still there, so the kernel never printed this line.
        Assert.Empty(Scan(Text(
            "\tspin_lock(&print_lock);",
            "\tprintk(KERN_ERR \"BUG: soft lockup - CPU#%d stuck for %lus! [%s:%d]\\n\",",
            "\t\t\tthis_cpu, now - touch_timestamp,",
            "\t\t\tcurrent->comm, task_pid_nr(current));",
            "\tprint_modules();")));
    }

    [Fact]
    public void The_warn_on_of_2_6_18_is_a_warning_named_by_its_stack()
    {
        // include/asm-generic/bug.h of 2.6.18–2.6.19: "BUG: warning at %s:%d/%s()" then dump_stack().
        CrashReport r = Assert.Single(Scan(Text(
            "BUG: warning at lib/kref.c:32/kref_get()",
            "Call Trace:",
            "([<0000000000015d44>] show_trace+0x9c/0xb8)",
            " [<0000000000015e18>] show_stack+0xb8/0xc8",
            " [<0000000000015e56>] dump_stack+0x2e/0x3c",
            " [<0000000000163f70>] kref_get+0x50/0x74",
            " [<0000000000162ec6>] kobject_get+0x32/0x44",
            " [<0000000000178fd6>] get_bus+0x36/0x60",
            " [<0000000000179a12>] bus_add_driver+0x3a/0x1f4",
            " ")));
        Assert.Equal(CrashKind.Warning, r.Kind);
        Assert.Equal("WARNING in get_bus", r.Title);
    }

    [Fact]
    public void An_s390_trace_read_through_the_wrong_ebcdic_code_page_keeps_its_frames()
    {
        // IBM-1047 brackets shown as IBM-037 turn "[<addr>]" into "Ý<addr>¨".
        CrashReport r = Assert.Single(Scan(Text(
            "BUG: warning at lib/kref.c:32/kref_get() ",
            "Call Trace: ",
            "(\u00DD<0000000000015d44>\u00A8 show_trace+0x9c/0xb8) ",
            " \u00DD<0000000000015e56>\u00A8 dump_stack+0x2e/0x3c ",
            " \u00DD<0000000000163f70>\u00A8 kref_get+0x50/0x74 ",
            " \u00DD<0000000000178fd6>\u00A8 get_bus+0x36/0x60 ",
            " \u00DD<0000000000179a12>\u00A8 bus_add_driver+0x3a/0x1f4 ",
            " ")));
        Assert.Equal("WARNING in get_bus", r.Title);
        Assert.False(r.Corrupted);
    }

    [Fact]
    public void The_bad_page_state_of_2_6_x_without_its_bug_prefix_is_a_bad_page_state()
    {
        // mm/page_alloc.c bad_page() until 2.6.28: "Bad page state in process '%s'", no "BUG: ".
        CrashReport r = Assert.Single(Scan(Text(
            "Bad page state in process 'cc1'",
            "page:c1ca88e8 flags:0x52000000 mapping:c1000000 mapcount:0 count:0",
            "Trying to fix it up, but a reboot is needed",
            "Backtrace:",
            "  [<c015625d>] bad_page+0x5e/0x89",
            "  [<c0156ab1>] get_page_from_freelist+0x1de/0x298",
            "  [<c0156bd3>] __alloc_pages+0x68/0x2aa",
            "  =======================")));
        Assert.Equal(CrashKind.Corruption, r.Kind);
        Assert.Equal("BUG: Bad page state in corrupted", r.Title);
    }

    [Fact]
    public void A_report_the_kernel_outlived_by_hours_did_not_die_at_the_next_boot()
    {
        // 2.6.22 prints no end marker; driver lines of the same boot follow hours later, then the next boot's banner.
        CrashReport r = Assert.Single(Scan(Text(
            "[90927.230732] kernel BUG at fs/jbd/transaction.c:1886!",
            "[90927.230735] invalid opcode: 0000 [#1]",
            "[90927.230795] EIP is at journal_invalidatepage+0x17f/0x3a0 [jbd]",
            "[90927.230826] Call Trace:",
            "[90927.230864]  [<f899b7a0>] ext3_delete_inode+0x0/0xd0 [ext3]",
            "[90927.230967] EIP: [<f895e39f>] journal_invalidatepage+0x17f/0x3a0 [jbd] SS:ESP 0068:ee2b7e50",
            "[114865.666697] [fglrx] Internal AGP support requested, but kernel AGP support active.",
            "[114865.667383] agpgart: Found an AGP 3.0 compliant device at 0000:00:00.0.",
            "[    0.000000] Linux version 2.6.22-14-generic (buildd@palmer) (gcc version 4.1.3) #1 SMP Sun Oct 14 23:05:12 GMT 2007")));
        Assert.Equal("kernel BUG in journal_invalidatepage", r.Title);
        Assert.False(r.Panicked);
    }

    [Fact]
    public void An_instruction_pointer_kallsyms_could_not_name_in_brackets_passes_the_blame_to_the_call_trace()
    {
        // 2.6.2x-4.x x86: printk_address() prints " [<%p>] %pB" and %pB falls back to "0x%lx" when no symbol covers the
        // address (a jump to a user-range address): the first trace frame is blamed, as for "RIP: 0010:0x286".
        CrashReport r = Assert.Single(Scan(Text(
            "[ 6329.768235] BUG: unable to handle kernel paging request at 00000000751c5006",
            "[ 6329.768241] IP: [<00000000751c5006>] 0x751c5006",
            "[ 6329.768245] Oops: 0010 [#1] SMP",
            "[ 6329.768270] CPU: 1 PID: 34 Comm: kswapd0 Not tainted 4.4.0-92-generic #115-Ubuntu",
            "[ 6329.768274] RIP: 0010:[<00000000751c5006>]  [<00000000751c5006>] 0x751c5006",
            "[ 6329.768276] RSP: 0018:ffff88007c01ba40  EFLAGS: 00010082",
            "[ 6329.768304] Call Trace:",
            "[ 6329.768315]  [<ffffffff811a54b3>] shrink_page_list+0x453/0x7a0",
            "[ 6329.768317]  [<ffffffff811a5e99>] shrink_inactive_list+0x209/0x520",
            "[ 6329.768321]  [<ffffffff811a808e>] kswapd+0x51e/0x990",
            "[ 6329.768340] Code:  Bad RIP value.",
            "[ 6329.768341] RIP  [<00000000751c5006>] 0x751c5006",
            "[ 6329.768344] ---[ end trace 8714225605968f25 ]---")));
        Assert.Equal("BUG: unable to handle kernel paging request in shrink_page_list", r.Title);
        Assert.False(r.Corrupted);
        Assert.Equal("shrink_page_list", r.Ip?.Function);
    }

    // Round 34 (issue 15): 2.6.x x86_64 forms from LKML mails.

    [Theory]
    [InlineData("RIP: 0010:[<ffffffff802850fe>]  [<ffffffff802850fe>]", true)]
    [InlineData("RIP: 0010:[<ffffffff802ce943>]  [<ffffffff802ce943>] ", true)]
    [InlineData("RIP: 0010:[<ffffffff802850fe>]", true)]
    [InlineData("RIP: 0010:[<ffffffff802850fe>]  [<ffffffff802850fe>] __set_page_dirty_buffers+0x3e/0xe0", false)]
    [InlineData("RIP: 0010:[<ffffffff802ce943>] e or resource bu [<ffffffff802ce943>] ", false)]
    [InlineData("RIP: 0010:[<ffffffff8013d834>] <ffffffff8013d834>{ptrace_check_attach", false)]
    [InlineData("RIP: 0010:[<ffffffff802850fe>]  [<ffffffff802850fe>]  [<ffffffff802850fe>]", false)]
    [InlineData("RIP: 0010:[<zzzz>]", false)]
    public void A_2_6_x86_64_rip_line_cut_after_its_bracketed_addresses_ends_at_its_label(string line, bool cut) =>
        Assert.Equal(cut, SplitInstructionPointer.EndsAtLabel(line));

    [Theory]
    [InlineData("<ffffffff8013d834>{ptrace_check_attach+36}", "ptrace_check_attach", 36L, null)]
    [InlineData("  <ffffffff880f2c90>{:bttv:bttv_probe+1474} <ffffffff801fd9b8>{pci_device_probe+76}", "bttv_probe", 1474L, "bttv")]
    [InlineData("<ffffffff8010ec1d>{error_exit+0}", "error_exit", 0L, null)]
    [InlineData("<ffffffff803fcc88>{.text.lock.spinlock+79}", ".text.lock.spinlock", 79L, null)]
    public void A_pre_2_6_18_x86_64_brace_frame_names_its_symbol_module_and_decimal_offset(string line, string name, long offset, string? module)
    {
        Assert.True(BraceFrame.TryParse(line, out SymbolReference s));
        Assert.Equal(name, s.Name);
        Assert.Equal(offset, s.Offset);
        Assert.Null(s.Size);
        Assert.Equal(module, s.Module);
    }

    [Theory]
    [InlineData("<IRQ>")]
    [InlineData("<ffffffff8013d834>{ptrace_check_attach")]
    [InlineData("<ffffffff8013d834>{ptrace_check_attach+0x24}")]
    [InlineData("<zz>{f+1}")]
    [InlineData("{f+1}")]
    [InlineData("<6>mptbase: Initiating ioc0 recovery")]
    public void Lines_that_only_look_like_brace_frames_are_none(string line) =>
        Assert.False(BraceFrame.TryParse(line, out _));

    [Fact]
    public void A_2_6_18_kernel_bug_whose_rip_function_a_mailer_wrapped_names_it_as_the_instruction_pointer()
    {
        // __show_regs() printed "RIP: %04lx:[<%016lx>] " and printk_address()'s " [<%016lx>] %s+0x%lx/0x%lx" as one line;
        // the title follows syzkaller, whose RIP part reads the line as published ("in corrupted").
        CrashReport r = Assert.Single(Scan(Text(
            "----------- [cut here ] --------- [please bite here ] ---------",
            "Kernel BUG at include/linux/buffer_head.h:132",
            "invalid opcode: 0000 [1] SMP",
            "CPU 0",
            "Pid: 4130, comm: fsx-linux Not tainted 2.6.18-rc4 #19",
            "RIP: 0010:[<ffffffff802850fe>]  [<ffffffff802850fe>]",
            "__set_page_dirty_buffers+0x3e/0xe0",
            "RSP: 0018:ffff810173cebe38  EFLAGS: 00010246",
            "Call Trace:",
            " [<ffffffff8025de8b>] set_page_dirty+0x3b/0x60",
            " [<ffffffff8026d34b>] msync_interval+0x2cb/0x420",
            " [<ffffffff8026d5ab>] sys_msync+0x10b/0x2b0")));
        Assert.Equal("kernel BUG in corrupted", r.Title);
        Assert.Equal("__set_page_dirty_buffers", r.Ip?.Function);
        Assert.Equal(0x3eL, r.Ip?.Offset);
    }

    [Fact]
    public void A_2_6_15_fault_header_whose_rip_a_mailer_wrapped_names_the_brace_symbol_and_its_trace_reads()
    {
        CrashReport r = Scan(Text(
            "Unable to handle kernel NULL pointer dereference at 0000000000000020",
            "RIP:",
            "<ffffffff8013d834>{ptrace_check_attach+36}",
            "PGD 1ccc6c067 PUD 1ce816067 PMD 0",
            "Oops: 0000 [2] SMP",
            "Pid: 21537, comm: linux Not tainted 2.6.15-rc1-mm1 #1",
            "RSP: 0018:ffff810195c75ef8  EFLAGS: 00010216",
            "Call Trace:<ffffffff8013d96a>{sys_ptrace+122}",
            "<ffffffff8012a75f>{sys32_ptrace+111}",
            "       <ffffffff8011f453>{cstar_do_call+27}",
            "",
            "Code: f6 43 20 01 bd fd ff ff ff 0f 84 81 00 00 00 65 48 8b 04 25")).First();
        Assert.Equal("ptrace_check_attach", r.Ip?.Function);
        Assert.Equal(36L, r.Ip?.Offset);
        Assert.Contains("sys32_ptrace", r.Frames.Select(f => f.Function));
    }

    [Fact]
    public void A_dentry_report_wrapped_inside_its_brackets_is_still_the_dentry_report()
    {
        CrashReport r = Assert.Single(Scan(Text(
            "BUG: Dentry ffff81003d0f34f0{i=3,n=.reiserfs_priv} still in use (1) [unmount of ",
            "reiserfs sdc8]",
            "----------- [cut here ] --------- [please bite here ] ---------",
            "Kernel BUG at fs/dcache.c:611",
            "invalid opcode: 0000 [1] SMP",
            "Pid: 22715, comm: umount Not tainted 2.6.18-rc3-mm2 #1",
            "RIP: 0010:[<ffffffff802ce943>]  [<ffffffff802ce943>] shrink_dcache_for_umount_subtree+0x1a3/0x2a7",
            "Call Trace:",
            "  [<ffffffff802ceea9>] shrink_dcache_for_umount+0x37/0x6e",
            "  [<ffffffff802c6944>] generic_shutdown_super+0x24/0x151",
            "  [<ffffffff8025f45e>] system_call+0x7e/0x83")));
        Assert.Equal("BUG: Dentry still in use in unmount", r.Title);
        Assert.Equal(CrashKind.Corruption, r.Kind);
    }

    [Fact]
    public void An_empty_leftover_backtrace_before_the_oops_summary_line_leaves_the_report_whole()
    {
        // 2.6.18's DWARF2 unwinder printed "Leftover inexact backtrace:" even with nothing left; x86_64 __die() then ends
        // with "RIP  [<…>] func+0x…/0x…", which names a function as a frame does.
        string[] head =
        [
            "Kernel BUG at fs/dcache.c:611",
            "invalid opcode: 0000 [1] SMP",
            "Pid: 22715, comm: umount Not tainted 2.6.18-rc3-mm2 #1",
            "RIP: 0010:[<ffffffff802ce943>]  [<ffffffff802ce943>] shrink_dcache_for_umount_subtree+0x1a3/0x2a7",
            "Call Trace:",
            "  [<ffffffff802ceea9>] shrink_dcache_for_umount+0x37/0x6e",
            "  [<ffffffff8025f45e>] system_call+0x7e/0x83",
            "DWARF2 unwinder stuck at system_call+0x7e/0x83",
            "Leftover inexact backtrace:",
            "",
            "",
            "Code: 0f 0b 68 c9 47 4c 80 c2 63 02 4c 8b 63 50 49 39 dc 75 05 45",
        ];
        CrashReport whole = Assert.Single(Scan(Text([.. head, "RIP  [<ffffffff802ce943>] shrink_dcache_for_umount_subtree+0x1a3/0x2a7", "  RSP <ffff81002ec6fd98>"])));
        Assert.False(whole.Corrupted);
        CrashReport cut = Assert.Single(Scan(Text([.. head, "  RSP <ffff81002ec6fd98>"])));
        Assert.True(cut.Corrupted);
    }

    [Fact]
    public void The_debug_form_of_the_sleeping_function_report_is_the_atomic_context_report()
    {
        // kernel/sched.c __might_sleep() up to 2.6.17 printed "Debug: sleeping function called from invalid context at …";
        // 2.6.18 made it "BUG: …". show_stack and __might_sleep are reporting machinery.
        CrashReport r = Assert.Single(Scan(Text(
            "Debug: sleeping function called from invalid context at include/asm/semaphore.h:62",
            "in_atomic():1, irqs_disabled():1",
            "Call Trace:",
            "[C0000000004EFD20] [C00000000000F660] .show_stack+0x5c/0x1cc (unreliable)",
            "[C0000000004EFDD0] [C000000000053214] .__might_sleep+0xbc/0xe0",
            "[C0000000004EFE60] [C000000000413D1C] .lock_kernel+0x50/0xb0",
            "[C0000000004EFEF0] [C0000000004AC574] .start_kernel+0x1c/0x278")));
        Assert.Equal("BUG: sleeping function called from invalid context in lock_kernel", r.Title);
        Assert.Equal(CrashKind.AtomicContext, r.Kind);
        Assert.False(r.Corrupted);
    }

    [Theory]
    [InlineData("Debug: sleeping function called from invalid context")]
    [InlineData("Debug: sleeping function called from a test harness, not the kernel")]
    [InlineData("debug: sleeping function called from invalid context at foo.c:1")]
    public void Look_alikes_of_the_debug_sleeping_header_without_its_own_words_open_no_report(string line)
    {
        // The rule asks for the kernel's whole phrase at the start of the message; a bare phrase with nothing after it is still
        // the header (first case), other text is not.
        List<CrashReport> reports = Scan(Text(line, "in_atomic():1, irqs_disabled():1"));
        if (line.StartsWith("Debug: sleeping function called from invalid context", StringComparison.Ordinal))
        {
            Assert.Single(reports);
        }
        else
        {
            Assert.Empty(reports);
        }
    }

    [Fact]
    public void An_s390_fault_oops_whose_first_line_was_cut_is_still_the_paging_request()
    {
        // arch/s390/mm/fault.c calls die(regs, "Oops") from the fault path only, after "Unable to handle kernel pointer
        // dereference in virtual kernel address space" and dump_fault_info(): an excerpt that begins at "Failing address:" is
        // the same report as the whole one.
        string[] tail =
        [
            "Failing address: 200000cb7df6f000 TEID: 200000cb7df6f403",
            "Fault in home space mode while using kernel ASCE.",
            "Oops: 0038 ilc:3 [#1] PREEMPT SMP",
            "CPU: 8 PID: 7556 Comm: bash Not tainted 6.9.0-rc7 #8",
            "Krnl PSW : 0704e00180000000 0000014b75e7b606 (ap_parse_bitmap_str+0x10e/0x1f8)",
            "Call Trace:",
            "[<0000014b75e7b606>] ap_parse_bitmap_str+0x10e/0x1f8",
            "[<0000014b75e7b758>] apmask_store+0x68/0x140",
            "Kernel panic - not syncing: Fatal exception: panic_on_oops",
        ];
        CrashReport cut = Assert.Single(Scan(Text(tail)));
        CrashReport whole = Assert.Single(Scan(Text(["Unable to handle kernel pointer dereference in virtual kernel address space", .. tail])));
        foreach (CrashReport r in new[] { cut, whole })
        {
            Assert.Equal("BUG: unable to handle kernel paging request in ap_parse_bitmap_str", r.Title);
            Assert.Equal(CrashKind.Oops, r.Kind);
            Assert.True(r.Panicked);
        }
        // Another of s390's die() names is still the program check it names.
        CrashReport op = Assert.Single(Scan(Text(
            "illegal operation: 0001 ilc:1 [#1] SMP",
            "Krnl PSW : 0704c00180000000 000000000011d6be (foo+0x1e/0x30)",
            "Call Trace:",
            "[<000000000011d6be>] foo+0x1e/0x30")));
        Assert.Equal("illegal operation in foo", op.Title);
        Assert.Equal(CrashKind.Exception, op.Kind);
    }

    [Theory]
    [InlineData("Krnl PSW : 0704e00180000000 000000006bf6be0a (apply_rela+0x2ba/0x 4e0)", "apply_rela", null)]
    [InlineData("Krnl PSW : 0704e00180000000 000000006bf6be0a (apply_rela+0x2ba/0x4e0)", "apply_rela", 0x2baL)]
    [InlineData("RIP: 0010:foo_bar+0x1 2/0x40 [mod]", "foo_bar", null)]
    [InlineData("Krnl PSW : 0704e00180000000 000000006bf6be0a (apply_rela 0x2ba/0x4e0)", null, null)]
    [InlineData("Krnl PSW : 0704e00180000000 000000006bf6be0a", null, null)]
    public void An_ip_line_whose_offset_a_mailer_damaged_still_names_its_function(string line, string? function, long? offset)
    {
        // syzkaller's FUNC asks only for the name followed by "+" (the %pS form); the offset and size are read when whole.
        ParsedInstructionPointer? ip = InstructionPointerGrammar.TryParse(line);
        Assert.NotNull(ip);
        Assert.Equal(function, ip.Value.Symbol?.Function);
        Assert.Equal(offset, ip.Value.Symbol?.Offset);
    }

    [Fact]
    public void An_s390_oops_whose_psw_symbol_lost_a_character_to_a_blank_is_titled_by_it()
    {
        // A mail inserted blanks into the PSW's symbol ("0x 4e0"); the step that reads the instruction pointer used to find
        // no IP line it could read and so no frame at all (the trace after it was never reached).
        CrashReport r = Assert.Single(Scan(Text(
            "[   50.294476] Unable to handle kernel pointer dereference in virtual kernel address space",
            "[   50.294557] Oops: 0004 ilc:3 [#1] SMP",
            "[   50.294583] Krnl PSW : 0704e00180000000 000000006bf6be0a (apply_rela+0x2ba/0x 4e0)",
            "[   50.295369] Call Trace:",
            "[   50.295372]  [<000000006bf6be0a>] apply_rela+0x2ba/0x4e0",
            "[   50.295376]  [<000000006bf6c5c8>] apply_relocate_add+0xe0/0x138",
            "[   50.295421] Kernel panic - not syncing: Fatal exception: panic_on_oops")));
        Assert.Equal("BUG: unable to handle kernel paging request in apply_rela", r.Title);
        Assert.False(r.Corrupted);
        Assert.Equal("apply_rela", r.Ip?.Function);
    }
}
