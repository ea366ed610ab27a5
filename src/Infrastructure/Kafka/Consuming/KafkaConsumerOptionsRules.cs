using System.Globalization;

namespace Recorder.Infrastructure.Kafka.Consuming;

/// <summary>The checks behind <see cref="KafkaConsumerOptions.Validate"/>.</summary>
internal static class KafkaConsumerOptionsRules
{
    /// <summary>Settings the commit gate depends on, or that have an option of their own.</summary>
    private static readonly Dictionary<string, string> ReservedSettings = new(StringComparer.Ordinal)
    {
        ["enable.auto.commit"] = "offsets are committed by the commit gate only",
        ["enable.auto.offset.store"] = "offsets are committed by the commit gate only",
        ["auto.commit.enable"] = "offsets are committed by the commit gate only",
        ["partition.assignment.strategy"] = "the revoke handling relies on cooperative-sticky",
        ["group.protocol"] = "the revoke handling relies on the classic protocol with cooperative-sticky",
        ["bootstrap.servers"] = "use BootstrapServers",
        ["metadata.broker.list"] = "use BootstrapServers",
        ["group.id"] = "use GroupId",
        ["queued.max.messages.kbytes"] = "use QueuedMaxMessagesKbytes",
        ["queued.min.messages"] = "use QueuedMinMessages",
        ["fetch.queue.backoff.ms"] = "use FetchQueueBackoffMs",
    };

    public static IReadOnlyList<string> Check(KafkaConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();

        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }

        // For settings passed on to librdkafka: a range within what it accepts for them.
        void RequireBetween(string name, long value, long min, long max) =>
            Require(value >= min && value <= max, $"{name} must be between {min} and {max} (is {value}).");

        Require(!string.IsNullOrWhiteSpace(options.BootstrapServers), "BootstrapServers is required (host:port[,host:port…]).");
        Require(!string.IsNullOrWhiteSpace(options.Topic), "Topic is required.");
        Require(!string.IsNullOrWhiteSpace(options.GroupId), "GroupId is required.");

        Require(options.MaxInFlightPerPartition > 0, $"MaxInFlightPerPartition must be positive (is {options.MaxInFlightPerPartition}).");
        Require(options.MaxBufferedPerPartition > 0, $"MaxBufferedPerPartition must be positive (is {options.MaxBufferedPerPartition}).");
        Require(options.MaxMessageBytes > 0, $"MaxMessageBytes must be positive (is {options.MaxMessageBytes}).");
        Require(
            options.MaxInFlightBytes >= options.MaxMessageBytes,
            $"MaxInFlightBytes ({options.MaxInFlightBytes}) must be at least MaxMessageBytes ({options.MaxMessageBytes}).");
        Require(
            options.MaxInFlightBytesPerPartition >= options.MaxMessageBytes,
            $"MaxInFlightBytesPerPartition ({options.MaxInFlightBytesPerPartition}) must be at least MaxMessageBytes ({options.MaxMessageBytes}).");
        Require(
            options.MaxInFlightBytesPerPartition <= options.MaxInFlightBytes,
            $"MaxInFlightBytesPerPartition ({options.MaxInFlightBytesPerPartition}) must not exceed MaxInFlightBytes ({options.MaxInFlightBytes}).");
        Require(
            options.EffectiveMaxInFlightLargeBytes >= options.MaxMessageBytes,
            $"MaxInFlightLargeBytes ({options.EffectiveMaxInFlightLargeBytes}) must be at least MaxMessageBytes ({options.MaxMessageBytes}).");
        Require(
            options.QueuedMaxMessagesKbytes is >= 1 and <= 2_097_151 && options.QueuedMaxMessagesKbytes * 1024L >= options.MaxMessageBytes,
            $"QueuedMaxMessagesKbytes ({options.QueuedMaxMessagesKbytes}) must hold at least one message of MaxMessageBytes ({options.MaxMessageBytes} bytes) and be at most 2097151.");
        RequireBetween(nameof(options.QueuedMinMessages), options.QueuedMinMessages, 1, 10_000_000);
        RequireBetween(nameof(options.FetchQueueBackoffMs), options.FetchQueueBackoffMs, 0, 300_000);
        Require(
            options.MaxUncommittedPerPartition >= options.MaxInFlightPerPartition,
            $"MaxUncommittedPerPartition ({options.MaxUncommittedPerPartition}) must be at least MaxInFlightPerPartition ({options.MaxInFlightPerPartition}).");

        Require(options.CommitInterval > TimeSpan.Zero, $"CommitInterval must be positive (is {options.CommitInterval}).");
        Require(options.CommitEveryCompletions > 0, $"CommitEveryCompletions must be positive (is {options.CommitEveryCompletions}).");
        Require(options.RevokeDrainTimeout > TimeSpan.Zero, $"RevokeDrainTimeout must be positive (is {options.RevokeDrainTimeout}).");
        Require(
            options.RevokeDrainTimeout < TimeSpan.FromMilliseconds(options.MaxPollIntervalMs),
            $"RevokeDrainTimeout ({options.RevokeDrainTimeout}) must be shorter than MaxPollIntervalMs ({options.MaxPollIntervalMs} ms): the revoke wait blocks the poll loop.");
        Require(options.ShutdownDrainTimeout >= TimeSpan.Zero, $"ShutdownDrainTimeout must not be negative (is {options.ShutdownDrainTimeout}).");
        Require(
            options.PollTimeout > TimeSpan.Zero && options.PollTimeout <= TimeSpan.FromSeconds(5),
            $"PollTimeout must be between 1 ms and 5 s (is {options.PollTimeout}).");
        Require(options.RetryInitialBackoff > TimeSpan.Zero, $"RetryInitialBackoff must be positive (is {options.RetryInitialBackoff}).");
        Require(
            options.RetryMaxBackoff >= options.RetryInitialBackoff,
            $"RetryMaxBackoff ({options.RetryMaxBackoff}) must be at least RetryInitialBackoff ({options.RetryInitialBackoff}).");

        string[] offsetResets = ["smallest", "earliest", "beginning", "largest", "latest", "end", "error"];
        Require(
            offsetResets.Contains(options.AutoOffsetReset, StringComparer.Ordinal),
            $"AutoOffsetReset must be one of {string.Join(", ", offsetResets)} (is '{options.AutoOffsetReset}').");
        RequireBetween(nameof(options.SessionTimeoutMs), options.SessionTimeoutMs, 1, 3_600_000);
        Require(
            options.HeartbeatIntervalMs >= 1 && options.HeartbeatIntervalMs < options.SessionTimeoutMs,
            $"HeartbeatIntervalMs ({options.HeartbeatIntervalMs}) must be positive and below SessionTimeoutMs ({options.SessionTimeoutMs}).");
        Require(
            options.MaxPollIntervalMs >= options.SessionTimeoutMs && options.MaxPollIntervalMs <= 86_400_000,
            $"MaxPollIntervalMs ({options.MaxPollIntervalMs}) must be at least SessionTimeoutMs ({options.SessionTimeoutMs}) and at most 86400000.");
        RequireBetween(nameof(options.FetchWaitMaxMs), options.FetchWaitMaxMs, 0, 300_000);
        RequireBetween(nameof(options.MaxPartitionFetchBytes), options.MaxPartitionFetchBytes, 1, 1_000_000_000);
        RequireBetween(nameof(options.FetchMaxBytes), options.FetchMaxBytes, 1, 2_147_483_135);
        RequireBetween(nameof(options.StatisticsIntervalMs), options.StatisticsIntervalMs, 0, 86_400_000);

        foreach (var key in options.AdditionalSettings.Keys)
        {
            if (ReservedSettings.TryGetValue(key, out var reason))
            {
                problems.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"AdditionalSettings must not set '{key}': {reason}."));
            }
        }

        return problems;
    }
}
