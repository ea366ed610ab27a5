using Mediator;
using MySqlConnector;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Conversations.Commands.ForgetUser;
using Recorder.Application.Conversations.Erasure;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Lifecycle;

/// <summary>Erasing one user through the application pipeline, registered as the host registers it, on MariaDB.</summary>
[Collection(RecordsTableCollection.Name)]
public sealed class ForgetUserTests : IAsyncLifetime
{
    private const int TargetRows = 1_234;
    private const int BatchRows = 100;
    private static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly MySqlDataSource _database = TestDatabase.CreateDataSource();
    private readonly RecorderServices _services = RecorderServices.Create();

    public async Task InitializeAsync()
    {
        await RecorderServices.MigrateAsync();
        await DatabaseReset.ResetAsync(_database);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("CaseUser")]  // not caseuser or CASEUSER
    [InlineData("Jos\u00E9")] // not Jose + combining accent, nor Jose
    [InlineData("pad")]       // not "pad " or "pad  "
    public async Task Only_that_users_rows_go_byte_for_byte_while_other_users_rounds_keep_arriving(string target)
    {
        var others = LookAlikeUsers.All.Where(u => u != target).Append("bystander").ToList();
        var seeded = await SeedAsync(target, others);
        await using var inserter = ConcurrentInserter.Start(_database, "live", others, () => DateTime.UtcNow);
        await inserter.WaitForAsync(50);
        var insertedBefore = inserter.Inserted;
        var progress = new RecordingProgress<ErasureProgress>();

        var forget = await SendAsync(new ForgetUserCommand(target, BatchRows) { Progress = progress });

        var insertedDuring = inserter.Inserted - insertedBefore;
        var inserted = await inserter.StopAsync();
        Assert.True(insertedDuring > 0, "no round was stored while the erasure ran, so nothing concurrent was tested");
        Assert.Equal(TargetRows, forget.Rows);
        var left = await StoredRows.CountByUserAsync(_database, "seed ");
        Assert.False(left.ContainsKey(target), $"{left.GetValueOrDefault(target)} rows of the user are left");
        Assert.Equal(others.ToDictionary(u => u, u => seeded[u], StringComparer.Ordinal), left);
        Assert.Equal(inserted, await StoredRows.CountAsync(_database, "live "));
        Assert.Equal((TargetRows + BatchRows - 1) / BatchRows, forget.Batches);
        Assert.Equal(BatchRows, forget.LargestBatchRows);
        Assert.All(progress.Reports.Zip(progress.Reports.Skip(1)), pair => Assert.InRange(pair.Second.Rows - pair.First.Rows, 1, BatchRows));
    }

    [Fact]
    public async Task A_dry_run_counts_and_deletes_nothing_and_a_second_run_finds_nothing()
    {
        await SeedAsync("CaseUser", ["caseuser"]);

        var dryRun = await SendAsync(new ForgetUserCommand("CaseUser", BatchRows, DryRun: true));
        var rowsAfterDryRun = await StoredRows.CountAsync(_database, "seed ");
        var first = await SendAsync(new ForgetUserCommand("CaseUser", BatchRows));
        var second = await SendAsync(new ForgetUserCommand("CaseUser", BatchRows));

        Assert.Equal((TargetRows, 0, true), (dryRun.Rows, dryRun.Batches, dryRun.DryRun));
        Assert.Equal(TargetRows + 37, rowsAfterDryRun);
        Assert.Equal(TargetRows, first.Rows);
        Assert.Equal((0L, 0), (second.Rows, second.Batches));
        Assert.Equal(37, await StoredRows.CountAsync(_database, "seed "));
    }

    // By index: xunit's theory serialization would turn the lone surrogate into U+FFFD.
    private static readonly string[] Unstorable = ["", "   ", "u\uD800", new string('u', 65)];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)] // an unpaired surrogate: no stored id can hold one
    [InlineData(3)] // longer than user_id VARCHAR(64)
    public async Task An_id_no_row_can_have_is_refused_without_deleting_anything(int unstorable)
    {
        await SeedAsync("someone", []);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => SendAsync(new ForgetUserCommand(Unstorable[unstorable])));

        Assert.Equal(nameof(ForgetUserCommand.UserId), Assert.Single(refused.Failures).PropertyName);
        Assert.Equal(TargetRows, await StoredRows.CountAsync(_database, "seed "));
    }

    /// <summary>The target gets <see cref="TargetRows"/> rows, each other user 37 + a few, so a stray deletion shows.</summary>
    private async Task<Dictionary<string, long>> SeedAsync(string target, IReadOnlyList<string> others)
    {
        var rows = Enumerable.Range(0, TargetRows).Select(i => new StoredRow(target, $"seed {i}", Start.AddMinutes(i)))
            .Concat(others.SelectMany((user, u) => Enumerable.Range(0, 37 + u)
                .Select(i => new StoredRow(user, $"seed {u}.{i}", Start.AddMinutes(i)))));
        await StoredRows.InsertAsync(_database, rows);
        return await StoredRows.CountByUserAsync(_database, "seed ");
    }

    private async Task<ErasureResult> SendAsync(ForgetUserCommand command) =>
        await _services.Get<IMediator>().Send(command, CancellationToken.None);
}
