using SolWatch.Storage.Alerts;
using SolWatch.Storage.Tests.Support;

namespace SolWatch.Storage.Tests.Alerts;

public sealed class AlertDeliveryLogTests
{
    private static AlertDelivery Delivery(int n, string result = AlertDeliveryResults.Delivered) =>
        new(0, Reports.T0.AddSeconds(n), "crashes", "hook", result, 1, $"crashes/web-1/{n}", $"alert {n}", "web-1", n, null);

    [Fact]
    public void Records_are_numbered_kept_in_a_private_file_and_read_back_by_a_later_run()
    {
        using var dir = new TempDirectory();
        string path = AlertDeliveryLog.FileFor(dir.File("incidents.db"));
        var log = new AlertDeliveryLog(path);

        log.Append(Delivery(1), out string? problem);
        log.Append(Delivery(2, AlertDeliveryResults.DeadLetter) with { Payload = "{\"x\":1}" }, out _);

        Assert.Null(problem);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var again = new AlertDeliveryLog(path);
        Assert.Equal([1L, 2L], again.Recent(10).Select(d => d.Seq));
        Assert.Equal("{\"x\":1}", again.Recent(10)[1].Payload);
        Assert.Equal(3, again.Append(Delivery(3), out _).Seq);
    }

    [Fact]
    public void Past_its_bound_the_file_keeps_its_newest_half_and_memory_the_newest_records()
    {
        using var dir = new TempDirectory();
        string path = dir.File("alerts.jsonl");
        var log = new AlertDeliveryLog(path, maxRecords: 10);

        for (int i = 1; i <= 25; i++)
        {
            log.Append(Delivery(i), out _);
        }

        IReadOnlyList<AlertDelivery> onDisk = AlertDeliveryLog.Read(path);
        Assert.InRange(onDisk.Count, 5, 10);
        Assert.Equal(25, onDisk[^1].Seq);
        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), log.Recent(100).Select(d => d.Seq));
    }

    [Fact]
    public void A_line_torn_by_a_crash_mid_write_is_skipped_and_records_before_and_after_it_are_kept()
    {
        using var dir = new TempDirectory();
        string path = dir.File("alerts.jsonl");
        var log = new AlertDeliveryLog(path);
        log.Append(Delivery(1), out _);
        File.AppendAllText(path, "{\"seq\":2,\"at\":\"2026-11-");

        var again = new AlertDeliveryLog(path);

        Assert.Equal([1L], again.Recent(10).Select(d => d.Seq));
        again.Append(Delivery(3), out _);
        Assert.Equal([1L, 2L], AlertDeliveryLog.Read(path).Select(d => d.Seq));
    }
}
