using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Producing;
using Recorder.Infrastructure.Observability;
using Recorder.UnitTests.Observability.Support;
using Recorder.UnitTests.Recording;

namespace Recorder.UnitTests.Producing;

/// <summary>Publishing never waits for a broker, so these run against an address where none listens.</summary>
public sealed class QaRoundProducerTests : IAsyncDisposable
{
    // Metrics in a registry of this test's own, so producers of tests running in parallel are not counted here.
    private readonly RecorderMetrics _metrics = new();
    private readonly QaRoundProducer _producer;

    public QaRoundProducerTests()
    {
        var options = new KafkaProducerOptions { BootstrapServers = "127.0.0.1:1", MaxValueBytes = 1_000, FlushTimeout = TimeSpan.FromMilliseconds(100) };
        _producer = new QaRoundProducer(options, _metrics, TimeProvider.System, NullLogger<QaRoundProducer>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _producer.DisposeAsync();
    }

    [Fact]
    public async Task A_round_over_the_size_limit_is_rejected_before_sending_and_counted()
    {
        var outcome = _producer.Publish("user", [new QaPair(new string('q', 2_000), "a")], DateTime.UtcNow);

        Assert.Equal(PublishOutcome.RejectedTooLarge, outcome);
        Assert.Equal(new ProducerCounters(0, 0, 0, 1), _producer.Counters);
        var produced = (await Exposition.ScrapeAsync(_metrics.Registry))["qywx_recorder_producer_messages_total"];
        Assert.Equal(1, produced.Value(null, ("result", "rejected_too_large")));
        Assert.Equal(0, produced.Value(null, ("result", "ok")));
    }

    [Fact]
    public async Task A_round_over_any_round_limit_is_refused_with_an_error_naming_user_limit_and_size()
    {
        var logger = new CapturingLogger<QaRoundProducer>();
        var options = new KafkaProducerOptions { BootstrapServers = "127.0.0.1:1", FlushTimeout = TimeSpan.FromMilliseconds(100) };
        await using var producer = new QaRoundProducer(options, _metrics, TimeProvider.System, logger);
        var manyPairs = Enumerable.Repeat(new QaPair("q", "a"), RoundLimits.MaxPairs + 1).ToArray();
        var longUserId = new string('u', RoundLimits.MaxUserIdCodePoints + 1);

        Assert.Equal(PublishOutcome.RejectedTooLarge, producer.Publish("user-7", manyPairs, DateTime.UtcNow));
        Assert.Equal(PublishOutcome.RejectedTooLarge, producer.Publish(longUserId, [new QaPair("q", "a")], DateTime.UtcNow));

        var errors = logger.Entries.Where(e => e.Level == LogLevel.Error).Select(e => e.Text).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains("user-7", errors[0], StringComparison.Ordinal);
        Assert.Contains("too_many_pairs", errors[0], StringComparison.Ordinal);
        Assert.Contains("100001 pairs; the limit is 100000", errors[0], StringComparison.Ordinal);
        Assert.Contains("user_id_too_long", errors[1], StringComparison.Ordinal);
        Assert.Contains("65 characters; the limit is 64", errors[1], StringComparison.Ordinal);
        Assert.Equal(new ProducerCounters(0, 0, 0, 2), producer.Counters);
        Assert.Contains("qywx_recorder_producer_messages_total{result=\"rejected_too_large\"} 2", await Exposition.TextAsync(_metrics.Registry), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_unusable_user_id_is_rejected_without_throwing(string userId)
    {
        var outcome = _producer.Publish(userId, [new QaPair("q", "a")], DateTime.UtcNow);

        Assert.Equal(PublishOutcome.RejectedInvalid, outcome);
        Assert.Equal(1, _producer.Counters.Rejected);
    }

    [Fact]
    public void A_user_id_with_an_unpaired_surrogate_is_rejected_as_invalid()
    {
        // A Fact, not InlineData: theory data passes through UTF-8, which would replace the lone surrogate.
        Assert.Equal(PublishOutcome.RejectedInvalid, _producer.Publish("broken-\uDC00", [new QaPair("q", "a")], DateTime.UtcNow));
    }

    [Fact]
    public void A_good_round_is_queued_at_once_even_with_no_broker_reachable()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = _producer.Publish("user", [new QaPair("q", "a")], DateTime.UtcNow);

        Assert.Equal(PublishOutcome.Queued, outcome);
        Assert.Equal(1, _producer.Counters.Pending);
        // Not a timing assertion on speed: a blocking produce would wait for message.timeout.ms (30 s).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Settings_follow_the_specification_by_their_librdkafka_names()
    {
        var typed = KafkaProducerSettings.Build("b:9092");
        var config = typed.ToDictionary(kv => kv.Key, kv => kv.Value);

        Assert.Equal(Acks.All, typed.Acks);
        Assert.Equal("-1", config["acks"]); // librdkafka's spelling of "all"
        Assert.True(typed.EnableIdempotence);
        Assert.Equal(10, typed.MessageSendMaxRetries);
        Assert.Equal(30_000, typed.MessageTimeoutMs);
        Assert.Equal(10, typed.LingerMs);
        Assert.Equal(1_000, typed.BatchNumMessages);
        Assert.Equal(102_400, typed.QueueBufferingMaxKbytes);
        Assert.Equal("lz4", config["compression.type"]);
        Assert.True(typed.SocketKeepaliveEnable);
        Assert.Equal(300_000, typed.ConnectionsMaxIdleMs);
        Assert.Equal(60_000, typed.StatisticsIntervalMs);
        Assert.Equal("murmur2_random", config["partitioner"]);
        Assert.Equal(6_291_456, typed.MessageMaxBytes);
        Assert.Equal("qywx-producer-recorder", typed.ClientId);
        Assert.DoesNotContain("max.request.size", config.Keys);
        Assert.DoesNotContain("queue.buffering.max.ms", config.Keys);
    }
}
