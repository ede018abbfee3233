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
}
