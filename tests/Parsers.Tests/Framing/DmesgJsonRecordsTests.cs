using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Tests.Framing;

/// <summary>util-linux dmesg --json's pretty-printed records are framed as the console lines they were
/// (DmesgJsonRecords); any other stream is framed as it was.</summary>
public class DmesgJsonRecordsTests
{
    // As util-linux 2.40 prints it (sys-utils/dmesg.c print_record, lib/jsonwrt.c), with -x's "fac" in one record and a
    // record of two lines.
    private const string Document = """
        {
           "dmesg": [
              {
                 "pri": 6,
                 "time":     0.000000,
                 "caller": "T0",
                 "msg": "Linux version 6.12.0 (builder@host) #1 SMP PREEMPT_DYNAMIC"
              },{
                 "fac": "kern",
                 "pri": "emerg",
                 "time":    42.123456,
                 "caller": "C3",
                 "msg": "Kernel panic - not syncing: \"sysrq\" triggered\tcrash"
              },{
                 "pri": 4,
                 "time":    42.200000,
                 "msg": "first line\n second line"
              }
           ]
        }

        """;

    private static List<(string Line, long File)> Frame(string input, int chunk) => FileLineTests.Frame(input, chunk);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65536)]
    public void Each_record_becomes_its_console_line_with_its_time_and_caller_at_the_file_line_of_its_message(int chunk)
    {
        List<(string Line, long File)> lines = Frame(Document, chunk);
        Assert.Equal(
            [
                ("[    0.000000] [    T0] Linux version 6.12.0 (builder@host) #1 SMP PREEMPT_DYNAMIC", 7L),
                ("[   42.123456] [    C3] Kernel panic - not syncing: \"sysrq\" triggered\tcrash", 13L),
                ("[   42.200000] first line", 17L),
                ("[   42.200000]  second line", 17L),
            ],
            lines);
        KernelLine panic = LinePrefix.Parse(lines[1].Line);
        Assert.Equal("C3", panic.Caller);
        Assert.StartsWith("Kernel panic - not syncing", panic.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_that_only_begins_like_the_document_is_framed_as_it_was()
    {
        Assert.Equal([("{", 1L), ("\"msg\": \"not dmesg\"", 2L), ("}", 3L)], Frame("{\n\"msg\": \"not dmesg\"\n}\n", 65536));
        Assert.Equal([("{", 1L)], Frame("{", 65536));
        Assert.Equal([("{", 1L), ("x", 2L)], Frame("{\nx", 65536));
        Assert.Equal([("[    1.000000] BUG: x", 1L)], Frame("[    1.000000] BUG: x\n", 65536));
    }

    [Fact]
    public void A_line_that_is_not_the_documents_is_kept_and_a_damaged_record_costs_no_exception()
    {
        const string Damaged = "{\n\"dmesg\": [\n{\n\"time\": soon,\n\"caller\": 7,\n\"msg\": \"no time \\ud800 here\"\n},{\n\"msg\": \"unterminated\n"
            + "[  OK  ] Started kdump.service.\n\"msg\": \"\n]\n}";
        Assert.Equal(
            [
                ("no time \uFFFD here", 6L),
                ("\"msg\": \"unterminated", 8L),
                ("[  OK  ] Started kdump.service.", 9L),
                ("\"msg\": \"", 10L),
            ],
            Frame(Damaged, 3));
    }
}
