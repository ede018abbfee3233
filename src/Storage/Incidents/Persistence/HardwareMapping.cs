using LiteDB;
using SolWatch.Parsers.Hardware;
using SolWatch.Storage.Hardware;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>Converts between <see cref="NewHardwareEvent"/>/<see cref="StoredHardwareEvent"/> and the stored DTO.</summary>
internal static class HardwareMapping
{
    public static HardwareDocument ToDocument(ObjectId id, NewHardwareEvent stored, DateTimeOffset storedAt)
    {
        HardwareEvent e = stored.Event;
        return new HardwareDocument
        {
            Id = id,
            Console = stored.Console,
            Host = stored.Host,
            AtTicks = stored.At.UtcTicks,
            StoredAtTicks = storedAt.UtcTicks,
            Source = HardwareSourceName.Of(e.Source),
            Severity = HardwareSeverityName.Of(e.Severity),
            Summary = e.Summary,
            Cpu = e.Cpu,
            Socket = e.Socket,
            Bank = e.Bank,
            Status = e.Status is { } s ? unchecked((long)s.Raw) : null,
            McgStatus = e.McgStatus is { } g ? unchecked((long)g) : null,
            Address = e.Address is { } a ? unchecked((long)a) : null,
            Misc = e.Misc is { } m ? unchecked((long)m) : null,
            MemoryController = e.MemoryController,
            Channel = e.Channel,
            Dimm = e.Dimm,
            Rank = e.Rank,
            Location = e.Location,
            ErrorType = e.ErrorType,
            Count = e.Count,
            StartLine = e.StartLine,
            EndLine = e.EndLine,
            Text = e.Text,
        };
    }

    public static StoredHardwareEvent ToStored(HardwareDocument d) => new(
        d.Id.ToString(),
        d.Console,
        d.Host,
        new HardwareEvent
        {
            Source = HardwareSourceName.Parse(d.Source) ?? HardwareSource.Mce,
            Severity = HardwareSeverityName.Parse(d.Severity) ?? HardwareSeverity.Unknown,
            Summary = d.Summary,
            Cpu = d.Cpu,
            Socket = d.Socket,
            Bank = d.Bank,
            Status = d.Status is { } s ? new McaStatus(unchecked((ulong)s)) : null,
            McgStatus = d.McgStatus is { } g ? unchecked((ulong)g) : null,
            Address = d.Address is { } a ? unchecked((ulong)a) : null,
            Misc = d.Misc is { } m ? unchecked((ulong)m) : null,
            MemoryController = d.MemoryController,
            Channel = d.Channel,
            Dimm = d.Dimm,
            Rank = d.Rank,
            Location = d.Location,
            ErrorType = d.ErrorType,
            Count = d.Count,
            StartLine = d.StartLine,
            EndLine = d.EndLine,
            At = IncidentMapping.FromTicks(d.AtTicks),
            Text = d.Text,
        },
        IncidentMapping.FromTicks(d.AtTicks),
        IncidentMapping.FromTicks(d.StoredAtTicks));
}
