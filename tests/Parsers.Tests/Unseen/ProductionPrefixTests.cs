using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Tests.Unseen;

/// <summary>The line prefixes of production consoles and log collectors, each taken apart down to the kernel's message.</summary>
public class ProductionPrefixTests
{
    [Theory]
    [InlineData("[Wed Dec 19 03:36:07 2018] INFO: task logrotate:17344 blocked for more than 120 seconds.", "INFO: task logrotate:17344 blocked for more than 120 seconds.")]
    [InlineData("[Mon Dec  9 19:18:26 2024]  dump_stack_lvl+0x4a/0x63", " dump_stack_lvl+0x4a/0x63")]
    [InlineData("Thu Aug 11 22:52:54 2022 kern.info kernel: [   37.498052] traps: check[3654] x", "traps: check[3654] x")]
    [InlineData("2025-01-11T14:18:39.91660 kern.err: [  621.892001] ACPI Error: x", "ACPI Error: x")]
    [InlineData("Apr 15 13:58:08.549417 raspberrypi kernel: pc : __arch_copy_to_user+0xd8/0x240", "pc : __arch_copy_to_user+0xd8/0x240")]
    [InlineData("set 03 13:04:28 bazzite kernel: ACPI Error: x", "ACPI Error: x")]
    [InlineData("jan. 29 21:13:35 kevin kernel: pcieport 0000:00:1c.0: AER: x", "pcieport 0000:00:1c.0: AER: x")]
    [InlineData("févr. 03 08:01:02 srv kernel: BUG: soft lockup - CPU#1 stuck for 22s!", "BUG: soft lockup - CPU#1 stuck for 22s!")]
    [InlineData("16:56:35 [ 82.652245] PC is at unlink_anon_vmas+0xbc/0x1f4", "PC is at unlink_anon_vmas+0xbc/0x1f4")]
    [InlineData("[root@fedora-starfive gpio]# [38179.087918] Unable to handle kernel paging request", "Unable to handle kernel paging request")]
    [InlineData("[  123.456789] web-17 kernel: BUG: soft lockup - CPU#1 stuck for 22s!", "BUG: soft lockup - CPU#1 stuck for 22s!")]
    public void A_collectors_or_consoles_prefix_is_stripped_and_the_line_counts_as_the_kernels(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("2017-01-18 10:12:31\tOops: 0002 [#1] SMP ", "Oops: 0002 [#1] SMP ")]
    [InlineData("2017-01-18 10:12:31\t[] sysrq_handle_crash+0x16/0x20", "[] sysrq_handle_crash+0x16/0x20")]
    [InlineData("2025-04-23T04:38:59Z\tKernel panic - not syncing: Fatal exception", "Kernel panic - not syncing: Fatal exception")]
    public void A_date_and_time_a_logger_stamped_before_a_tab_is_stripped_as_before_a_space(string raw, string text)
    {
        Assert.Equal(text, LinePrefix.Parse(raw).Text);
    }

    [Theory]
    [InlineData("[   T123]  dump_stack_lvl+0x48/0x70", " dump_stack_lvl+0x48/0x70", "T123")]
    [InlineData("[     C2] RIP: 0010:native_safe_halt+0xb/0x10", "RIP: 0010:native_safe_halt+0xb/0x10", "C2")]
    public void A_caller_id_without_a_printk_time_is_taken_apart(string raw, string text, string caller)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.Equal(caller, line.Caller);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("May 25 07:29:42 x 0,16627,40311380557,-,caller=C0;BUG: workqueue lockup - pool cpus=3", "BUG: workqueue lockup - pool cpus=3", "C0")]
    [InlineData("4,1234,5678901,-;general protection fault: 0000 [#1] SMP", "general protection fault: 0000 [#1] SMP", null)]
    [InlineData("6,1235,5678902,c,caller=T2266;Call trace:", "Call trace:", "T2266")]
    public void A_dev_kmsg_or_extended_netconsole_record_gives_the_message_and_its_caller(string raw, string text, string? caller)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.Equal(caller, line.Caller);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("[  188.538828] [pid:10974,cpu1,grep] vfs_read+0xc0/0x2bc", "vfs_read+0xc0/0x2bc", "T10974")]
    [InlineData("[ 1234.567890] (2)[123:kworker/2:1]Unable to handle kernel paging request", "Unable to handle kernel paging request", "T123")]
    public void A_vendor_kernels_task_tag_is_taken_as_the_caller(string raw, string text, string caller)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.Equal(caller, line.Caller);
    }

    [Theory]
    [InlineData("2025-04-23T04:38:59Z  rb_first_postorder+0x13/0x40", " rb_first_postorder+0x13/0x40")]
    [InlineData("2024-01-11T14:18:39.916+01:00 Call Trace:", "Call Trace:")]
    public void A_bare_iso_time_in_front_is_stripped_without_claiming_the_line_for_the_kernel(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("Released v1.2 [ 2.5] with fixes")]
    [InlineData("postgres[991]: WARNING:  there is no transaction in progress")]
    [InlineData("1,2,3 and 4")]
    public void Ordinary_text_that_merely_resembles_a_prefix_stays_user_space(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(raw, line.Text);
        Assert.False(line.HasKernelPrefix);
    }
}
