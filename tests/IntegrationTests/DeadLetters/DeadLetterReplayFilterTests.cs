using System.Text;
using Confluent.Kafka;
using Kafka.MockCluster;
using Recorder.Infrastructure.Kafka.DeadLetter;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.DeadLetters;

/// <summary>
/// `dlq replay` selects exactly what its filter says, sends nothing in a dry run, and keeps its progress per filter:
/// a rerun sends nothing twice, another filter still finds what an earlier one passed over. No recorder runs here:
/// the source topic is read to see exactly what was sent.
/// </summary>
public sealed class DeadLetterReplayFilterTests
{
    private const string Topic = RecordingEnvironment.Topic;
    private const string DeadLetterTopic = RecordingEnvironment.DeadLetterTopic;
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Reasons = ["db_unavailable", "invalid_json", "db_rejected"];

    /// <summary>Nine dead letters, ten minutes apart: reasons cycle, and each user has one of each reason.</summary>
    private static readonly DeadLetterCase[] Cases =
    [
        .. Enumerable.Range(0, 9).Select(i => new DeadLetterCase(i, Reasons[i % 3], T0.AddMinutes(10 * i), "u-" + (((i / 3) + i) % 3))),
    ];

    [Fact]
    public async Task A_replay_sends_the_original_key_value_headers_and_timestamp_without_dlq_headers_and_says_where_from()
    {
        await using var cluster = await StartAsync();
        var deadLetters = TopicContents.ReadAll(cluster.BootstrapServers, DeadLetterTopic, 2);

        var run = await OperatorCommand.ReplayAsync(cluster.BootstrapServers);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(9, run.Summary("sent"));
        var sent = TopicContents.ReadAll(cluster.BootstrapServers, Topic, 4);
        Assert.Equal(9, sent.Count);
        foreach (var replayed in sent)
        {
            var original = DeadLetterFixtures.Original(Cases[DeadLetterFixtures.CaseOf(replayed)]).Message;
            var from = deadLetters.Single(d => DeadLetterFixtures.CaseOf(d) == DeadLetterFixtures.CaseOf(replayed));
            Assert.Equal(original.Key, replayed.Message.Key);
            Assert.Equal(original.Value, replayed.Message.Value);
            Assert.Equal(original.Headers.Select(h => h.Key).Append(DeadLetterHeaders.ReplayedFrom), replayed.Message.Headers.Select(h => h.Key));
            Assert.Equal(original.Headers.Select(h => h.GetValueBytes()), replayed.Message.Headers.Take(4).Select(h => h.GetValueBytes()));
            Assert.Equal($"{from.Partition.Value}/{from.Offset.Value}", Header(replayed, DeadLetterHeaders.ReplayedFrom));
            Assert.Equal(original.Timestamp.UnixTimestampMs, replayed.Message.Timestamp.UnixTimestampMs);
        }

        // Partitioned by key as the scheduler's producer partitions: each user's rounds stay on one partition.
        Assert.All(sent.GroupBy(r => Encoding.UTF8.GetString(r.Message.Key)), user => Assert.Single(user.Select(r => r.Partition.Value).Distinct()));
        Assert.DoesNotContain(DeadLetterFixtures.SecretText, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_counts_and_sends_nothing_and_a_rerun_of_the_same_filter_sends_nothing_twice()
    {
        await using var cluster = await StartAsync();

        var dryRun = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, "--dry-run", "--reason", "db_unavailable");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal((3, 3, 0, 6), (dryRun.Summary("matched"), dryRun.Summary("would_send"), dryRun.Summary("sent"), dryRun.Summary("skipped")));
        Assert.Empty(TopicContents.ReadAll(cluster.BootstrapServers, Topic, 4));

        // The dry run committed nothing: the real run still finds all three.
        var first = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, "--reason", "db_unavailable");
        Assert.Equal(3, first.Summary("sent"));
        var second = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, "--reason=db_unavailable");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal((0, 0, 0), (second.Summary("read"), second.Summary("matched"), second.Summary("sent")));
        Assert.Equal([0, 3, 6], SentCases(cluster));

        // A dry run after it reads from the same progress: nothing left.
        var after = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, "--reason", "db_unavailable", "--dry-run");
        Assert.Equal(0, after.Summary("would_send"));
    }

    [Fact]
    public async Task Reason_time_range_and_user_each_select_exactly_their_records_and_another_filter_finds_what_one_passed_over()
    {
        await using var cluster = await StartAsync();
        var sent = new List<int>();

        async Task ExpectAsync(IEnumerable<int> expected, params string[] args)
        {
            var run = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, args);
            Assert.True(run.ExitCode == 0, run.ToString());
            sent.AddRange(expected);
            Assert.Equal(expected.Count(), run.Summary("sent"));
            Assert.Equal(sent.Order(), SentCases(cluster));
        }

        await ExpectAsync(Selected(c => c.Reason == "invalid_json"), "--reason", "invalid_json");
        // Passed over by the run before, found by this filter's own pass.
        await ExpectAsync(Selected(c => c.Reason == "db_rejected"), "--reason", "db_rejected");
        // From inclusive, to exclusive; ISO-8601 with an offset and unix seconds are the same moments.
        await ExpectAsync(Selected(c => c.FailedAt >= T0.AddMinutes(20) && c.FailedAt < T0.AddMinutes(60)),
            "--from", "2026-11-20T16:20:00+08:00", "--to", T0.AddMinutes(60).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ExpectAsync(Selected(c => c.User == "u-2"), "--user", "u-2");
        await ExpectAsync(Selected(c => c.User == "u-1" && c.Reason == "db_unavailable"), "--user", "u-1", "--reason", "db_unavailable");
    }

    [Fact]
    public async Task A_limit_sends_at_most_that_many_and_the_next_run_of_the_filter_continues_after_them()
    {
        await using var cluster = await StartAsync();
        var expected = Selected(c => c.Reason == "db_rejected");

        var first = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, "--reason", "db_rejected", "--limit", "2");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(2, first.Summary("sent"));
        Assert.Contains("stopped at the limit", first.Output, StringComparison.Ordinal);
        var afterFirst = SentCases(cluster);
        Assert.Equal(2, afterFirst.Count);
        Assert.Subset(expected.ToHashSet(), afterFirst.ToHashSet());

        var second = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, "--reason", "db_rejected", "--limit", "2");
        Assert.Equal(1, second.Summary("sent"));
        Assert.Equal(expected, SentCases(cluster));

        var third = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, "--reason", "db_rejected", "--limit", "2");
        Assert.Equal(0, third.Summary("sent"));
        Assert.Equal(expected, SentCases(cluster));
    }

    [Fact]
    public async Task Two_copies_of_one_source_record_are_sent_once()
    {
        await using var cluster = await StartAsync();
        await DeadLetterFixtures.PublishAsync(cluster.BootstrapServers, [Cases[4] with { FailedAt = T0.AddHours(5) }]);

        var run = await OperatorCommand.ReplayAsync(cluster.BootstrapServers, "--user", Cases[4].User);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal((4, 3, 1), (run.Summary("matched"), run.Summary("sent"), run.Summary("duplicate")));
        Assert.Equal(Selected(c => c.User == Cases[4].User), SentCases(cluster));
    }

    [Theory]
    [InlineData("--from", "2026-11-20T08:00:00")]
    [InlineData("--to", "yesterday")]
    [InlineData("--limit", "0")]
    [InlineData("--colour", "red")]
    [InlineData("--group", "qywx-recorder-group")]
    [InlineData("--reason")]
    public async Task A_bad_argument_is_refused_before_anything_is_read(params string[] args)
    {
        // No cluster: a refused argument must not get as far as connecting.
        var run = await OperatorCommand.ReplayAsync("127.0.0.1:1", args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage: dlq replay", run.Output, StringComparison.Ordinal);
    }

    private static List<int> Selected(Func<DeadLetterCase, bool> filter) => [.. Cases.Where(filter).Select(c => c.Case).Order()];

    private static List<int> SentCases(MockKafkaCluster cluster) =>
        [.. TopicContents.ReadAll(cluster.BootstrapServers, Topic, 4).Select(DeadLetterFixtures.CaseOf).Order()];

    private static async Task<MockKafkaCluster> StartAsync()
    {
        var cluster = MockKafkaCluster.Start(new MockKafkaClusterOptions
        {
            Brokers = 1,
            Topics = [new TopicSpec(Topic, 4, 1), new TopicSpec(DeadLetterTopic, 2, 1)],
        });
        await DeadLetterFixtures.PublishAsync(cluster.BootstrapServers, Cases);
        return cluster;
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}
