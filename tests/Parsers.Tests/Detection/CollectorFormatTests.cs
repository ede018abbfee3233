using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>Reports as log collectors and unwinders of their own shape them: LAVA's JSON records, the arm unwinder's
/// trace with no header line.</summary>
public class CollectorFormatTests
{
    // LAVA's log: one JSON record a console line, the message a JSON string.
    private static string Lava(params string[] lines) =>
        string.Concat(lines.Select((l, i) =>
            $"- {{\"dt\": \"2022-09-01T10:00:{i:D2}.000000\", \"lvl\": \"target\", \"msg\": \"[  100.{i:D6}] {l}\"}}\n"));

    [Fact]
    public void An_x86_bug_in_lava_json_records_is_read_without_the_records_closing_quote_and_brace()
    {
        CrashReport r = Assert.Single(Scan(Lava(
            "------------[ cut here ]------------",
            "kernel BUG at mm/slub.c:379!",
            "invalid opcode: 0000 [#1] PREEMPT SMP PTI",
            "CPU: 1 PID: 77 Comm: kworker/1:1 Not tainted 6.1.0 #1",
            "RIP: 0010:__slab_free+0x2a5/0x2c0",
            "Call Trace:",
            " <TASK>",
            " kfree+0x26a/0x2a0",
            " lab_release+0x1c/0x40 [labcrash]",
            " process_one_work+0x1e5/0x3b0",
            " </TASK>",
            "---[ end trace 0000000000000000 ]---",
            "Kernel panic - not syncing: Fatal exception")));
        Assert.Equal("kernel BUG in lab_release", r.Title);
        Assert.Equal("Fatal exception", r.PanicReason);
        Assert.Equal("6.1.0", r.Kernel.Release);
        Assert.Contains(r.Frames, f => f.Function == "lab_release" && f.Module == "labcrash");
        Assert.False(r.Corrupted);
    }

    [Fact]
    public void An_arm_warning_whose_unwinder_prints_no_trace_line_names_the_warning_function()
    {
        CrashReport r = Assert.Single(Scan(Console(
            "------------[ cut here ]------------",
            "WARNING: CPU: 0 PID: 1 at kernel/smp.c:912 smp_call_function_many_cond+0x3c4/0x3c8",
            "Modules linked in:",
            "CPU: 0 PID: 1 Comm: init Not tainted 6.0.0 #1",
            "Hardware name: Generic DT based system",
            " unwind_backtrace from show_stack+0x18/0x1c",
            " show_stack from dump_stack_lvl+0x58/0x70",
            " dump_stack_lvl from __warn+0xd0/0x144",
            " __warn from warn_slowpath_fmt+0x64/0xbc",
            " warn_slowpath_fmt from smp_call_function_many_cond+0x3c4/0x3c8",
            " smp_call_function_many_cond from smp_call_function+0x34/0x3c",
            " smp_call_function from set_memory_valid+0x7c/0x9c",
            "---[ end trace 0000000000000000 ]---")));
        Assert.Equal("WARNING in smp_call_function_many_cond", r.Title);
        Assert.False(r.Corrupted);
    }

    [Fact]
    public void A_report_grepped_out_of_var_log_messages_with_line_numbers_names_its_ip_function()
    {
        CrashReport r = Assert.Single(Scan(
            "1261929:Apr 13 18:52:32 ifserv kernel: BUG: unable to handle kernel paging request at ffffea0003d85248\n"
            + "1262024-Apr 13 18:52:32 ifserv kernel: IP: [<ffffffff81116e22>] unmap_single_vma+0x2d9/0x6b8\n"
            + "1262109-Apr 13 18:52:32 ifserv kernel: PGD c3fff3067 PUD c3fff2067 PMD 0 \n"
            + "1262175-Apr 13 18:52:32 ifserv kernel: Oops: 0000 [#1] SMP \n"));
        Assert.Equal("BUG: unable to handle kernel paging request in unmap_single_vma", r.Title);
        Assert.Equal("unmap_single_vma", r.Ip?.Function);
    }

    [Fact]
    public void A_warning_printed_by_talosctl_dmesg_is_read_with_its_registers_and_stack()
    {
        const string Talos = "nanofield: kern: warning: [2021-08-05T21:46:09.{0:D9}Z]: {1}\n";
        string[] lines =
        [
            "------------[ cut here ]------------",
            "WARNING: CPU: 3 PID: 13261 at net/core/stream.c:208 sk_stream_kill_queues+0x109/0x120",
            "Modules linked in:",
            "CPU: 3 PID: 13261 Comm: kubelet Tainted: G        W I     T 5.10.52-talos #1",
            "Hardware name: HP ProLiant DL360p Gen8, BIOS P71 07/01/2015",
            "RIP: 0010:sk_stream_kill_queues+0x109/0x120",
            "Call Trace:",
            " <IRQ>",
            " inet_csk_destroy_sock+0x55/0x110",
            " tcp_rcv_state_process+0xd19/0x1010",
            " tcp_v4_do_rcv+0xb8/0x1e0",
            "---[ end trace 2f05d4ac1bc5a0a4 ]---",
        ];
        CrashReport r = Assert.Single(Scan(string.Concat(lines.Select((l, i) =>
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Talos, i * 1000, l)))));
        Assert.Equal("WARNING in sk_stream_kill_queues", r.Title);
        Assert.Equal("sk_stream_kill_queues", r.Ip?.Function);
        Assert.Equal("5.10.52-talos", r.Kernel.Release);
        Assert.False(r.Corrupted);
    }
}
