using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Tests.Lines;

public class LinePrefixTests
{
    [Theory]
    [InlineData("[    2.252147] BUG: kernel NULL pointer dereference", "BUG: kernel NULL pointer dereference", null)]
    [InlineData("[  584.319520][   T31] INFO: task hung", "INFO: task hung", "T31")]
    [InlineData("[ 1307.514750][    C1] RIP: 0010:x+0x1/0x2", "RIP: 0010:x+0x1/0x2", "C1")]
    [InlineData("<4>[   12.000001] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2", "WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2", null)]
    [InlineData("** 5 printk messages dropped ** [   3.000000] Call Trace:", "Call Trace:", null)]
    [InlineData("syzkaller login: [   60.1] general protection fault", "general protection fault", null)]
    [InlineData("-wait-wouldblock[  347.423535] invalid opcode: 0000 [#1] SMP PTI", "invalid opcode: 0000 [#1] SMP PTI", null)]
    public void Printk_decorations_are_taken_apart(string raw, string text, string? caller)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.Equal(caller, line.Caller);
        Assert.True(line.HasKernelPrefix);
    }

    [Fact]
    public void A_journal_monotonic_line_names_its_host_and_program_but_a_line_with_a_caller_id_is_the_kernels_own()
    {
        // journalctl -o short-monotonic: "[time] host ident[pid]: " (user space) and "[time] host kernel: ".
        KernelLine journal = LinePrefix.Parse("[    5.123456] node-07 systemd[1]: Started Journal Service.");
        Assert.Equal("Started Journal Service.", journal.Text);
        Assert.False(journal.HasKernelPrefix);
        Assert.Equal("Oops: 0000 [#1] SMP", LinePrefix.Parse("[    5.123456] node-07 kernel: Oops: 0000 [#1] SMP").Text);

        // The journal prints no caller id: after one, the words are the kernel's message, whatever they look like.
        KernelLine own = LinePrefix.Parse("[    5.123456][  T100] node-07 kworker[100]: message");
        Assert.Equal("node-07 kworker[100]: message", own.Text);
        Assert.Equal("T100", own.Caller);
        Assert.True(own.HasKernelPrefix);
    }

    [Theory]
    [InlineData("Nov 26 05:34:43 web-17 kernel: [ 4021.1] Kernel panic - not syncing: Fatal exception")]
    [InlineData("2026-11-26T05:34:43.123456+00:00 web-17 kernel: Kernel panic - not syncing: Fatal exception")]
    public void Syslog_and_journal_prefixes_are_stripped(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal("Kernel panic - not syncing: Fatal exception", line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    // Talos Linux's machined formats each kernel record "%s: %7s: [%s]: %s" (facility, priority right-aligned to seven,
    // RFC 3339 time, text) and talosctl dmesg puts the node first.
    [Theory]
    [InlineData("nanofield: kern: warning: [2021-08-05T21:46:09.711163081Z]: RIP: 0010:sk_stream_kill_queues+0x109/0x120", "RIP: 0010:sk_stream_kill_queues+0x109/0x120")]
    [InlineData("172.20.1.2: kern:    info: [2021-11-10T10:09:37.662764956Z]: Command line: panic=1", "Command line: panic=1")]
    [InlineData("kern:   emerg: [2021-11-10T10:09:37Z]: Kernel panic - not syncing: Fatal exception", "Kernel panic - not syncing: Fatal exception")]
    [InlineData("fd00::2: kern:     err: [2021-11-10T10:09:37.5+02:00]:  ? __schedule+0x401/0x15e0", " ? __schedule+0x401/0x15e0")]
    public void Talosctl_dmesg_prefixes_are_stripped(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    // A program's write to /dev/kmsg carries its own facility: a line of user space, not the kernel's.
    [InlineData("nanofield: user: warning: [2021-08-05T21:46:09.711163081Z]: [talos] service[kubelet](Running): Started")]
    // Not Talos's form: no priority name, no bracketed RFC 3339 time, words with blanks before the facility.
    [InlineData("nanofield: kern: warn: [2021-08-05T21:46:09.711163081Z]: BUG: soft lockup")]
    [InlineData("nanofield: kern: warning: [12:00:01]: BUG: soft lockup")]
    [InlineData("the node said: kern: warning: [2021-08-05T21:46:09Z]: BUG: soft lockup")]
    public void Lines_not_in_talosctl_dmesg_form_are_not_the_kernels(string raw)
    {
        Assert.False(LinePrefix.Parse(raw).HasKernelPrefix);
    }

    [Theory]
    [InlineData("localhost kernel: qla_nvme_post_cmd+0x216/0x1380 [qla2xxx]", "qla_nvme_post_cmd+0x216/0x1380 [qla2xxx]")]
    [InlineData("db-7.example.com kernel: [ 4021.1] Kernel panic - not syncing: Fatal exception", "Kernel panic - not syncing: Fatal exception")]
    public void A_syslog_line_whose_date_was_cut_off_is_still_the_kernels(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("kernel:  [<000002c28b5d0e74>] alg_test+0x534/0x660", " [<000002c28b5d0e74>] alg_test+0x534/0x660")]
    [InlineData("kernel: WARNING: CPU: 10 PID: 4928 at crypto/testmgr.c:5808 alg_test+0x530/0x660", "WARNING: CPU: 10 PID: 4928 at crypto/testmgr.c:5808 alg_test+0x530/0x660")]
    public void A_syslog_line_cut_down_to_its_kernel_tag_is_still_the_kernels(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("Booting Linux kernel: 6.1.0")]
    [InlineData("user@host: kernel: done")]
    public void Words_before_kernel_that_are_no_host_name_are_no_syslog_prefix(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(raw, line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("23:05:11 localhost.localdomain kernel: INFO: task qemu-system-aar:8361 blocked for more than 120 seconds.",
        "INFO: task qemu-system-aar:8361 blocked for more than 120 seconds.")]
    [InlineData("22:15:04 padcids kernel: [20013.114065] ------------[ cut here ]------------", "------------[ cut here ]------------")]
    public void A_syslog_line_cut_down_to_its_time_host_and_tag_is_the_kernels(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Fact]
    public void A_clock_and_a_word_without_the_kernel_tag_are_no_syslog_prefix()
    {
        KernelLine line = LinePrefix.Parse("23:05:11 build finished: 3 warnings");
        Assert.Equal("23:05:11 build finished: 3 warnings", line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Fact]
    public void A_line_without_decorations_is_user_space_output()
    {
        KernelLine line = LinePrefix.Parse("Welcome to Debian GNU/Linux 12");
        Assert.Equal("Welcome to Debian GNU/Linux 12", line.Text);
        Assert.False(line.HasKernelPrefix);
        Assert.Null(line.Caller);
    }

    [Fact]
    public void A_bracketed_number_glued_to_user_text_without_printks_six_digits_is_no_printk_time()
    {
        KernelLine line = LinePrefix.Parse("progress[12.5] done");
        Assert.Equal("progress[12.5] done", line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Fact]
    public void The_printk_time_of_a_prefix_is_read_in_microseconds()
    {
        Assert.Equal(347_423_535, PrintkTime.Microseconds("-wait-wouldblock[  347.423535] "));
        Assert.Equal(58857, PrintkTime.WholeSeconds("[58857.640861] "));
        Assert.Equal(-1, PrintkTime.Microseconds("[Thu Oct 30 06:21:23 2025] "));
        Assert.Equal(-1, PrintkTime.Microseconds("[  +0.000008] "));
    }

    [Fact]
    public void A_printk_time_whose_fraction_was_lost_in_a_paste_is_still_the_kernels_time()
    {
        // printk's "[%5lu.%06lu] " with the six digits gone: the five-wide seconds field is still printk's.
        KernelLine line = LinePrefix.Parse("[  240.] INFO: task kinteractiveup:64 blocked for more than 120 seconds.");
        Assert.Equal("INFO: task kinteractiveup:64 blocked for more than 120 seconds.", line.Text);
        Assert.True(line.HasKernelPrefix);
        Assert.Equal(240, PrintkTime.WholeSeconds("[  240.] "));
    }

    [Theory]
    [InlineData("[1.] One line summary of the problem: kernel BUG at fs/ext4/inode.c:123!")]
    [InlineData("[  +1.] next")]
    public void A_list_number_or_a_relative_time_without_fraction_is_no_printk_time(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(raw, line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Fact]
    public void A_cpu_caller_id_is_told_from_a_task_caller_id()
    {
        Assert.True(LinePrefix.Parse("[ 1.0][    C3] x").CallerIsCpu);
        Assert.False(LinePrefix.Parse("[ 1.0][  T123] x").CallerIsCpu);
    }

    [Theory]
    [InlineData("- {\"dt\": \"2022-09-01T10:00:01.148071\", \"lvl\": \"target\", \"msg\": \"[    1.148071]  smp_call_function_many_cond from smp_call_function+0x34/0x3c\"}", " smp_call_function_many_cond from smp_call_function+0x34/0x3c")]
    [InlineData("[    1.148071]  smp_call_function_many_cond from smp_call_function+0x34/0x3c\"}", " smp_call_function_many_cond from smp_call_function+0x34/0x3c")]
    [InlineData("[    2.000000] Loading firmware \\\"foo.bin\\\"\"}", "Loading firmware \\\"foo.bin\\\"")]
    public void The_closing_quote_and_brace_of_a_lava_json_record_are_not_part_of_the_message(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.Equal(text, line.TextSpan.ToString());
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("[    3.000000] audit: name=\"x{y}\"}")]
    [InlineData("[    3.000000] fw: cfg {a=\\\"}")]
    [InlineData("echo {\"a\": \"b\"}")]
    public void A_message_of_its_own_that_ends_in_quote_and_brace_keeps_them(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.EndsWith("\"}", line.Text);
    }

    [Theory]
    [InlineData("1261929:Apr 13 18:52:32 ifserv kernel: BUG: unable to handle kernel paging request at ffffea0003d85248", "BUG: unable to handle kernel paging request at ffffea0003d85248")]
    [InlineData("1262024-Apr 13 18:52:32 ifserv kernel: IP: [<ffffffff81116e22>] unmap_single_vma+0x2d9/0x6b8", "IP: [<ffffffff81116e22>] unmap_single_vma+0x2d9/0x6b8")]
    [InlineData("7-2026-11-26T05:34:43.123456+00:00 web-17 kernel: Call Trace:", "Call Trace:")]
    public void A_syslog_line_behind_grep_line_number_is_the_kernels(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("1261929:Apr 13 things happened")]
    [InlineData("42: kernel: not a syslog line")]
    [InlineData("12:Booting kernel: 6.1")]
    public void A_number_and_colon_before_no_syslog_line_is_no_grep_prefix(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(raw, line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("[    525.566493]  ALERT: BUG: unable to handle kernel NULL pointer dereference at 0000000000000008", "BUG: unable to handle kernel NULL pointer dereference at 0000000000000008")]
    [InlineData("[    525.566583]   WARN: RIP: e030:skb_copy_ubufs+0x19c/0x5f0", "RIP: e030:skb_copy_ubufs+0x19c/0x5f0")]
    [InlineData("[    525.566523]   INFO: PGD 12b14c067 P4D 12b14c067 PUD 12a24f067 PMD 0 ", "PGD 12b14c067 P4D 12b14c067 PUD 12a24f067 PMD 0 ")]
    [InlineData("[      3.000001]  EMERG: Kernel panic - not syncing: Fatal exception", "Kernel panic - not syncing: Fatal exception")]
    [InlineData("[     12.000002]    ERR: INFO: task kworker/0:1:12 blocked for more than 120 seconds.", "INFO: task kworker/0:1:12 blocked for more than 120 seconds.")]
    [InlineData("[     12.000003] NOTICE: Call Trace:", "Call Trace:")]
    [InlineData("[     12.000004]   CRIT:  dump_stack+0x5c/0x80", " dump_stack+0x5c/0x80")]
    [InlineData("[     12.000005]  DEBUG: x", "x")]
    public void Xen_crashdump_analysers_level_names_after_the_time_are_stripped(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("[   12.000001] INFO: task kworker/0:1:12 blocked for more than 120 seconds.", "INFO: task kworker/0:1:12 blocked for more than 120 seconds.")]
    [InlineData("[   12.000002] WARN: x", "WARN: x")]
    [InlineData("[   12.000003] ALERT:x", "ALERT:x")]
    [InlineData("  WARN: RIP: 0010:f+0x1/0x2", "  WARN: RIP: 0010:f+0x1/0x2")]
    public void A_level_word_not_padded_as_the_analyser_prints_it_or_without_a_time_before_it_stays(string raw, string text) =>
        Assert.Equal(text, LinePrefix.Parse(raw).Text);
}
