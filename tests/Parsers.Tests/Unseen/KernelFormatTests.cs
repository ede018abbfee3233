using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Unseen;

/// <summary>
/// Report shapes written from the kernel's own printk formats, for the rules no real log of the unseen set exercises yet:
/// each test names the source that prints the shape.
/// </summary>
public class KernelFormatTests
{
    [Fact]
    public void A_rust_panic_with_the_quoted_message_of_rust_before_1_73_is_titled_by_message_and_caller()
    {
        // rust/kernel/lib.rs: pr_emerg!("{}\n", info); BUG();  PanicInfo printed "panicked at 'MSG', FILE:L:C".
        CrashReport r = Assert.Single(Scan(Console(
            "rust_kernel: panicked at 'called `Option::unwrap()` on a `None` value', drivers/block/rnull.rs:123:14",
            "------------[ cut here ]------------",
            "kernel BUG at rust/helpers.c:48!",
            "invalid opcode: 0000 [#1] PREEMPT SMP PTI",
            "CPU: 0 PID: 120 Comm: insmod Not tainted 6.1.0-rc1+ #1",
            "RIP: 0010:rust_helper_BUG+0x5/0x10",
            "Call Trace:",
            " <TASK>",
            " rust_begin_unwind+0x5a/0x80",
            " _RNvNtCs3yuwAp0waWO_4core9panicking9panic_fmt+0x2f/0x40",
            " _RNvNtCs3yuwAp0waWO_4core9panicking5panic+0x34/0x40",
            " _RNvMNtCs6a1UoIdbNYG_5rnull5blockNtB2_6Device4open+0x1f1/0x260 [rnull]",
            " do_one_initcall+0x4c/0x250",
            " </TASK>",
            "---[ end trace 0000000000000000 ]---")));
        Assert.Equal("called `Option::unwrap()` on a `None` value in <rnull::block::Device>::open", r.Title);
        Assert.Equal(CrashKind.Bug, r.Kind);
        Assert.Equal("rust_helper_BUG", r.Ip?.Function);
    }

    [Fact]
    public void An_arm64_bug_trap_is_one_report_with_the_kernel_bug_line_before_it()
    {
        // arch/arm64/kernel/traps.c bug_handler: die("Oops - BUG", regs, esr).
        CrashReport r = Assert.Single(Scan(Console(
            "------------[ cut here ]------------",
            "kernel BUG at mm/slub.c:421!",
            "Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP",
            "Modules linked in:",
            "CPU: 1 PID: 42 Comm: kworker/1:1 Not tainted 6.6.0 #1",
            "pc : __slab_free+0x2e8/0x2f0",
            "lr : kfree+0x1b4/0x2c0",
            "Call trace:",
            " __slab_free+0x2e8/0x2f0",
            " kfree+0x1b4/0x2c0",
            " xhci_free_dev+0x88/0x1a0",
            " usb_release_dev+0x30/0x70",
            "Code: d4210000 17ffffb9 d4210000 d4210000 (d4210000)",
            "---[ end trace 0000000000000000 ]---")));
        Assert.Equal("kernel BUG in xhci_free_dev", r.Title);
        Assert.False(r.Corrupted, r.CorruptedReason);
    }

    [Fact]
    public void A_riscv_bug_trap_is_one_report_with_the_kernel_bug_line_before_it()
    {
        // arch/riscv/kernel/traps.c do_trap_break: die(regs, "Kernel BUG") prints "Kernel BUG [#1]".
        CrashReport r = Assert.Single(Scan(Console(
            "------------[ cut here ]------------",
            "kernel BUG at fs/ext4/inode.c:1234!",
            "Kernel BUG [#1]",
            "Modules linked in:",
            "CPU: 0 PID: 77 Comm: kworker/u4:2 Not tainted 6.1.0-riscv64 #1",
            "epc : ext4_writepages+0x4a2/0x4b0",
            " ra : ext4_writepages+0x3e/0x4b0",
            "Call Trace:",
            "[<ffffffff8033a2b2>] ext4_writepages+0x4a2/0x4b0",
            "[<ffffffff801b2cde>] do_writepages+0x8e/0x1a0",
            "[<ffffffff80265d1a>] __writeback_single_inode+0x2a/0x1e0",
            "---[ end trace 0000000000000000 ]---")));
        Assert.Equal("kernel BUG in ext4_writepages", r.Title);
        Assert.Equal("ext4_writepages", r.Ip?.Function);
    }

    [Fact]
    public void A_powerpc_bad_area_oops_whose_first_line_was_lost_is_still_a_paging_fault()
    {
        // arch/powerpc/mm/fault.c bad_page_fault → die("Kernel access of bad area", regs, SIGSEGV).
        CrashReport r = Assert.Single(Scan(Console(
            "Oops: Kernel access of bad area, sig: 11 [#1]",
            "LE PAGE_SIZE=64K MMU=Radix SMP NR_CPUS=2048 NUMA PowerNV",
            "CPU: 3 PID: 1 Comm: swapper/0 Not tainted 6.1.0 #1",
            "NIP:  c000000000a1b2c4 LR: c000000000a1b2a0 CTR: 0000000000000000",
            "NIP [c000000000a1b2c4] of_find_property+0x34/0xa0",
            "LR [c000000000a1b2a0] of_find_property+0x10/0xa0",
            "Call Trace:",
            "[c0000000041a3b20] [c000000000a1b2a0] of_find_property+0x10/0xa0 (unreliable)",
            "[c0000000041a3b60] [c0000000008c4d10] pnv_pci_init+0x80/0x1f0",
            "---[ end trace 0000000000000000 ]---")));
        Assert.Equal("BUG: unable to handle kernel paging request in of_find_property", r.Title);
        Assert.Equal(CrashKind.Oops, r.Kind);
    }

    [Fact]
    public void A_powerpc_watchdog_hard_lockup_is_a_lockup()
    {
        // arch/powerpc/kernel/watchdog.c watchdog_smp_panic / wd_smp_... : "Watchdog CPU:%d Hard LOCKUP".
        CrashReport r = Assert.Single(Scan(Console(
            "Watchdog CPU:59 Hard LOCKUP",
            "Modules linked in: ipmi_powernv",
            "CPU: 59 PID: 363 Comm: watchdog/59 Tainted: G      D          4.15.0-33-generic #36-Ubuntu",
            "NIP:  c000000000d02480 LR: c000000000151318 CTR: c000000000444d00",
            "NIP [c000000000d02480] _raw_spin_lock+0x30/0x70",
            "LR [c000000000151318] try_to_wake_up+0x58/0x5f0",
            "Call Trace:",
            "[c000003fe35b7050] [c000000000151318] try_to_wake_up+0x58/0x5f0",
            "[c000003fe35b70d0] [c00000000013d748] process_one_work+0x2b8/0x580",
            "---[ end trace 0000000000000000 ]---")));
        Assert.Equal(CrashKind.Lockup, r.Kind);
        Assert.Equal("BUG: hard lockup in try_to_wake_up", r.Title);
    }

    [Theory]
    [InlineData("watchdog: CPU 59 Hard LOCKUP")]
    [InlineData("watchdog: CPU 59 self-detected hard LOCKUP @ _raw_spin_lock+0x30/0x70")]
    [InlineData("watchdog: CPU 3 detected hard LOCKUP on other CPUs 59")]
    public void A_powerpc_watchdog_hard_lockup_of_the_5x_wording_is_a_lockup(string header)
    {
        // arch/powerpc/kernel/watchdog.c with pr_fmt("watchdog: "): wd_lockup_ipi, soft_nmi_interrupt, watchdog_smp_panic.
        CrashReport r = Assert.Single(Scan(Console(
            header,
            "watchdog: CPU 59 TB:997512652051031, last heartbeat TB:997504470175378 (15980ms ago)",
            "Modules linked in: ipmi_powernv",
            "CPU: 59 PID: 363 Comm: kworker/59:1 Not tainted 5.14.21-150400.24-default #1 SLE15-SP4",
            "NIP:  c000000000d02480 LR: c000000000151318 CTR: c000000000444d00",
            "NIP [c000000000d02480] _raw_spin_lock+0x30/0x70",
            "LR [c000000000151318] try_to_wake_up+0x58/0x5f0",
            "Call Trace:",
            "[c000003fe35b7050] [c000000000151318] try_to_wake_up+0x58/0x5f0",
            "[c000003fe35b70d0] [c00000000013d748] process_one_work+0x2b8/0x580")));
        Assert.Equal(CrashKind.Lockup, r.Kind);
        Assert.Equal("BUG: hard lockup in try_to_wake_up", r.Title);
    }

    [Fact]
    public void The_powerpc_watchdogs_unstuck_and_heartbeat_lines_are_no_lockup()
    {
        // wd_smp_clear_cpu_pending(): "CPU %d became unstuck TB:%lld" with a show_regs(); the TB line is the report's second.
        Assert.Empty(Scan(Console(
            "watchdog: CPU 59 became unstuck TB:997512652051031",
            "watchdog: CPU 59 TB:997512652051031, last heartbeat TB:997504470175378 (15980ms ago)")));
    }

    [Fact]
    public void An_alsa_debug_message_with_bug_in_its_words_is_no_crash_but_a_kernel_bug_after_it_is()
    {
        // sound/core/misc.c snd_verbose_printk(): printk("ALSA %s:%d: ", file, line) before the driver's words;
        // sound/core/pcm_lib.c snd_pcm_update_hw_ptr_pos(): snd_printd("BUG: %s, pos = %ld, buffer size = …").
        Assert.Empty(Scan(Console(
            "ALSA sound/core/pcm_lib.c:181: BUG: pcmC0D0p:0, pos = 0x4000, buffer size = 0x4000, period size = 0x400",
            "ALSA sound/pci/hda/hda_intel.c:1000: Oops: azx_get_response timeout")));
        CrashReport r = Assert.Single(Scan(Console(
            "ALSA sound/core/pcm_lib.c:181: BUG: pcmC0D0p:0, pos = 0x4000, buffer size = 0x4000, period size = 0x400",
            "BUG: scheduling while atomic: aplay/1200/0x00000002",
            "Call Trace:",
            " __schedule_bug+0x4c/0x60",
            " __schedule+0x5a0/0x8a0",
            " schedule+0x3c/0x90",
            " snd_pcm_lib_write1+0x2f0/0x4a0")));
        Assert.Equal("BUG: scheduling while atomic in snd_pcm_lib_write1", r.Title);
    }

    [Theory]
    // arch/x86/kernel/cpu/mce/core.c mce_panic() reasons.
    [InlineData("Kernel panic - not syncing: Timeout: Not all CPUs entered broadcast exception handler", CrashKind.MachineCheck)]
    [InlineData("Kernel panic - not syncing: Machine check from unknown source", CrashKind.MachineCheck)]
    // kernel/watchdog.c with hardlockup_panic / softlockup_panic, kernel/rcu/tree_stall.h with panic_on_rcu_stall.
    [InlineData("Kernel panic - not syncing: Hard LOCKUP", CrashKind.Lockup)]
    [InlineData("Kernel panic - not syncing: Watchdog detected hard LOCKUP on cpu 4", CrashKind.Lockup)]
    [InlineData("Kernel panic - not syncing: softlockup: hung tasks", CrashKind.Lockup)]
    [InlineData("Kernel panic - not syncing: RCU Stall", CrashKind.RcuStall)]
    public void A_panic_whose_report_was_lost_keeps_the_kind_its_reason_names(string line, CrashKind kind)
    {
        CrashReport r = Assert.Single(Scan(Console(line, "CPU: 0 PID: 0 Comm: swapper/0 Not tainted 6.1.0 #1", "---[ end Kernel panic - not syncing ]---")));
        Assert.Equal(kind, r.Kind);
        Assert.True(r.Panicked);
        Assert.StartsWith("kernel panic: ", r.Title, StringComparison.Ordinal);
    }

    [Theory]
    // kernel/rcu/tree_stall.h across eras, and 2.6.3x's kernel/rcutree.c.
    [InlineData("INFO: rcu_preempt detected stalls on CPUs/tasks:")]
    [InlineData("rcu: INFO: rcu_sched self-detected stall on CPU")]
    [InlineData("rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 0-... } 6 jiffies s: 85 root: 0x1/.")]
    [InlineData("INFO: rcu_tasks detected stalls on tasks:")]
    [InlineData("INFO: RCU detected CPU 1 stall (t=4295251060/2500 jiffies)")]
    public void Every_era_of_rcu_stall_warning_is_an_rcu_stall(string header)
    {
        CrashReport r = Assert.Single(Scan(Console(header, "Task dump for CPU 1:", "Call Trace:", " schedule+0x36/0x80", " worker_thread+0x1d4/0x3d0")));
        Assert.Equal(CrashKind.RcuStall, r.Kind);
        Assert.StartsWith("INFO: rcu detected stall in ", r.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_riscv_soft_lockup_is_blamed_on_the_syscall_its_dispatcher_called()
    {
        // arch/riscv/kernel/traps.c do_trap_ecall_u → syscall_handler → __riscv_sys_*.
        CrashReport r = Assert.Single(Scan(Console(
            "watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [stress:311]",
            "CPU: 0 PID: 311 Comm: stress Not tainted 6.6.0 #1",
            "epc : __do_sys_sched_yield+0x2a/0x40",
            " ra : __riscv_sys_sched_yield+0xe/0x16",
            "Call Trace:",
            "[<ffffffff8003a2b2>] __do_sys_sched_yield+0x2a/0x40",
            "[<ffffffff8003a2d8>] __riscv_sys_sched_yield+0xe/0x16",
            "[<ffffffff80b3c1a4>] do_trap_ecall_u+0xd0/0x108",
            "[<ffffffff80b47dc6>] ret_from_exception+0x0/0x64")));
        Assert.Equal("BUG: soft lockup in sys_sched_yield", r.Title);
    }

    [Fact]
    public void A_riscv_kernel_mode_trap_opens_its_own_report()
    {
        // arch/riscv/kernel/traps.c: die(regs, "Oops - illegal instruction") prints "Oops - illegal instruction [#1]".
        CrashReport r = Assert.Single(Scan(Console(
            "Oops - illegal instruction [#1]",
            "Modules linked in: foo(O)",
            "CPU: 2 PID: 87 Comm: insmod Tainted: G           O       6.1.0 #1",
            "Hardware name: riscv-virtio,qemu (DT)",
            "epc : foo_init+0x10/0x1000 [foo]",
            " ra : do_one_initcall+0x4c/0x1f0",
            "Call Trace:",
            "[<ffffffff0161a010>] foo_init+0x10/0x1000 [foo]",
            "[<ffffffff80002a5c>] do_one_initcall+0x4c/0x1f0",
            "---[ end trace 0000000000000000 ]---")));
        Assert.Equal("Oops - illegal instruction in foo_init", r.Title);
        Assert.Equal(CrashKind.Exception, r.Kind);
        Assert.Equal("foo", r.Ip?.Module);
    }

    [Fact]
    public void A_user_space_rust_program_panicking_on_the_console_is_no_kernel_crash() =>
        Assert.Empty(Scan("thread 'main' panicked at src/main.rs:4:5:\r\nattempt to add with overflow\r\n"));
}
