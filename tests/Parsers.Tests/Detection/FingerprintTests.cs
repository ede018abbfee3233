using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SolWatch.Parsers.Detection;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Detection;

public class FingerprintTests
{
    // The format fingerprints are stored in: the first 8 bytes of SHA-256 over "Kind|title|f1|f2|f3", in lower-case hex.
    private static string Expected(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))[..8]);

    private static StackFrame Frame(string function, bool reliable = true) => new(function, 0x10, 0x40, null, reliable);

    [Fact]
    public void The_fingerprint_hashes_the_kind_the_title_and_the_first_three_reliable_blameable_frames()
    {
        ImmutableArray<StackFrame> frames =
        [
            Frame("dump_stack"), Frame("ext4_fill_super"), Frame("guessed_caller", reliable: false), Frame("mount_bdev"),
            Frame("kmalloc_trace"), Frame("legacy_get_tree"), Frame("vfs_get_tree"),
        ];
        Assert.Equal(Expected("Oops|BUG: unable to handle kernel paging request in ext4_fill_super|ext4_fill_super|mount_bdev|legacy_get_tree"),
            Fingerprint.Of(CrashKind.Oops, "BUG: unable to handle kernel paging request in ext4_fill_super", frames));
    }

    [Fact]
    public void A_report_without_frames_is_fingerprinted_by_kind_and_title()
    {
        Assert.Equal(Expected("Panic|Kernel panic - not syncing: VFS: Unable to mount root fs"),
            Fingerprint.Of(CrashKind.Panic, "Kernel panic - not syncing: VFS: Unable to mount root fs", []));
    }

    [Fact]
    public void Titles_beyond_any_fixed_buffer_and_outside_ascii_hash_as_their_utf8()
    {
        string title = "WARNING in " + new string('é', 700) + "_ünïcode_名前";
        Assert.Equal(Expected($"Warning|{title}|f"), Fingerprint.Of(CrashKind.Warning, title, [Frame("f")]));
    }
}
