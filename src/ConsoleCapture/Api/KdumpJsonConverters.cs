using System.Text.Json;
using System.Text.Json.Serialization;
using SolWatch.Parsers.Kdump;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// A kdump outcome in the API's JSON as everywhere outside the process: <c>saved</c>, <c>save-failed</c>,
/// <c>capture-kernel-failed</c>, <c>not-armed</c>, <c>unknown</c> (<see cref="KdumpOutcomeNames"/>).
/// </summary>
public sealed class KdumpOutcomeJsonConverter : JsonConverter<KdumpOutcome>
{
    /// <inheritdoc />
    public override KdumpOutcome Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? name = reader.GetString();
        foreach (KdumpOutcome o in Enum.GetValues<KdumpOutcome>())
        {
            if (o.Name() == name || string.Equals(o.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return o;
            }
        }
        return KdumpOutcome.Unknown; // a newer daemon's outcome this client does not know
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KdumpOutcome value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Name());
    }
}

/// <summary>A kdump finding's kind as <c>solwatch kdump --json</c> spells it: <c>readiness</c> or <c>dump</c>.</summary>
public sealed class KdumpFindingKindJsonConverter : JsonConverter<KdumpFindingKind>
{
    /// <inheritdoc />
    public override KdumpFindingKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is "readiness" or "Readiness" ? KdumpFindingKind.Readiness : KdumpFindingKind.DumpAttempt;

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KdumpFindingKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value == KdumpFindingKind.Readiness ? "readiness" : "dump");
    }
}
