using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SolWatch.ConsoleCapture.Api;

/// <summary>The JSON shape of the API, shared by the daemon and the CLI (records serialized as they are).</summary>
public static class ApiJson
{
    /// <summary>camelCase, enums as names (crash kinds as <see cref="CrashKindName"/> spells them), console text kept
    /// readable (no \u escapes for &lt; &gt; &amp; ').</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>As <see cref="Options"/>, indented (for people reading <c>--json</c> output of one object).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new CrashKindJsonConverter());
        options.Converters.Add(new KdumpOutcomeJsonConverter());
        options.Converters.Add(new KdumpFindingKindJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
