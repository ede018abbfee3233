using System.Text.Json;
using System.Text.Json.Serialization;

namespace SolWatch.Parsers.Reports;

/// <summary>
/// A <see cref="RegisterDictionary"/> in JSON: an object of register names to values, in name order
/// (<c>{"RAX": "0000000000000000", "RBX": …}</c>), as any string dictionary is written; read back the same way.
/// </summary>
internal sealed class RegisterDictionaryJsonConverter : JsonConverter<RegisterDictionary>
{
    public override RegisterDictionary Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("registers must be a JSON object of register names to values");
        }
        var pairs = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString() ?? throw new JsonException("a register without a name");
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"register '{name}' must have a string value");
            }
            pairs.Add(KeyValuePair.Create(name, reader.GetString()!));
        }
        return RegisterDictionary.Of(pairs);
    }

    public override void Write(Utf8JsonWriter writer, RegisterDictionary value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (KeyValuePair<string, string> register in value)
        {
            writer.WriteString(register.Key, register.Value);
        }
        writer.WriteEndObject();
    }
}
