using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Tests.Lines;

/// <summary>util-linux dmesg's own forms (sys-utils/dmesg.c print_record): the <c>-x</c> facility and level names, and the
/// caller id it prints after its time and a space.</summary>
public class DmesgFormTests
{
    [Theory]
    [InlineData("kern  :warn  : [    1.234567] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2", "WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2")]
    [InlineData("kern  :emerg : Kernel panic - not syncing: Fatal exception", "Kernel panic - not syncing: Fatal exception")]
    [InlineData("kern  :notice: [Sun Dec  6 22:00:01 2026] Linux version 6.1.0", "Linux version 6.1.0")]
    [InlineData("kern  :err   : [   35.046212] [  T5851] BUG: KASAN: slab-out-of-bounds in f+0x1/0x2", "BUG: KASAN: slab-out-of-bounds in f+0x1/0x2")]
    public void Dmesg_decode_names_the_kernels_facility_and_level_before_the_time(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Fact]
    public void A_user_space_record_that_dmesg_decodes_is_not_the_kernels()
    {
        KernelLine line = LinePrefix.Parse("user  :notice: kdump: saving vmcore");
        Assert.Equal("kdump: saving vmcore", line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("systemd:journal: done")]
    [InlineData("ata1.00: failed command: READ FPDMA QUEUED")]
    public void Words_shaped_like_names_with_no_level_name_are_the_message(string raw) =>
        Assert.Equal(raw, LinePrefix.Parse(raw).Text);

    [Theory]
    [InlineData("[   35.046212] [  T5851] Call Trace:", "T5851")]
    [InlineData("[Sun Dec  6 22:00:36 2026] [    C1] RIP: 0010:f+0x1/0x2", "C1")]
    public void The_caller_id_util_linux_dmesg_prints_after_its_time_and_a_space_is_taken_off(string raw, string caller)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(caller, line.Caller);
        Assert.DoesNotContain("[", line.Text[..4]);
    }

    [Fact]
    public void A_line_under_dmesgs_iso_time_is_the_kernels()
    {
        KernelLine line = LinePrefix.Parse("2024-01-11T14:18:39,916600+01:00 BUG: kernel NULL pointer dereference, address: 0000000000000008");
        Assert.Equal("BUG: kernel NULL pointer dereference, address: 0000000000000008", line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("2025-04-23T04:38:59Z ERROR: disk full")]
    [InlineData("2024-01-11T14:18:39,916+01:00 ERROR: disk full")]
    public void Another_iso_time_says_nothing_of_whose_line_it_is(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal("ERROR: disk full", line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Fact]
    public void A_rust_panic_under_a_dated_prefix_keeps_its_rust_kernel_word()
    {
        KernelLine line = LinePrefix.Parse("2026-12-06T22:00:24,717039+00:00 [    T298] rust_kernel: panicked at drivers/android/binder/node.rs:877:13:");
        Assert.Equal("rust_kernel: panicked at drivers/android/binder/node.rs:877:13:", line.Text);
        Assert.Equal("T298", line.Caller);
    }

    [Fact]
    public void A_user_space_record_of_journalctl_short_monotonic_is_not_the_kernels()
    {
        KernelLine line = LinePrefix.Parse("[    5.123456] node-07 systemd[1]: AGESA TYPE 17 DMI INFO:");
        Assert.Equal("AGESA TYPE 17 DMI INFO:", line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("[    5.123456] node-07 kernel: BUG: kernel NULL pointer dereference", "BUG: kernel NULL pointer dereference")]
    [InlineData("[    5.123456] systemd[1]: Started Journal Service.", "systemd[1]: Started Journal Service.")]
    public void The_kernels_record_under_the_monotonic_time_stays_the_kernels(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Fact]
    public void A_kernel_word_inside_the_message_after_a_dated_prefix_is_no_syslog_tag()
    {
        KernelLine line = LinePrefix.Parse("2026-12-06T22:01:27,966106+00:00 [   T3004] Kernel panic - not syncing: kernel: panic_on_warn set ...");
        Assert.Equal("Kernel panic - not syncing: kernel: panic_on_warn set ...", line.Text);
    }

    [Theory]
    [InlineData("4,1000,35046212,-;", 35_046_212)]
    [InlineData("May 25 07:29:42 x 0,16627,40311380557,-,caller=C0;", 40_311_380_557)]
    public void A_dev_kmsg_records_timestamp_is_the_kernels_clock(string prefix, long microseconds) =>
        Assert.Equal(microseconds, PrintkTime.Microseconds(prefix));

    [Theory]
    [InlineData("[  860.117823][    C1] ", 860_117_823)]
    [InlineData("[   35.046212] [  T5851] ", 35_046_212)]
    public void The_printk_time_before_a_caller_id_is_read(string prefix, long microseconds) =>
        Assert.Equal(microseconds, PrintkTime.Microseconds(prefix));

    [Theory]
    [InlineData("[Dec 6 22:00] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2")]
    [InlineData("[Dec16 22:00] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2")]
    [InlineData("[  +0.000008] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2")]
    public void Dmesg_reltimes_minute_and_delta_are_the_kernels_time(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal("WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2", line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("- {\"dt\": \"2022-09-01T10:00:00.000000\", \"lvl\": \"target\", \"msg\": \"Kernel panic - not syncing: Fatal exception\"}", "Kernel panic - not syncing: Fatal exception")]
    [InlineData("- {\"dt\": \"2022-09-01T10:00:00.000000\", \"lvl\": \"feedback\", \"msg\": \" dump_stack+0x1c/0x24\"}", " dump_stack+0x1c/0x24")]
    public void A_lava_record_without_a_printk_time_gives_its_message(string raw, string text) =>
        Assert.Equal(text, LinePrefix.Parse(raw).Text);

    [Theory]
    [InlineData("- {\"dt\": \"2022-09-01T10:00:00.000000\", \"lvl\": \"target\", \"msg\": \"[    2.1] VFS: Unable to mount root fs on \\\"/dev/ram0\\\" or unknown-block(0,0)\"}", "VFS: Unable to mount root fs on \"/dev/ram0\" or unknown-block(0,0)")]
    [InlineData("- {\"dt\": \"2022-09-01T10:00:00.000000\", \"lvl\": \"target\", \"msg\": \"WARNING: CPU: 0 PID: 4 at lib/refcount.c:87\\trefcount_dec_not_one+0x74/0x90\"}", "WARNING: CPU: 0 PID: 4 at lib/refcount.c:87\trefcount_dec_not_one+0x74/0x90")]
    public void A_lava_messages_json_escapes_are_read_as_the_consoles_text(string raw, string text) =>
        Assert.Equal(text, LinePrefix.Parse(raw).Text);

    [Theory]
    [InlineData("[  +0,000004] kernel BUG at src/fs/bcachefs/alloc/background.c:1428!", "kernel BUG at src/fs/bcachefs/alloc/background.c:1428!")]
    [InlineData("[  +0,000003] RIP: 0010:bch2_trigger_alloc+0xc24/0x16c0 [bcachefs]", "RIP: 0010:bch2_trigger_alloc+0xc24/0x16c0 [bcachefs]")]
    [InlineData("[ +12,000003]  dump_stack_lvl+0x47/0x60", " dump_stack_lvl+0x47/0x60")]
    [InlineData("[30. Jul 08:55] ------------[ cut here ]------------", "------------[ cut here ]------------")]
    [InlineData("[ 6. Dez 22:00] Linux version 6.1.0", "Linux version 6.1.0")]
    [InlineData("[30juil. 08:55] Call Trace:", "Call Trace:")]
    [InlineData("[ 6.pro 22:00] Call Trace:", "Call Trace:")]
    [InlineData("[12дек 22:00] Call Trace:", "Call Trace:")]
    [InlineData("[12月 6日 22:00] Call Trace:", "Call Trace:")]
    [InlineData("[ 6dec 22.00] Call Trace:", "Call Trace:")]
    public void Dmesg_reltime_as_a_locale_prints_it_is_taken_off(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("[    1,234567] x")]
    [InlineData("[Firmware Bug]: TSC doesn't count with P0 frequency!")]
    [InlineData("[drm] Initialized 1.0.0 20060810")]
    [InlineData("[sda 12:30]x")]
    [InlineData("[12:30 go] x")]
    public void A_bracket_that_is_no_dmesg_time_stays(string raw) =>
        Assert.Equal(raw, LinePrefix.Parse(raw).Text);
}
