using System.Text;
using Confluent.Kafka;
using Recorder.Infrastructure.Kafka.DeadLetter;

namespace Recorder.UnitTests.DeadLetter;

public sealed class DeadLetterCopyTests
{
    private static readonly DateTimeOffset FailedAt = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_copy_keeps_the_original_headers_in_order_and_adds_every_dlq_header_after_them()
    {
        var source = Source(new Timestamp(new DateTime(2026, 11, 20, 8, 30, 15, 250, DateTimeKind.Utc), TimestampType.CreateTime));

        var headers = DeadLetterCopy.BuildHeaders(source, "db_unavailable", "MySQL unreachable", FailedAt, "recorder-7f9c-2");

        Assert.Equal(
            ["schema", "user_id", "x-custom", "user_id", "dlq_reason", "dlq_error", "dlq_source_topic", "dlq_source_partition",
                "dlq_source_offset", "dlq_failed_at", "dlq_source_timestamp", "dlq_instance"],
            headers.Select(h => h.Key));
        Assert.Equal("u-2", Text(headers, "user_id")); // repeated headers are kept as they were, last one last
        Assert.Equal("db_unavailable", Text(headers, DeadLetterHeaders.Reason));
        Assert.Equal("MySQL unreachable", Text(headers, DeadLetterHeaders.Error));
        Assert.Equal("qywx-recorder", Text(headers, DeadLetterHeaders.SourceTopic));
        Assert.Equal("3", Text(headers, DeadLetterHeaders.SourcePartition));
        Assert.Equal("42", Text(headers, DeadLetterHeaders.SourceOffset));
        Assert.Equal("1795165200", Text(headers, DeadLetterHeaders.FailedAt));
        Assert.Equal("1795163415250", Text(headers, DeadLetterHeaders.SourceTimestamp)); // milliseconds, not rounded
        Assert.Equal("recorder-7f9c-2", Text(headers, DeadLetterHeaders.Instance));
    }

    [Fact]
    public void A_record_without_a_timestamp_gets_no_source_timestamp_header()
    {
        var headers = DeadLetterCopy.BuildHeaders(Source(Timestamp.Default), "invalid_json", "x", FailedAt, "host-a");

        Assert.DoesNotContain(headers, h => h.Key == DeadLetterHeaders.SourceTimestamp);
        Assert.Equal("host-a", Text(headers, DeadLetterHeaders.Instance));
    }

    [Fact]
    public void A_long_error_is_cut_to_1_KiB_on_a_character_boundary()
    {
        var detail = new string('é', 700); // 2 bytes each: 1,400 bytes

        var error = DeadLetterCopy.BuildHeaders(Source(Timestamp.Default), "invalid_json", detail, FailedAt, "h")
            .GetLastBytes(DeadLetterHeaders.Error);

        Assert.Equal(1_024, error.Length);
        Assert.Equal(new string('é', 512), Encoding.UTF8.GetString(error));
    }

    [Theory]
    [InlineData("dlq_reason", true)]
    [InlineData("DLQ_Source_Timestamp", true)]
    [InlineData("dlq_", true)]
    [InlineData("replayed_from", false)]
    [InlineData("occurred", false)]
    [InlineData("x-dlq_reason", false)]
    [InlineData(null, false)]
    public void Dead_letter_headers_are_recognised_by_their_prefix(string? name, bool expected) =>
        Assert.Equal(expected, DeadLetterHeaders.IsDeadLetterHeader(name));

    [Fact]
    public void The_instance_name_defaults_to_the_machine_name_and_must_not_be_blank()
    {
        Assert.Equal(Environment.MachineName, new DeadLetterOptions().InstanceName);
        Assert.Empty(new DeadLetterOptions { InstanceName = "pod-a" }.Validate());
        Assert.Contains(new DeadLetterOptions { InstanceName = " " }.Validate(), p => p.Contains("Recorder:InstanceName", StringComparison.Ordinal));
        Assert.Contains(new DeadLetterOptions { InstanceName = new string('a', 254) }.Validate(), p => p.Contains("Recorder:InstanceName", StringComparison.Ordinal));
    }

    private static ConsumeResult<byte[], byte[]> Source(Timestamp timestamp) => new()
    {
        Topic = "qywx-recorder",
        Partition = new Partition(3),
        Offset = new Offset(42),
        Message = new Message<byte[], byte[]>
        {
            Key = "u-1"u8.ToArray(),
            Value = "[]"u8.ToArray(),
            Timestamp = timestamp,
            Headers = new Headers
            {
                { "schema", "ipang.qa.v1"u8.ToArray() },
                { "user_id", "u-1"u8.ToArray() },
                { "x-custom", [0xFF, 0x00] },
                { "user_id", "u-2"u8.ToArray() },
            },
        },
    };

    private static string Text(Headers headers, string name) => Encoding.UTF8.GetString(headers.GetLastBytes(name));
}
