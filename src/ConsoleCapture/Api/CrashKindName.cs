using System.Text.Json;
using System.Text.Json.Serialization;
using SolWatch.Parsers.Reports;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>
/// The one spelling of a crash kind outside the process: lower-case kebab-case (<c>oops</c>, <c>hung-task</c>), as
/// the scanner's JSON contract has it (../shared/docs/architecture.md). Used by <c>scan</c>, the incident verbs,
/// <c>fleet</c>, the export and the API. The database keeps the enum's own names (src/Storage); they are mapped here,
/// at the edges, and still read (a client of an older daemon, <c>--kind Oops</c>).
/// </summary>
public static class CrashKindName
{
    /// <summary>Every kind's name, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<CrashKind>().Select(Of)];

    /// <summary>The kind's name: <c>oops</c>, <c>hung-task</c>, <c>out-of-memory</c>...</summary>
    public static string Of(CrashKind kind) => kind switch
    {
        CrashKind.HungTask => "hung-task",
        CrashKind.RcuStall => "rcu-stall",
        CrashKind.AtomicContext => "atomic-context",
        CrashKind.OutOfMemory => "out-of-memory",
        CrashKind.MachineCheck => "machine-check",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads a kind by its name, or by the enum's name (any case: <c>Oops</c>, <c>hungtask</c>).</summary>
    public static bool TryParse(string? text, out CrashKind kind)
    {
        kind = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        string t = text.Trim();
        foreach (CrashKind k in Enum.GetValues<CrashKind>())
        {
            if (string.Equals(t, Of(k), StringComparison.OrdinalIgnoreCase) || string.Equals(t, k.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        return false;
    }
}

/// <summary>A <see cref="CrashKind"/> in JSON as <see cref="CrashKindName"/> spells it; the enum's names read too.</summary>
public sealed class CrashKindJsonConverter : JsonConverter<CrashKind>
{
    /// <inheritdoc/>
    public override CrashKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return CrashKindName.TryParse(text, out CrashKind kind)
            ? kind
            : throw new JsonException($"kind: {text ?? reader.TokenType.ToString()} is not one of {string.Join(", ", CrashKindName.All)}");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, CrashKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(CrashKindName.Of(value));
    }
}
