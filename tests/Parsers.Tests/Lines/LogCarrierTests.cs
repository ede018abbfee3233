using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Tests.Lines;

/// <summary>Syslog as sent (RFC 5424 and RFC 3164 behind their priority), the kubelet's container log and one-object-a-line
/// JSON logs (journalctl -o json, Docker's json-file): the kernel's line inside each is taken apart as the bare line.</summary>
public class LogCarrierTests
{
    [Theory]
    [InlineData("<4>1 2026-12-06T22:00:01.123456+00:00 web01 kernel - - - [   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000008")]
    [InlineData("<0>1 2026-12-06T22:00:01Z web01.example.net kernel - - - Kernel panic - not syncing: Fatal exception")]
    [InlineData("<4>1 2026-12-06T22:00:01Z web01 kernel - - [meta sequenceId=\"17\" note=\"a \\] b\"][origin ip=\"10.0.0.1\"] [   12.345678] BUG: soft lockup - CPU#3 stuck for 22s!")]
    [InlineData("<4>1 - - kernel - - - \uFEFF[   12.345678] BUG: scheduling while atomic: swapper/0/0/0x00000100")]
    [InlineData("<4>Dec  6 22:00:01 web01 kernel: [   12.345678] general protection fault: 0000 [#1] SMP")]
    public void A_syslog_message_as_sent_gives_the_kernels_line_behind_its_header(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.True(line.HasKernelPrefix);
        Assert.Matches("^(BUG|Kernel panic|general protection)", line.Text);
    }

    [Fact]
    public void An_rfc5424_message_of_a_program_is_not_the_kernels_and_a_kernel_level_alone_is_no_syslog_priority()
    {
        KernelLine program = LinePrefix.Parse("<30>1 2026-12-06T22:00:01Z web01 systemd 1 - - Started Daily apt upgrade.");
        Assert.Equal("Started Daily apt upgrade.", program.Text);
        Assert.False(program.HasKernelPrefix);

        // dmesg -r: the level and the printk time, no syslog header.
        KernelLine raw = LinePrefix.Parse("<4>[   12.345678] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2");
        Assert.Equal("WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2", raw.Text);

        // Not a header: a priority over 191, a version 0, a field run past the line, structured data left open.
        foreach (string notHeader in (string[])["<192>1 t h kernel - - - x", "<4>0 t h kernel - - - x", "<4>1 2026-12-06T22:00:01Z", "<4>1 t h kernel - - [open x"])
        {
            Assert.NotEqual("x", LinePrefix.Parse(notHeader).Text);
        }
    }

    [Fact]
    public void A_kubelet_container_log_line_gives_the_console_line_it_carries()
    {
        KernelLine line = LinePrefix.Parse("2026-12-06T22:00:01.1234567Z stdout F [   12.345678] Oops: 0000 [#1] PREEMPT SMP NOPTI");
        Assert.Equal("Oops: 0000 [#1] PREEMPT SMP NOPTI", line.Text);
        Assert.True(line.HasKernelPrefix);
        Assert.Equal("Call Trace:", LinePrefix.Parse("2026-12-06T22:00:01Z stderr P Call Trace:").Text);
    }

    [Fact]
    public void A_journal_json_record_of_the_kernel_gives_its_message_with_the_printk_time_put_back()
    {
        const string Record = """{"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1765058401123456","_SOURCE_MONOTONIC_TIMESTAMP":"12345678","PRIORITY":"4","SYSLOG_IDENTIFIER":"kernel","MESSAGE":"RIP: 0010:\"f\"+0x1/0x2\ttab","_TRANSPORT":"kernel","_HOSTNAME":"web01"}""";
        KernelLine line = LinePrefix.Parse(Record);
        Assert.Equal("RIP: 0010:\"f\"+0x1/0x2\ttab", line.Text);
        Assert.Equal("[   12.345678] RIP: 0010:\"f\"+0x1/0x2\ttab", line.Raw);
        Assert.True(line.HasKernelPrefix);
        Assert.Equal(12, PrintkTime.WholeSeconds(line.Raw.AsSpan(0, line.TextStart)));
    }

    [Fact]
    public void A_journal_json_record_in_older_spacing_with_its_message_as_byte_values_is_read_too()
    {
        // journald writes a value that is not printable UTF-8 as an array of its bytes: "\u001b[1mBUG: x" here.
        const string Record = """{ "__CURSOR" : "s=1", "_TRANSPORT" : "kernel", "MESSAGE" : [ 27, 91, 49, 109, 66, 85, 71, 58, 32, 120 ], "X" : { "a" : [ "]" ] } }""";
        KernelLine line = LinePrefix.Parse(Record);
        Assert.Equal("\u001b[1mBUG: x", line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Fact]
    public void A_journal_json_record_of_a_program_is_not_the_kernels()
    {
        KernelLine line = LinePrefix.Parse("""{"SYSLOG_IDENTIFIER":"systemd","_PID":"1","MESSAGE":"Kernel panic - not syncing: this is a test","_TRANSPORT":"stdout"}""");
        Assert.Equal("Kernel panic - not syncing: this is a test", line.Text);
        Assert.False(line.HasKernelPrefix);
    }

    [Fact]
    public void A_docker_json_file_line_is_taken_apart_as_the_console_line_it_holds()
    {
        KernelLine line = LinePrefix.Parse("""{"log":"[   12.345678][  T123] BUG: KASAN: use-after-free in f+0x1/0x2\r\n","stream":"stdout","time":"2026-12-06T22:00:01.1Z"}""");
        Assert.Equal("BUG: KASAN: use-after-free in f+0x1/0x2", line.Text);
        Assert.Equal("T123", line.Caller);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("{\"MESSAGE\":\"x\"")]
    [InlineData("{\"MESSAGE\":\"x} y\"")]
    [InlineData("{\"MESSAGE\" \"x\"}")]
    [InlineData("{\"MESSAGE\":\"x\" \"y\":1}")]
    [InlineData("{\"MESSAGE\":[1,2,300],\"_TRANSPORT\":\"kernel\"}")]
    [InlineData("{\"other\":\"no message here\"}")]
    [InlineData("{ ]]]]]]]]]]]]]]]]]]] }")]
    [InlineData("{\"MESSAGE\":{\"a\":[[[[[[[[[[}")]
    public void A_line_that_only_looks_like_a_json_record_is_read_as_the_line_it_is(string raw)
    {
        Assert.False(JsonLogRecord.TryRead(raw, out _));
        Assert.Equal(raw, LinePrefix.Parse(raw).Raw);
    }

    [Theory]
    [InlineData("{\"MESSAGE\":\"\\ud800 BUG: x\",\"_TRANSPORT\":\"kernel\"}", "\uFFFD BUG: x")]
    [InlineData("{\"MESSAGE\":\"\\udc00\\ud800\\u0041\",\"_TRANSPORT\":\"kernel\"}", "\uFFFD\uFFFDA")]
    [InlineData("{\"MESSAGE\":\"\\ud83d\\ude00 ok\",\"_TRANSPORT\":\"kernel\"}", "\U0001F600 ok")]
    [InlineData("{\"MESSAGE\":\"a\\x b\",\"_TRANSPORT\":\"kernel\"}", "a\\x b")]
    [InlineData("{\"MESSAGE\":\"a\\u12\",\"_TRANSPORT\":\"kernel\"}", "a\\u12")]
    [InlineData("- {\"dt\": \"2022-09-01T10:00:00.000000\", \"lvl\": \"target\", \"msg\": \"[    1.000000] \\ud800 BUG: x\"}", "\uFFFD BUG: x")]
    public void A_json_string_with_a_lone_surrogate_or_an_unknown_escape_is_read_without_an_exception(string raw, string text)
    {
        // System.Text.Json's reader threw InvalidOperationException on "\ud800", which ended the scan.
        Assert.Equal(text, LinePrefix.Parse(raw).Text);
    }

    [Theory]
    [InlineData("""{"priority":4,"sequence":1814,"sec":11706,"usec":732233,"msg":"BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:123]"}""")]
    [InlineData("""{"date":1765058401.123456,"priority":4,"sequence":1814,"sec":11706,"usec":732233,"msg":"BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:123]\n SUBSYSTEM=cpu\n DEVICE=+cpu:3"}""")]
    [InlineData("""kernel: [1765058401.123456, {"priority":4,"sequence":1814,"sec":11706,"usec":732233,"msg":"BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:123]"}]""")]
    [InlineData("""kmsg.0: [1765058401, {"priority":4,"sequence":1814,"sec":11706,"usec":732233,"msg":"BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:123]"}]  """)]
    public void A_fluent_bit_kmsg_record_gives_the_kernels_line_with_its_time_bare_or_in_the_file_outputs_form(string raw)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal("[11706.732233] BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:123]", line.Raw);
        Assert.Equal("BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:123]", line.Text);
        Assert.True(line.HasKernelPrefix);
    }

    [Theory]
    [InlineData("""{"priority":4,"sec":11706,"msg":"no usec"}""")]
    [InlineData("""{"priority":4,"sec":11706,"usec":1000000,"msg":"usec out of range"}""")]
    [InlineData("""{"priority":4,"sec":-1,"usec":5,"msg":"negative"}""")]
    [InlineData("""{"priority":4,"sec":99999999999999999999,"usec":5,"msg":"too big"}""")]
    public void A_kmsg_like_object_without_a_whole_time_is_no_record(string raw) =>
        Assert.False(JsonLogRecord.TryRead(raw, out _));

    [Theory]
    [InlineData("kernel [1765058401.1, {\"msg\":\"x\",\"sec\":1,\"usec\":2}]")]
    [InlineData("a tag: [1765058401.1, {\"msg\":\"x\",\"sec\":1,\"usec\":2}]")]
    [InlineData("kernel: [now, {\"msg\":\"x\",\"sec\":1,\"usec\":2}]")]
    [InlineData("Modules linked in: ext4 [last unloaded: {x}]")]
    public void A_line_only_like_fluent_bits_file_output_is_read_as_the_line_it_is(string raw) =>
        Assert.Equal(raw, LinePrefix.Parse(raw).Raw);
}
