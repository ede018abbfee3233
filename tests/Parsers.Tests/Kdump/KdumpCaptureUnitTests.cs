using SolWatch.Parsers.Kdump;
using static SolWatch.Parsers.Tests.Kdump.KdumpHarness;

namespace SolWatch.Parsers.Tests.Kdump;

/// <summary>
/// kdump-utils' dracut module 99kdumpbase installs kdump-capture.service only into the kdump initramfs
/// (module-setup.sh: inst "$moddir/kdump-capture.service" "$systemdsystemunitdir/kdump-capture.service"): systemd
/// naming that unit as one it parses or runs is a capture kernel's systemd.
/// </summary>
public class KdumpCaptureUnitTests
{
    [Theory]
    [InlineData("[    1.927308] systemd[1]: /usr/lib/systemd/system/kdump-capture.service:23: Standard output type syslog is obsolete, automatically updating to journal.")]
    [InlineData("[    4.716640] systemd[1]: kdump-capture.service: Main process exited, code=exited, status=1/FAILURE")]
    public void Systemd_naming_the_capture_unit_shows_a_capture_kernel(string line)
    {
        KdumpFinding a = Assert.Single(Attempts(line + "\n"));
        Assert.Equal(KdumpOutcome.Unknown, a.Outcome);
    }

    [Theory]
    [InlineData("dracut: *** Including module: kdumpbase ***\ndracut-install: installing kdump-capture.service\n")]
    [InlineData("$ ls /usr/lib/dracut/modules.d/99kdumpbase/\nkdump-capture.service  kdump.sh  module-setup.sh\n")]
    public void A_line_that_only_lists_the_unit_file_is_no_capture_kernel(string text)
    {
        Assert.Empty(Attempts(text));
    }
}
