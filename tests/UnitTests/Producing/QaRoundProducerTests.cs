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
        var config = KafkaProducerSettings.Build("b:9092").ToDictionary(kv => kv.Key, kv => kv.Value);

        Assert.Equal("all", config["acks"]);
        Assert.Equal("true", config["enable.idempotence"]);
        Assert.Equal("10", config["message.send.max.retries"]);
        Assert.Equal("30000", config["message.timeout.ms"]);
        Assert.Equal("10", config["linger.ms"]);
        Assert.Equal("1000", config["batch.num.messages"]);
        Assert.Equal("102400", config["queue.buffering.max.kbytes"]);
        Assert.Equal("lz4", config["compression.type"]);
        Assert.Equal("true", config["socket.keepalive.enable"]);
        Assert.Equal("300000", config["connections.max.idle.ms"]);
        Assert.Equal("60000", config["statistics.interval.ms"]);
        Assert.Equal("murmur2_random", config["partitioner"]);
        Assert.Equal("6291456", config["message.max.bytes"]);
        Assert.DoesNotContain("max.request.size", config.Keys);
        Assert.DoesNotContain("queue.buffering.max.ms", config.Keys);
    }
}
