using System.Globalization;
using SolWatch.Parsers.Hardware;
using SolWatch.Parsers.Reports;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>Real public console logs of corrected and fatal machine checks, EDAC and GHES records (Fixtures/hardware,
/// each naming its source): the events they hold, decoded, and the crash (or none) beside them.</summary>
public class HardwareFixtureTests
{
    public static TheoryData<string> Names() => [.. HardwareFixture.All().Select(f => f.Name)];

    private static HardwareFixture Fixture(string name) => HardwareFixture.Load(Path.Combine(HardwareFixture.Directory, name + ".log"));

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_fixture_gives_its_hardware_events_decoded(string name)
    {
        HardwareFixture fixture = Fixture(name);
        (List<HardwareEvent> events, _) = HardwareHarness.Read(fixture.Log);
        Assert.True(fixture.Events.Count == events.Count,
            $"{fixture.Events.Count} events expected, {events.Count} read: {string.Join(" | ", events.Select(e => $"{e.StartLine}-{e.EndLine} {e.Summary}"))}");
        for (int i = 0; i < events.Count; i++)
        {
            foreach ((string field, string expected) in fixture.Events[i])
            {
                // "-" expects the field absent: a value the console does not give must not be made up.
                string? actual = Field(events[i], field);
                Assert.True(expected == "-" ? actual is null : expected == actual, $"event {i + 1} ({events[i].Summary}): {field} is {actual ?? "null"}, expected {expected}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_corrected_or_recovered_error_makes_no_crash_report_and_a_fatal_one_only_the_kernels_panic(string name)
    {
        HardwareFixture fixture = Fixture(name);
        if (!fixture.CrashChecked)
        {
            return;
        }
        (_, List<CrashReport> reports) = HardwareHarness.Read(fixture.Log);
        if (fixture.Crash is null)
        {
            Assert.Empty(reports);
            return;
        }
        CrashReport r = Assert.Single(reports);
        Assert.Equal(fixture.Crash, r.Title);
        Assert.Equal(CrashKind.MachineCheck, r.Kind);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_fixture_read_one_byte_at_a_time_or_without_the_batch_search_gives_the_same_events(string name)
    {
        HardwareFixture fixture = Fixture(name);
        var whole = HardwareHarness.Read(fixture.Log).Events.Select(e => (e.StartLine, e.EndLine, e.Severity, e.Summary)).ToList();
        Assert.Equal(whole, HardwareHarness.Read(fixture.Log, chunk: 1).Events.Select(e => (e.StartLine, e.EndLine, e.Severity, e.Summary)));
        Assert.Equal(whole, HardwareHarness.Read(fixture.Log, preScan: false).Events.Select(e => (e.StartLine, e.EndLine, e.Severity, e.Summary)));
    }

    [Fact]
    public void The_fixtures_hold_corrected_and_fatal_machine_checks_on_intel_and_amd_and_edac_and_ghes_records()
    {
        List<HardwareEvent> all = [.. HardwareFixture.All().SelectMany(f => HardwareHarness.Read(f.Log).Events)];
        Assert.Contains(all, e => e.Source == HardwareSource.Mce && e.Severity == HardwareSeverity.Corrected);
        Assert.Contains(all, e => e.Source == HardwareSource.Mce && e.Severity == HardwareSeverity.Fatal);
        Assert.Contains(all, e => e.Source == HardwareSource.MceAmd && e.Severity == HardwareSeverity.Corrected);
        Assert.Contains(all, e => e.Source == HardwareSource.Edac);
        Assert.Contains(all, e => e.Source == HardwareSource.Ghes && e.Severity == HardwareSeverity.Corrected);
        Assert.Contains(all, e => e.Source == HardwareSource.Ghes && e.Severity == HardwareSeverity.UncorrectedRecoverable);
    }

    private static string? Field(HardwareEvent e, string name) => name switch
    {
        "source" => HardwareSourceName.Of(e.Source),
        "severity" => HardwareSeverityName.Of(e.Severity),
        "cpu" => Int(e.Cpu),
        "socket" => Int(e.Socket),
        "bank" => Int(e.Bank),
        "status" => e.Status?.Raw.ToString("x16", CultureInfo.InvariantCulture),
        "address" => e.Address?.ToString("x", CultureInfo.InvariantCulture),
        "mc" => Int(e.MemoryController),
        "channel" => Int(e.Channel),
        "dimm" => Int(e.Dimm),
        "rank" => Int(e.Rank),
        "count" => Int(e.Count),
        "location" => e.Location,
        "errortype" => e.ErrorType,
        "lines" => Int(e.Text.Split('\n').Length),
        _ => throw new ArgumentException($"no field {name}"),
    };

    private static string? Int(int? v) => v?.ToString(CultureInfo.InvariantCulture);
}
