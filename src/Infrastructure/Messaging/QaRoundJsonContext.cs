using System.Text.Json.Serialization;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Messaging;

/// <summary>
/// Compile-time serialization metadata for the value <c>[{"q":"…","a":"…"}]</c>: no reflection at run time, and the
/// generated fast path writes straight into the caller's <see cref="System.Text.Json.Utf8JsonWriter"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(IReadOnlyList<QaPair>))]
internal sealed partial class QaRoundJsonContext : JsonSerializerContext;
