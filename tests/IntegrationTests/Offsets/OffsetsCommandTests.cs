using System.Globalization;
using Confluent.Kafka;
using Recorder.Host.Commands;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Offsets;

/// <summary>
/// `offsets show` and `offsets reset` on the mock cluster, which describes no groups and refuses a commit from outside
/// a group that has had members: show needs neither; reset proves the group empty by being its only member.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class OffsetsCommandTests
{
    private const string Group = "qywx-recorder-group";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly DateTime T0 = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Show_lists_the_committed_offset_end_and_lag_of_every_partition()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        var rounds = env.Rounds(35, pairs: 1);
        await using (var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers))
        {
            await env.ProduceAsync(rounds.Take(30));
            await env.WaitForRowsAsync(60, Patience);
        } // stopping commits everything recorded

        await env.ProduceAsync(rounds.Skip(30), partition: 0);
        var ends = Ends(env);

        var show = await OperatorCommand.OffsetsAsync("show", env.Cluster.BootstrapServers);

        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains($"group {Group} on topic qywx-recorder; membership: unknown: the cluster does not serve DescribeConsumerGroups", show.Output, StringComparison.Ordinal);
        Assert.Equal(["0", (ends[0] - 5).ToString(CultureInfo.InvariantCulture), ends[0].ToString(CultureInfo.InvariantCulture), "5"], Row(show, "0"));
        Assert.Equal(["1", ends[1].ToString(CultureInfo.InvariantCulture), ends[1].ToString(CultureInfo.InvariantCulture), "0"], Row(show, "1"));
        Assert.Contains("total: committed on 2 of 2 partitions, lag 5", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_is_refused_while_a_recorder_instance_is_running_and_the_recorder_carries_on()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        var rounds = env.Rounds(40, pairs: 1);
        await using var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers);
        await env.ProduceAsync(rounds.Take(20));
        await env.WaitForRowsAsync(40, Patience);
        var before = await CommittedAsync(env, expectedAtLeast: 20);

        var reset = await OperatorCommand.OffsetsAsync("reset", env.Cluster.BootstrapServers, "--to-earliest");

        Assert.True(reset.ExitCode == OffsetsCommand.ExitRefused, reset.ToString());
        Assert.Contains("refused: joined the group", reset.Output, StringComparison.Ordinal);
        Assert.Contains("other members are live", reset.Output, StringComparison.Ordinal);
        Assert.Equal(before, Committed(env));
        await env.ProduceAsync(rounds.Skip(20));
        await env.WaitForRowsAsync(80, Patience);
        Assert.Equal(40, (await CommittedAsync(env, expectedAtLeast: 40)).Sum());
    }

    [Fact]
    public async Task Reset_moves_an_empty_group_to_earliest_latest_and_the_first_record_at_a_datetime()
    {
        await using var env = await RecordingEnvironment.StartAsync(partitions: 2);
        // Ten rounds per partition a minute apart; partition 1 runs 30 s earlier.
        var rounds = env.Rounds(20, pairs: 1);
        for (var i = 0; i < 20; i++)
        {
            rounds[i].Timestamp = new Timestamp(T0.AddMinutes(i / 2).AddSeconds(i % 2 == 1 ? -30 : 0), TimestampType.CreateTime);
        }

        await env.ProduceAsync(rounds.Where((_, i) => i % 2 == 0), partition: 0);
        await env.ProduceAsync(rounds.Where((_, i) => i % 2 == 1), partition: 1);

        // A group that never had a member: the admin API commits.
        var first = await OperatorCommand.OffsetsAsync("reset", env.Cluster.BootstrapServers, "--to-latest");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("reset: committed with AlterConsumerGroupOffsets", first.Output, StringComparison.Ordinal);
        Assert.Equal([10L, 10L], Committed(env));

        var earliest = await OperatorCommand.OffsetsAsync("reset", env.Cluster.BootstrapServers, "--to-earliest");
        Assert.Equal([0L, 0L], Committed(env));
        await using (var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers))
        {
            await env.WaitForRowsAsync(40, Patience);
        }

        Assert.Equal([10L, 10L], Committed(env));

        // Now the group has had a member: the mock refuses a commit from outside it, the reset joins to commit.
        var dryRun = await OperatorCommand.OffsetsAsync("reset", env.Cluster.BootstrapServers, "--to-datetime", "2026-11-20T16:04:00+08:00", "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal(["0", "10", "10", "4", "-6"], Row(dryRun, "0"));
        Assert.Equal(["1", "10", "10", "5", "-5"], Row(dryRun, "1"));
        Assert.Equal([10L, 10L], Committed(env));

        var atTime = await OperatorCommand.OffsetsAsync("reset", env.Cluster.BootstrapServers, "--to-datetime", "2026-11-20T08:04:00Z");
        Assert.True(atTime.ExitCode == 0, atTime.ToString());
        Assert.Contains("reset: committed as the group's only member", atTime.Output, StringComparison.Ordinal);
        Assert.Equal([4L, 5L], Committed(env));

        // The recorder resumes where the reset put it: the eleven rounds from there again, absorbed by the unique key.
        await using (var recorder = await RecorderInstance.StartAsync(env.Cluster.BootstrapServers))
        {
            var metrics = await MetricsText.WaitForAsync(recorder, "qywx_recorder_batches_total{result=\"ok\"}", 11, Patience);
            Assert.Equal(22, MetricsText.Require(metrics, "qywx_recorder_db_insert_rows_total{result=\"ignored\"}"));
        }

        Assert.Equal(40, await env.CountRowsAsync());
        var later = await OperatorCommand.OffsetsAsync("reset", env.Cluster.BootstrapServers, "--to-datetime", "2026-11-20T09:00:00Z");
        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Equal([10L, 10L], Committed(env)); // no record at or after it: the end
        Assert.True(earliest.ExitCode == 0, earliest.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("--to-earliest", "--to-latest")]
    [InlineData("--to-datetime", "2026-11-20 08:00")]
    [InlineData("--to-earliest", "--force")]
    public async Task A_bad_reset_argument_is_refused_before_anything_is_read(params string[] args)
    {
        var run = await OperatorCommand.OffsetsAsync("reset", "127.0.0.1:1", args);

        Assert.Equal(OffsetsCommand.ExitUsage, run.ExitCode);
        Assert.Contains("Usage: offsets reset", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_offsets_setting_stops_the_command_not_the_service()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Recorder"] = TestDatabase.ConnectionString,
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Recorder:SessionTimeoutMs"] = "6000",
            ["Offsets:JoinTimeout"] = "00:00:05",
        };

        await using (var service = Recorder.Host.RecorderApplication.Build("run", [], settings))
        {
            Assert.NotNull(service); // every option of the service is valid; the commands' own are not its concern
        }

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => OperatorCommand.OffsetsAsync("show", "127.0.0.1:1", settings.ToDictionary()));
        Assert.Equal(["Offsets:JoinTimeout must be longer than Recorder:SessionTimeoutMs."], error.Failures);
    }

    private static long[] Committed(RecordingEnvironment env)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = env.Cluster.BootstrapServers, GroupId = Group }).Build();
        return [.. consumer.Committed([new TopicPartition(RecordingEnvironment.Topic, 0), new TopicPartition(RecordingEnvironment.Topic, 1)], TimeSpan.FromSeconds(10))
            .OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value)];
    }

    /// <summary>The committed offsets once the recorder has committed at least <paramref name="expectedAtLeast"/> records.</summary>
    private static async Task<long[]> CommittedAsync(RecordingEnvironment env, long expectedAtLeast)
    {
        var deadline = DateTime.UtcNow + Patience;
        long[] committed;
        while ((committed = Committed(env)).Where(c => c > 0).Sum() < expectedAtLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, "the recorder did not commit");
            await Task.Delay(200);
        }

        return committed;
    }

    private static long[] Ends(RecordingEnvironment env)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = env.Cluster.BootstrapServers, GroupId = "ends" }).Build();
        return [.. Enumerable.Range(0, 2).Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(RecordingEnvironment.Topic, p), TimeSpan.FromSeconds(10)).High.Value)];
    }

    private static string[] Row(CommandResult result, string partition) =>
        result.Output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault(f => f.Length > 3 && f[0] == partition)
        ?? throw new Xunit.Sdk.XunitException($"no row for partition {partition} in:\n{result.Output}");
}
