using System.Text;
using Confluent.Kafka;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

/// <summary>
/// docs/design.md §2.4 through the whole pipeline: a round whose occurred header is missing, not an integer or
/// outside 2000-01-01 … a day past its record is recorded with the record's timestamp and counted, never
/// dead-lettered.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class OccurredFallbackEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly (string? Header, string Reason)[] Unusable =
    [
        (null, "missing"),
        ("", "missing"),
        ("1.5", "unparsable"),
        ("2026-11-20", "unparsable"),
        ("1717243200.5", "unparsable"),
        ("-5", "out_of_range"),
        ("0", "out_of_range"),
        ("1", "out_of_range"),
        ("99999999999999", "out_of_range"),
    ];

    [Fact]
    public async Task Unusable_occurred_values_fall_back_to_the_record_timestamp_and_are_counted()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 1);
        var recordTime = new DateTime(2026, 11, 20, 8, 30, 15, 250, DateTimeKind.Utc);
        var rounds = env.Rounds(Unusable.Length + 1, pairs: 1, tag: "occ");
        for (var i = 0; i < Unusable.Length; i++)
        {
            rounds[i] = WithOccurred(rounds[i], Unusable[i].Header, recordTime);
        }

        // The last round keeps its producer's header (2026-11-01T08:00:09Z, see RecordingEnvironment.Rounds), inside the window.
        rounds[^1].Timestamp = new Timestamp(recordTime, TimestampType.CreateTime);
        await env.ProduceAsync(rounds);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);

        var metrics = await MetricsText.WaitForAsync(recorder, "qywx_recorder_batches_total{result=\"ok\"}", rounds.Count, Patience);

        Assert.Equal(rounds.Count, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"ok\"}"));
        Assert.Equal(0, MetricsText.Require(metrics, "qywx_recorder_batches_total{result=\"decode_error\"}"));
        foreach (var reason in new[] { "missing", "unparsable", "out_of_range" })
        {
            Assert.Equal(Unusable.Count(u => u.Reason == reason),
                MetricsText.Require(metrics, $"qywx_recorder_occurred_fallback_total{{reason=\"{reason}\"}}"));
        }

        Assert.Equal(2 * Unusable.Length, await env.CountRowsAsync("occurred = '2026-11-20 08:30:15.250'"));
        Assert.Equal(2, await env.CountRowsAsync("occurred = '2026-11-01 08:00:09.000'"));
        Assert.Empty(env.ReadDeadLetters(1, TimeSpan.FromSeconds(2)));
    }

    private static Message<byte[], byte[]> WithOccurred(Message<byte[], byte[]> round, string? occurred, DateTime recordTime)
    {
        var headers = new Headers();
        foreach (var header in round.Headers.Where(h => h.Key != "occurred"))
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        if (occurred is not null)
        {
            headers.Add("occurred", Encoding.ASCII.GetBytes(occurred));
        }

        return new Message<byte[], byte[]>
        {
            Key = round.Key,
            Value = round.Value,
            Headers = headers,
            Timestamp = new Timestamp(recordTime, TimestampType.CreateTime),
        };
    }
}
