using System.Text.Json;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// Strict reader of the value <c>[{"q":"…","a":"…"}, …]</c>.
/// </summary>
/// <remarks>
/// A forward-only <see cref="Utf8JsonReader"/> rather than serializer metadata: every defect maps to a precise reason
/// (not JSON / not an array / bad element) without exceptions on the good path, and nothing but the strings
/// themselves is allocated. Rules:
/// <list type="bullet">
/// <item>the top level must be one array, with nothing after it but whitespace; comments and trailing commas are
/// rejected;</item>
/// <item>each element must be an object; <c>q</c> and <c>a</c> must be strings or null;</item>
/// <item>a missing or null <c>q</c>/<c>a</c> is read as blank, i.e. that side is not recorded; a round of only
/// answers (or only questions) is therefore representable, and producers that omit empty fields interoperate;</item>
/// <item>the names <c>Q</c>/<c>A</c> are accepted too, as the Go producers' decoders match field names without regard
/// to case; other members are ignored so that producers may add fields without breaking recorders;</item>
/// <item>a repeated member: the last one wins.</item>
/// </list>
/// </remarks>
internal static class QaPairsJsonReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    /// <summary>The value must already be known to be valid UTF-8.</summary>
    public static DecodeError? TryRead(ReadOnlySpan<byte> json, int capacityHint, out List<QaPair> pairs)
    {
        pairs = new List<QaPair>(capacityHint);
        // The reader reports these as malformed JSON at "line 0, byte 0", which tells whoever reads the dead letter
        // nothing; an empty value is a producer sending nothing at all.
        if (json.IsEmpty)
        {
            return new DecodeError(DecodeErrorReason.InvalidJson, "The value is empty.");
        }

        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new DecodeError(DecodeErrorReason.InvalidJson, "The value is empty (whitespace only).");
        }

        var reader = new Utf8JsonReader(json, Options);
        try
        {
            // A value that is not blank has a first token, or the reader throws.
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                var topLevel = reader.TokenType;
                // Read the rest so that text that is not JSON at all is reported as such.
                reader.Skip();
                while (reader.Read())
                {
                }

                return new DecodeError(
                    DecodeErrorReason.NotAnArray, $"The value is a JSON {Describe(topLevel)}, not an array.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var index = pairs.Count;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return new DecodeError(
                        DecodeErrorReason.InvalidPair,
                        $"Element {index} is a JSON {Describe(reader.TokenType)}, not an object.");
                }

                var error = ReadPair(ref reader, index, out var pair);
                if (error is not null)
                {
                    return error;
                }

                pairs.Add(pair!);
            }

            // Anything but whitespace after the array makes the reader throw.
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException ex)
        {
            return new DecodeError(
                DecodeErrorReason.InvalidJson,
                $"The value is not well-formed JSON (line {ex.LineNumber ?? 0}, byte {ex.BytePositionInLine ?? 0}).");
        }
    }

    private static DecodeError? ReadPair(ref Utf8JsonReader reader, int index, out QaPair? pair)
    {
        pair = null;
        string? q = null;
        string? a = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            // The token is a property name: the reader enforces object syntax.
            var isQ = reader.ValueTextEquals("q"u8) || reader.ValueTextEquals("Q"u8);
            var isA = !isQ && (reader.ValueTextEquals("a"u8) || reader.ValueTextEquals("A"u8));
            reader.Read();
            if (!isQ && !isA)
            {
                reader.Skip();
                continue;
            }

            string? text;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    if (!TryGetString(ref reader, out text))
                    {
                        return new DecodeError(
                            DecodeErrorReason.InvalidUtf8,
                            $"Element {index} \"{(isQ ? 'q' : 'a')}\" escapes an unpaired surrogate.");
                    }

                    break;
                case JsonTokenType.Null:
                    text = null;
                    break;
                default:
                    return new DecodeError(
                        DecodeErrorReason.InvalidPair,
                        $"Element {index} \"{(isQ ? 'q' : 'a')}\" is a JSON {Describe(reader.TokenType)}, not a string.");
            }

            if (isQ)
            {
                q = text;
            }
            else
            {
                a = text;
            }
        }

        pair = new QaPair(q, a);
        return null;
    }

    /// <summary>
    /// The string as the domain stores it (trimmed). Trimming here rather than when rows are made means an untrimmed
    /// copy of a large text is garbage at once instead of living until the round's rows are written.
    /// </summary>
    private static bool TryGetString(ref Utf8JsonReader reader, out string? text)
    {
        try
        {
            text = ConversationText.Stored(reader.GetString());
            return true;
        }
        catch (InvalidOperationException)
        {
            // Raw bytes were validated up front; this is a \uD800-style escape that decodes to invalid UTF-16.
            text = null;
            return false;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject or JsonTokenType.EndObject => "object",
        JsonTokenType.StartArray or JsonTokenType.EndArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => "value",
    };
}
