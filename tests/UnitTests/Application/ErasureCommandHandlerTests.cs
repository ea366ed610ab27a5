using Recorder.Application.Conversations.Commands.ForgetUser;
using Recorder.Application.Conversations.Commands.PurgeOldRecords;
using Recorder.Application.Conversations.Erasure;
using Recorder.UnitTests.Application.Support;

namespace Recorder.UnitTests.Application;

public sealed class ErasureCommandHandlerTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    private readonly ManualClock _clock = new(Now);
    private readonly InMemoryEraser _eraser;

    public ErasureCommandHandlerTests() => _eraser = new InMemoryEraser(_clock);

    [Fact]
    public async Task The_purge_cutoff_is_now_minus_the_retention_in_whole_milliseconds_and_is_exclusive()
    {
        var cutoff = new DateTime(2024, 5, 2, 12, 0, 0, 123, DateTimeKind.Utc);
        _eraser.Rows.AddRange([("a", cutoff.AddMilliseconds(-1)), ("b", cutoff), ("c", cutoff.AddMilliseconds(1))]);

        var result = await Purge(new PurgeOldRecordsCommand(Retention));

        Assert.Equal(cutoff, result.Cutoff);
        Assert.Equal(1, result.Erasure.Rows);
        Assert.Equal(["b", "c"], _eraser.Rows.Select(r => r.UserId));
    }

    [Fact]
    public async Task Batches_run_until_a_short_one_and_each_takes_at_most_the_batch_size()
    {
        AddOldRows(2_500);
        var progress = new List<ErasureProgress>();

        var result = await Purge(new PurgeOldRecordsCommand(Retention, BatchRows: 1_000) { Progress = new SyncProgress(progress) });

        Assert.Equal(1, _eraser.PrepareCalls);
        Assert.Equal([1_000, 1_000, 1_000], _eraser.DeleteCalls);
        Assert.Equal((2_500L, 3, 1_000), (result.Erasure.Rows, result.Erasure.Batches, result.Erasure.LargestBatchRows));
        Assert.Equal([1_000L, 2_000L, 2_500L], progress.Select(p => p.Rows));
        Assert.Equal([1, 2, 3], progress.Select(p => p.Batches));
        Assert.Empty(_eraser.Rows);
    }

    [Fact]
    public async Task A_selection_that_is_a_multiple_of_the_batch_size_ends_on_an_empty_batch_that_is_not_counted()
    {
        AddOldRows(2_000);

        var result = await Purge(new PurgeOldRecordsCommand(Retention, BatchRows: 1_000));

        Assert.Equal(3, _eraser.DeleteCalls.Count);
        Assert.Equal((2_000L, 2), (result.Erasure.Rows, result.Erasure.Batches));
    }

    [Fact]
    public async Task The_longest_batch_is_the_slowest_statement_and_elapsed_covers_them_all()
    {
        AddOldRows(250);
        _eraser.Durations = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(20)];

        var result = await Purge(new PurgeOldRecordsCommand(Retention, BatchRows: 100));

        Assert.Equal(TimeSpan.FromMilliseconds(30), result.Erasure.LongestBatch);
        Assert.Equal(TimeSpan.FromMilliseconds(60), result.Erasure.Elapsed);
    }

    [Fact]
    public async Task The_final_statement_that_found_nothing_counts_for_the_longest_batch_but_not_as_a_batch()
    {
        AddOldRows(200);
        _eraser.Durations = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40)];

        var result = await Purge(new PurgeOldRecordsCommand(Retention, BatchRows: 100));

        Assert.Equal((2, TimeSpan.FromMilliseconds(40)), (result.Erasure.Batches, result.Erasure.LongestBatch));
    }

    [Fact]
    public async Task A_dry_run_only_counts()
    {
        AddOldRows(1_500);
        _eraser.Rows.Add(("recent", Now.UtcDateTime));

        var result = await Purge(new PurgeOldRecordsCommand(Retention, DryRun: true));

        Assert.Equal((1_500L, 0, true), (result.Erasure.Rows, result.Erasure.Batches, result.Erasure.DryRun));
        Assert.Equal(1, _eraser.CountCalls);
        Assert.Equal(0, _eraser.PrepareCalls);
        Assert.Empty(_eraser.DeleteCalls);
        Assert.Equal(1_501, _eraser.Rows.Count);
    }

    [Fact]
    public async Task Cancellation_stops_between_batches_and_keeps_what_was_deleted()
    {
        AddOldRows(5_000);
        using var cancel = new CancellationTokenSource();
        var command = new PurgeOldRecordsCommand(Retention, BatchRows: 1_000) { Progress = new SyncProgress(_ => cancel.Cancel()) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Purge(command, cancel.Token));

        Assert.Single(_eraser.DeleteCalls);
        Assert.Equal(4_000, _eraser.Rows.Count);
    }

    [Fact]
    public async Task Forget_takes_exactly_that_users_rows()
    {
        foreach (var user in new[] { "CaseUser", "caseuser", "CaseUser ", "CaseUser" })
        {
            _eraser.Rows.Add((user, Now.UtcDateTime));
        }

        var result = await new ForgetUserCommandHandler(_eraser, _clock).Handle(new ForgetUserCommand("CaseUser"), CancellationToken.None);

        Assert.Equal(2, result.Rows);
        Assert.Equal(["caseuser", "CaseUser "], _eraser.Rows.Select(r => r.UserId));
    }

    private Task<PurgeOldRecordsResult> Purge(PurgeOldRecordsCommand command, CancellationToken cancellationToken = default) =>
        new PurgeOldRecordsCommandHandler(_eraser, _clock).Handle(command, cancellationToken).AsTask();

    private void AddOldRows(int count) =>
        _eraser.Rows.AddRange(Enumerable.Range(0, count).Select(i => ($"user-{i % 7}", Now.UtcDateTime.AddDays(-60).AddMinutes(i))));

    private sealed class SyncProgress(Action<ErasureProgress> report) : IProgress<ErasureProgress>
    {
        public SyncProgress(List<ErasureProgress> into)
            : this(into.Add)
        {
        }

        public void Report(ErasureProgress value) => report(value);
    }
}
