using System.Globalization;
using System.Text;
using SolWatch.Parsers.Hardware;

namespace SolWatch.Parsers.Tests.Hardware;

/// <summary>Consoles that send hardware-error text without end: each event's text stays bounded.</summary>
public sealed class HostileHardwareTests
{
    [Fact]
    public void An_event_of_lines_of_thousands_of_characters_keeps_its_text_within_the_bound()
    {
        string said = string.Concat(Enumerable.Repeat("{1}[Hardware Error]: ", 200));
        var console = new StringBuilder();
        for (int i = 0; i < 500; i++)
        {
            console.Append(CultureInfo.InvariantCulture, $"[    1.{i:D6}] {said}\n");
        }

        List<HardwareEvent> events = HardwareHarness.Read(console.ToString()).Events;

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.InRange(e.Text.Length, 1, RecordBuilder.MaxText));
        Assert.Contains(events, e => e.EndLine - e.StartLine + 1 > RecordBuilder.MaxText / said.Length);
    }
}
