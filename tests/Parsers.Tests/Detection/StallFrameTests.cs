using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>
/// Which frame an RCU stall blames (syzkaller's pkg/report rule: the stack after the timer interrupt, the frame just
/// above the first dispatch point such as the syscall or ioctl entry), and what a fault-injection frame in it means.
/// </summary>
public class StallFrameTests
{
    // The shape of a 5.3 syzbot stall (shared corpus 492): the interrupted stack follows "</IRQ>" and the RIP line,
    // and a stale "? should_fail+0x…" address the unwinder found on the stack sits among its frames.
    private static string Stall(string faultInjectionLine) => string.Join('\n',
    [
        "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
        "rcu: \t0-...!: (1 GPs behind) idle=a3e/1/0x4000000000000002 softirq=387990/387991 fqs=1",
        "\t(detected by 1, t=10586 jiffies, g=559657, q=0)",
        "Call Trace:",
        " <IRQ>",
        " update_process_times+0x32/0x80",
        " smp_apic_timer_interrupt+0x1a3/0x610",
        " apic_timer_interrupt+0xf/0x20",
        " </IRQ>",
        "RIP: 0010:console_unlock+0xdab/0xf10",
        "Code: 88 48 ba 00 00 00 00 00 fc ff df 48 c1 e8 03 80 3c 10 00 75 30",
        "RSP: 0018:ffff88819f797238 EFLAGS: 00000246 ORIG_RAX: ffffffffffffff13",
        " vprintk_emit+0x2a0/0x700",
        " printk+0xba/0xed",
        " dump_header+0x3f3/0x82d",
        " out_of_memory+0x79a/0x12c0",
        " __alloc_pages_slowpath+0x1dde/0x2520",
        faultInjectionLine,
        " __alloc_pages_nodemask+0x630/0x900",
        " kvmalloc_node+0xdc/0x100",
        " drm_mode_createblob_ioctl+0x138/0x480",
        " drm_ioctl_kernel+0x244/0x300",
        " drm_ioctl+0x54e/0xa55",
        " do_vfs_ioctl+0xdb6/0x13e0",
        " ksys_ioctl+0xab/0xd0",
        " __x64_sys_ioctl+0x73/0xb0",
        " do_syscall_64+0xfd/0x6a0",
        " entry_SYSCALL_64_after_hwframe+0x49/0xbe",
        "RIP: 0033:0x459879",
        "",
    ]);

    [Fact]
    public void A_stale_should_fail_address_in_a_stall_stack_does_not_cut_the_stack_so_the_ioctl_handler_is_blamed()
    {
        CrashReport r = Assert.Single(Scan(Stall(" ? should_fail+0x1de/0x852")));
        Assert.Equal("INFO: rcu detected stall in drm_ioctl", r.Title);
        Assert.False(r.Corrupted, r.CorruptedReason);
    }

    [Fact]
    public void A_reliable_should_fail_frame_is_fault_injection_interleaved_with_the_stall_so_its_stack_is_not_read_past_it()
    {
        CrashReport r = Assert.Single(Scan(Stall(" should_fail+0x1de/0x852")));
        Assert.Equal("INFO: rcu detected stall in corrupted", r.Title);
    }

    // riscv 4.15-4.19: a self-detected stall dumps the interrupted CPU's task with sched_show_task() and no register dump,
    // and print_ip_sym()'s "[<%p>] %pS" frames show "(ptrval)" for every address while the %p hashing key is not ready.
    private static string RiscvSelfDetectedStall(string address, params string[] below) => string.Join('\n',
    [
        "[  202.287145] INFO: rcu_sched self-detected stall on CPU",
        "[  202.291748]  2-....: (2099 ticks this GP) idle=82e/140000000000001/0 softirq=869/869 fqs=11 ",
        "[  202.300081]   (t=2100 jiffies g=116 c=115 q=2)",
        "[  202.304531] Task dump for CPU 2:",
        "[  202.307742] runner          R  running task        0   130    124 0x00000008",
        "[  202.314772] Call Trace:",
        $"[  202.317336] [<{address}>] walk_stackframe+0x0/0xa2",
        $"[  202.322662] [<{address}>] show_stack+0x26/0x34",
        $"[  202.327722] [<{address}>] sched_show_task+0xa8/0x108",
        $"[  202.333258] [<{address}>] dump_cpu_task+0x3a/0x48",
        $"[  202.338557] [<{address}>] rcu_dump_cpu_stacks+0x7a/0xb8",
        $"[  202.344373] [<{address}>] rcu_check_callbacks+0x52c/0x644",
        $"[  202.350384] [<{address}>] update_process_times+0x1e/0x4c",
        $"[  202.356296] [<{address}>] tick_periodic+0x40/0xac",
        $"[  202.361583] [<{address}>] tick_handle_periodic+0x56/0x5c",
        $"[  202.367518] [<{address}>] riscv_timer_interrupt+0x26/0x32",
        $"[  202.373510] [<{address}>] riscv_intc_irq+0x58/0xee",
        $"[  202.378890] [<{address}>] ret_from_syscall+0xa/0xe",
        .. below.Select(b => $"[  202.384398] [<{address}>] {b}"),
    ]) + "\n";

    [Theory]
    [InlineData("        (ptrval)")]
    [InlineData("(____ptrval____)")]
    [InlineData("ffffffe000616bdc")]
    public void A_stall_task_dump_whose_addresses_are_hashed_pointer_placeholders_has_its_frames(string address)
    {
        CrashReport r = Assert.Single(Scan(RiscvSelfDetectedStall(address, "enclave_finalize+0x14/0xe4 [enclave_driver]")));
        Assert.Equal(13, r.Frames.Length);
        Assert.Equal("enclave_finalize", r.Frames[^1].Function);
        // syzkaller reads a stall's frames only after the timer interrupt's entry (x86 apic_timer_interrupt, arm's
        // "Exception stack", arm64 el1h_64_irq), which riscv never prints: in corrupted. With no register dump the IP is
        // the first frame the skip list does not cover, as for the other riscv and powerpc task dumps.
        Assert.Equal("INFO: rcu detected stall in corrupted", r.Title);
        Assert.Equal("sched_show_task", r.Ip?.Function);
    }
}
