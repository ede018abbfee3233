using SolWatch.Parsers.Detection;
using SolWatch.TestSupport;

namespace SolWatch.Parsers.Tests.Detection;

public class CharMaskTests
{
    [Theory]
    [InlineData("[  12.3] BUG: KASAN: use-after-free in foo", "BUG:")]
    [InlineData("Kernel panic - not syncing: Fatal exception", "Kernel panic - not syncing")]
    [InlineData("general protection fault, probably for non-canonical address", "general protection")]
    public void A_text_holding_a_phrase_may_hold_it(string text, string phrase) =>
        Assert.True(CharMask.MayHold(CharMask.Of(text), CharMask.Of(phrase)));

    [Theory]
    [InlineData(" do_syscall_64+0x35/0x80", "BUG:")]
    [InlineData("RAX: 0000000000000000 RBX: ffff8880053597e0", "Kernel panic")]
    public void A_text_lacking_a_character_of_the_phrase_cannot_hold_it(string text, string phrase) =>
        Assert.False(CharMask.MayHold(CharMask.Of(text), CharMask.Of(phrase)));

    [PeerFact(Peers.SharedCorpus)]
    public void Every_corpus_line_that_holds_a_marker_is_let_through()
    {
        string[] markers = [.. Parsers.Detection.Rules.RuleCatalog.Groups.Select(g => g.Marker)];
        foreach (string text in CorpusTexts.All)
        {
            ulong mask = CharMask.Of(text);
            foreach (string marker in markers.Where(m => text.Contains(m, StringComparison.Ordinal)))
            {
                Assert.True(CharMask.MayHold(mask, CharMask.Of(marker)), $"\"{text}\" holds \"{marker}\"");
            }
        }
    }
}
