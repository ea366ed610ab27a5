using System.Text;
using Confluent.Kafka;
using Recorder.Infrastructure.Kafka;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.Infrastructure.Kafka.DeadLetter.Replay;

namespace Recorder.UnitTests.DeadLetter;

public sealed class DeadLetterFilterTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_795_161_600);

    [Fact]
    public void The_empty_filter_selects_everything_even_a_record_without_dlq_headers()
    {
        Assert.True(DeadLetterFilter.All.Matches(Record(reason: null, failedAt: null, key: null)));
    }

    [Fact]
    public void Reason_matches_exactly()
    {
        var filter = new DeadLetterFilter(Reason: "db_unavailable");

        Assert.True(filter.Matches(Record("db_unavailable")));
        Assert.False(filter.Matches(Record("DB_UNAVAILABLE")));
        Assert.False(filter.Matches(Record("db_unavailable_x")));
        Assert.False(filter.Matches(Record(reason: null)));
    }

    [Fact]
    public void The_time_range_includes_from_and_excludes_to_and_never_matches_a_record_without_failed_at()
    {
        var filter = new DeadLetterFilter(From: T0, To: T0.AddHours(1));

        Assert.False(filter.Matches(Record(failedAt: "1795161599")));
        Assert.True(filter.Matches(Record(failedAt: "1795161600")));
        Assert.True(filter.Matches(Record(failedAt: "1795165199")));
        Assert.False(filter.Matches(Record(failedAt: "1795165200")));
        Assert.False(filter.Matches(Record(failedAt: null)));
        Assert.False(filter.Matches(Record(failedAt: "soon")));
        Assert.True(new DeadLetterFilter(From: T0).Matches(Record(failedAt: "1895161600")));
        Assert.True(new DeadLetterFilter(To: T0).Matches(Record(failedAt: "1")));
    }

    [Fact]
    public void A_fraction_of_a_second_in_the_range_compares_as_the_header_does_in_whole_seconds()
    {
        var filter = new DeadLetterFilter(From: T0.AddMilliseconds(750));

        Assert.True(filter.Matches(Record(failedAt: "1795161600")));
    }

    [Fact]
    public void User_is_the_record_key_byte_for_byte()
    {
        var filter = new DeadLetterFilter(User: "Jos\u00E9");

        Assert.True(filter.Matches(Record(key: "Jos\u00E9")));
        Assert.False(filter.Matches(Record(key: "Jose\u0301")));
        Assert.False(filter.Matches(Record(key: "jos\u00E9")));
        Assert.False(filter.Matches(Record(key: null)));
    }

    [Fact]
    public void Every_part_must_match()
    {
        var filter = new DeadLetterFilter("db_unavailable", T0, T0.AddHours(1), "u-1");

        Assert.True(filter.Matches(Record("db_unavailable", "1795161600", "u-1")));
        Assert.False(filter.Matches(Record("db_rejected", "1795161600", "u-1")));
        Assert.False(filter.Matches(Record("db_unavailable", "1795165200", "u-1")));
        Assert.False(filter.Matches(Record("db_unavailable", "1795161600", "u-2")));
    }

    [Fact]
    public void The_same_selection_gets_the_same_progress_group_however_its_times_were_written()
    {
        Assert.True(OperatorTime.TryParse("2026-11-20T16:00:00+08:00", out var local, out _));
        Assert.True(OperatorTime.TryParse("1795161600", out var unix, out _));

        var a = ReplayRequest.DefaultGroup("qywx-recorder-replay", new DeadLetterFilter("db_unavailable", From: local));
        var b = ReplayRequest.DefaultGroup("qywx-recorder-replay", new DeadLetterFilter("db_unavailable", From: unix));

        Assert.Equal(a, b);
        Assert.Matches("^qywx-recorder-replay-[0-9a-f]{12}$", a);
        Assert.Equal("reason=db_unavailable from=1795161600", new DeadLetterFilter("db_unavailable", From: local).Canonical());
    }

    [Fact]
    public void Another_selection_gets_another_group_and_no_filter_reads_as_all()
    {
        var groups = new[]
        {
            ReplayRequest.DefaultGroup("p", new DeadLetterFilter("db_unavailable")),
            ReplayRequest.DefaultGroup("p", new DeadLetterFilter("db_rejected")),
            ReplayRequest.DefaultGroup("p", new DeadLetterFilter(User: "db_unavailable")),
            ReplayRequest.DefaultGroup("p", new DeadLetterFilter("db_unavailable", To: T0)),
            ReplayRequest.DefaultGroup("p", DeadLetterFilter.All),
        };

        Assert.Equal(groups.Length, groups.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("p-all", groups[^1]);
    }

    internal static DeadLetterRecord Record(string? reason = "db_unavailable", string? failedAt = "1795161600", string? key = "u-1")
    {
        var headers = new Headers();
        if (reason is not null)
        {
            headers.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason));
        }

        if (failedAt is not null)
        {
            headers.Add(DeadLetterHeaders.FailedAt, Encoding.UTF8.GetBytes(failedAt));
        }

        return DeadLetterRecord.From(new ConsumeResult<byte[], byte[]>
        {
            Topic = "qywx-recorder.dlq",
            Partition = new Partition(0),
            Offset = new Offset(0),
            Message = new Message<byte[], byte[]> { Key = key is null ? null! : Encoding.UTF8.GetBytes(key), Value = [], Headers = headers },
        });
    }
}
