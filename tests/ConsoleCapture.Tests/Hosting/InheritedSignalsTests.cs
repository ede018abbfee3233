using SolWatch.ConsoleCapture.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Hosting;

public sealed class InheritedSignalsTests : IDisposable
{
    private readonly string _status = Path.GetTempFileName();

    public void Dispose() => File.Delete(_status);

    [Theory]
    [InlineData("0000000000000001", true)]   // nohup: SIGHUP ignored
    [InlineData("0000000000001001", true)]
    [InlineData("0000000000000000", false)]
    [InlineData("0000000000001000", false)]  // SIGPIPE only
    public void SIGHUP_is_read_as_ignored_from_bit_0_of_the_SigIgn_mask(string mask, bool ignored)
    {
        File.WriteAllText(_status, $"Name:\tsolwatch\nSigBlk:\t0000000000000000\nSigIgn:\t{mask}\nSigCgt:\t0000000180004a02\n");
        Assert.Equal(ignored, InheritedSignals.HangupIgnored(_status));
    }

    [Fact]
    public void A_missing_status_file_says_nothing()
    {
        Assert.False(InheritedSignals.HangupIgnored(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "status")));
    }
}
