using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Tests.Lines;

public class MailQuoteTests
{
    [Theory]
    [InlineData(">  [<ffffffff8020af79>] dump_trace+0xb9/0x430", " [<ffffffff8020af79>] dump_trace+0xb9/0x430")]
    [InlineData(">> Nov 20 05:23:18 solar kernel: pgd = 34bdb7e7", "pgd = 34bdb7e7")]
    [InlineData("> > [   27.452178] Internal error: Oops: 817 [#1]", "Internal error: Oops: 817 [#1]")]
    [InlineData(">   ([<00000000001143d2>] show_trace+0xea/0xf0)", "  ([<00000000001143d2>] show_trace+0xea/0xf0)")]
    public void A_line_quoted_in_a_mail_reply_is_taken_apart_as_the_console_line_it_was(string raw, string text)
    {
        KernelLine line = LinePrefix.Parse(raw);
        Assert.Equal(text, line.Text);
        Assert.Equal(raw, line.Raw);
    }

    [Fact]
    public void KASANs_row_mark_glued_to_the_address_is_no_quote()
    {
        const string Row = ">ffff88806a1f7d00: 00 00 00 00 f1 f1 f1 f1 00 00 f2 f2 f2 f2 f2 f2";
        Assert.Equal(0, MailQuote.End(Row));
        Assert.Equal(Row, LinePrefix.Parse(Row).Text);
    }

    [Fact]
    public void An_empty_quoted_line_is_a_quote()
    {
        Assert.Equal(1, MailQuote.End(">"));
        Assert.Equal(2, MailQuote.End("> "));
        Assert.Equal(0, MailQuote.End("-> #1 (&inode->i_mutex){--..}:"));
    }
}
