using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Reports;

public class CrashReportTextTests
{
    private static readonly string[] Panic =
    [
        "Kernel panic - not syncing: sysrq triggered crash",
        "CPU: 0 PID: 91 Comm: sh Not tainted 6.1.0-56-amd64 #1  Debian 6.1.192-2",
        "Call Trace:",
        " <TASK>",
        " panic+0x118/0x2f0",
        " </TASK>",
        "---[ end Kernel panic - not syncing: sysrq triggered crash ]---",
    ];

    [Fact]
    public void The_text_is_the_report_lines_as_printed_joined_by_newlines()
    {
        CrashReport r = Assert.Single(Scan(Console(Panic)));
        string expected = string.Join('\n', Panic.Select((l, i) => $"[  100.{i:D6}] {l}"));
        Assert.Equal(expected, r.Text);
        Assert.Same(r.Text, r.Text);
    }

    [Fact]
    public void Readers_on_many_threads_at_once_all_read_the_same_text()
    {
        for (int round = 0; round < 50; round++)
        {
            CrashReport r = Assert.Single(Scan(Console(Panic)));
            string[] seen = new string[8];
            Parallel.For(0, seen.Length, i => seen[i] = r.Text);
            Assert.All(seen, t => Assert.Equal(seen[0], t));
            Assert.StartsWith("[  100.000000] Kernel panic", seen[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_copy_with_other_text_keeps_the_other_text_and_leaves_the_original_alone()
    {
        CrashReport r = Assert.Single(Scan(Console(Panic)));
        CrashReport copy = r with { Text = "replaced" };
        Assert.Equal("replaced", copy.Text);
        Assert.Contains("sysrq triggered crash ]---", r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_length_is_the_joined_text_length_before_and_after_the_join_and_in_a_copy()
    {
        CrashReport r = Assert.Single(Scan(Console(Panic)));
        long before = r.TextLength;
        Assert.Equal(r.Text.Length, before);
        Assert.Equal(before, r.TextLength);
        Assert.Equal(before, (r with { Title = "other" }).TextLength);
        Assert.Equal("replaced".Length, (r with { Text = "replaced" }).TextLength);
    }
}
