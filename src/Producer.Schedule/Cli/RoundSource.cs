using System.Text.Json;
using System.Text.Json.Serialization;
using Recorder.Domain.Conversations;

namespace Recorder.Producer.Schedule.Cli;

/// <summary>One round to send: whose it is and its pairs.</summary>
internal sealed record OutgoingRound(string UserId, IReadOnlyList<QaPair> Pairs);

/// <summary>Where the command-line producer's rounds come from.</summary>
internal static class RoundSource
{
    private static readonly string[] Phrases =
    [
        "你好，请问订单什么时候发货？", "我想修改收货地址", "Where is my parcel?", "退款需要多久到账",
        "请提供订单号。", "Thanks, that's \"very\" helpful!", "客服工作时间是早九点到晚九点", "It's O'Brien's account",
    ];

    /// <summary>
    /// Synthetic rounds, reproducible from the seed. Every text carries its round and pair number, so rounds
    /// never collapse under the dedup key and the expected row count is exactly count × pairs × 2.
    /// </summary>
    public static IEnumerable<OutgoingRound> Generate(int count, int users, int pairs, int contentSize, int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < count; round++)
        {
            var user = $"wm-user-{random.Next(users):D6}";
            var qas = new QaPair[pairs];
            for (var p = 0; p < pairs; p++)
            {
                qas[p] = new QaPair(Text(random, $"[r{round} q{p}] ", contentSize), Text(random, $"[r{round} a{p}] ", contentSize));
            }

            yield return new OutgoingRound(user, qas);
        }
    }

    /// <summary>Rounds from a JSON-lines file: {"user_id":"…","qas":[{"q":"…","a":"…"}]} per line.</summary>
    public static IEnumerable<OutgoingRound> ReadJsonLines(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            FileRound? round;
            try
            {
                round = JsonSerializer.Deserialize(line, FileRoundJsonContext.Default.FileRound);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a round ({ex.Message})", ex);
            }

            if (round?.UserId is null || round.Qas is null)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: needs \"user_id\" and \"qas\"");
            }

            yield return new OutgoingRound(round.UserId, round.Qas.Select(q => new QaPair(q.Q ?? string.Empty, q.A ?? string.Empty)).ToArray());
        }
    }

    private static string Text(Random random, string prefix, int size)
    {
        var text = new System.Text.StringBuilder(prefix, size + 64);
        while (text.Length < size)
        {
            text.Append(Phrases[random.Next(Phrases.Length)]).Append(' ');
        }

        return text.ToString(0, Math.Max(prefix.Length, Math.Min(text.Length, size)));
    }
}

internal sealed record FileRound(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("qas")] IReadOnlyList<FilePair>? Qas);

internal sealed record FilePair(
    [property: JsonPropertyName("q")] string? Q,
    [property: JsonPropertyName("a")] string? A);

[JsonSerializable(typeof(FileRound))]
internal sealed partial class FileRoundJsonContext : JsonSerializerContext;
