using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Messaging;

namespace Recorder.Benchmarks.Drain;

/// <summary>
/// Rounds for the drain benchmark: realistic text (Chinese and English, quotes, backslashes), unique per round and
/// pair so that each round yields exactly 2 × pairs rows, and the same rows as plain rows for the raw paths.
/// </summary>
internal static class DrainRounds
{
    public const string Topic = "qywx-recorder";

    private static readonly DateTime BaseOccurred = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Fragments =
    [
        "你好，请问我的订单什么时候发货？", "Hello, I'd like to check my order. ", "麻烦帮我查一下物流信息。",
        "The customer said: \"it's broken again\". ", "我们已经为您登记，预计 24 小时内处理完毕。",
        "Path C:\\Users\\demo\\invoice.pdf was attached. ", "Refunds arrive within 3-5 business days. ",
    ];

    public static QaPair[] Pairs(string tag, int round, int pairs, int contentChars) =>
        [.. Enumerable.Range(0, pairs).Select(p => new QaPair(Text($"{tag} {round} q{p} ", contentChars), Text($"{tag} {round} a{p} ", contentChars)))];

    public static string User(int round, int users) => "wx_user_" + (round % users).ToString("D5", CultureInfo.InvariantCulture);

    public static DateTime Occurred(int round) => BaseOccurred.AddSeconds(round);

    /// <summary>The rows the recorder stores for these rounds (text trimmed, as the domain trims it).</summary>
    public static List<ConversationRow> Rows(int rounds, int pairs, int users, int contentChars)
    {
        var rows = new List<ConversationRow>(rounds * pairs * 2);
        for (var i = 0; i < rounds; i++)
        {
            foreach (var pair in Pairs("drain", i, pairs, contentChars))
            {
                rows.Add(new ConversationRow(User(i, users), "USER", pair.Q!.Trim(), Occurred(i)));
                rows.Add(new ConversationRow(User(i, users), "AI", pair.A!.Trim(), Occurred(i)));
            }
        }

        return rows;
    }

    /// <summary>Produces rounds as the scheduler encodes them, with the specified producer settings; waits for every delivery.</summary>
    public static async Task ProduceAsync(string bootstrapServers, IEnumerable<(string User, QaPair[] Pairs, DateTime Occurred, int? Partition)> rounds)
    {
        var encoder = new QaRoundMessageEncoder(TimeProvider.System, "drain-benchmark");
        var config = KafkaProducerSettings.Build(bootstrapServers);
        config.ClientId = "qywx-recorder-benchmark";
        using var producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        var pending = new List<Task<DeliveryResult<byte[], byte[]>>>();
        foreach (var (user, pairs, occurred, partition) in rounds)
        {
            var message = encoder.Encode(user, pairs, occurred).ToKafkaMessage();
            pending.Add(partition is { } p
                ? producer.ProduceAsync(new TopicPartition(Topic, p), message)
                : producer.ProduceAsync(Topic, message));
            if (pending.Count >= 10_000)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    /// <summary>Text of about <paramref name="chars"/> characters that starts with a unique prefix.</summary>
    public static string Text(string prefix, int chars)
    {
        var text = new StringBuilder(prefix, chars + 64);
        var i = prefix.Length;
        while (text.Length < chars)
        {
            text.Append(Fragments[i++ % Fragments.Length]);
        }

        return text.ToString(0, Math.Max(prefix.Length, Math.Min(chars, text.Length)));
    }
}
