using System.Globalization;
using System.Text.RegularExpressions;
using MySqlConnector;
using Recorder.Host;
using Recorder.Host.Commands;
using Recorder.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Recorder.IntegrationTests.Lifecycle;

/// <summary>`purge` and `forget` as the operator sees them: what they print and how they end.</summary>
[Collection(RecordsTableCollection.Name)]
public sealed partial class DataCommandsTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly DateTime Old = DateTime.UtcNow.AddDays(-90);
    private readonly MySqlDataSource _database = TestDatabase.CreateDataSource();

    public async Task InitializeAsync()
    {
        await RecorderServices.MigrateAsync();
        await DatabaseReset.ResetAsync(_database);
    }

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task Purge_prints_its_progress_and_how_long_the_longest_batch_held_its_locks()
    {
        await SeedOldAsync(2_500);
        await using var app = Build("purge");
        var output = new StringWriter();

        var exitCode = await PurgeCommand.RunAsync(app.Services, PurgeCommand.Parse(["--older-than", "30d"]), output,
            CancellationToken.None, progressInterval: TimeSpan.Zero);

        log.WriteLine(output.ToString());
        Assert.Equal(0, exitCode);
        var lines = Lines(output);
        Assert.Equal("purge: rows older than 30.00:00:00, 1000 rows per batch", lines[0]);
        Assert.Equal(3, lines.Count(l => ProgressLine().IsMatch(l)));
        var done = DoneLine().Match(lines[^1]);
        Assert.True(done.Success, lines[^1]);
        Assert.Equal("2500", done.Groups["rows"].Value);
        Assert.Equal("3", done.Groups["batches"].Value);
        Assert.Equal("1000", done.Groups["largest"].Value);
        Assert.InRange(int.Parse(done.Groups["longest"].Value, CultureInfo.InvariantCulture), 0, 30_000);
        Assert.Equal(0, await StoredRows.CountAsync(_database, "old "));
    }

    [Fact]
    public async Task An_interrupted_purge_says_how_far_it_got_and_the_next_run_finishes_the_job()
    {
        await SeedOldAsync(2_500);
        await using var app = Build("purge");
        using var interrupt = new CancellationTokenSource();
        var output = new LineWatchingWriter(line =>
        {
            if (line.StartsWith("purge: 1 batches", StringComparison.Ordinal))
            {
                interrupt.Cancel(); // Ctrl+C right after the first batch committed
            }
        });

        var interrupted = await PurgeCommand.RunAsync(app.Services, PurgeCommand.Parse(["--older-than", "30d"]), output,
            interrupt.Token, progressInterval: TimeSpan.Zero);
        var rerun = new StringWriter();
        var finished = await PurgeCommand.RunAsync(app.Services, PurgeCommand.Parse(["--older-than", "30d"]), rerun, CancellationToken.None);

        Assert.Equal(ErasureOutput.ExitInterrupted, interrupted);
        Assert.Contains("purge: interrupted after 1000 rows in 1 batches", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("run the same command again to continue", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, finished);
        Assert.Contains("purge: done: 1500 rows", rerun.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_prints_counts_but_never_the_user_or_any_content()
    {
        const string user = "Secret-User-42";
        await StoredRows.InsertAsync(_database, Enumerable.Range(0, 3).Select(i => new StoredRow(user, $"private text {i}", Old.AddSeconds(i))));
        await using var app = Build("forget");
        var output = new StringWriter();

        var dryRun = await ForgetCommand.RunAsync(app.Services, ForgetCommand.Parse(["--user", user, "--dry-run"]), output, CancellationToken.None);
        var erased = await ForgetCommand.RunAsync(app.Services, ForgetCommand.Parse(["--user", user]), output, CancellationToken.None);

        log.WriteLine(output.ToString());
        Assert.Equal((0, 0), (dryRun, erased));
        var text = output.ToString();
        Assert.Contains("forget: dry run: 3 rows of the given user would be erased; nothing was erased", text, StringComparison.Ordinal);
        Assert.Contains("forget: done: 3 rows of the given user erased in 1 batches", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("private", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_request_is_explained_and_exits_2_without_touching_the_table()
    {
        await SeedOldAsync(10);
        await using var app = Build("purge");
        var output = new StringWriter();

        var exitCode = await PurgeCommand.RunAsync(app.Services, PurgeCommand.Parse(["--older-than", "30d", "--batch", "0"]), output, CancellationToken.None);

        Assert.Equal(ErasureOutput.ExitInvalid, exitCode);
        Assert.Contains("purge: Rows per batch must be between 1 and 10000.", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(10, await StoredRows.CountAsync(_database, "old "));
    }

    [Fact]
    public async Task The_program_refuses_a_mistyped_option_before_it_connects()
    {
        await SeedOldAsync(10);
        using var program = RecorderProgram.Install(_ => { });
        program.Start(Path.GetTempPath(), new Dictionary<string, string> { ["ConnectionStrings__Recorder"] = TestDatabase.ConnectionString },
            "purge", "--older-than", "30d", "--dryrun");

        var exitCode = await program.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("purge: unknown option '--dryrun'", program.Output, StringComparison.Ordinal);
        Assert.Contains("usage: purge --older-than", program.Output, StringComparison.Ordinal);
        Assert.Equal(10, await StoredRows.CountAsync(_database, "old "));
    }

    private static Microsoft.AspNetCore.Builder.WebApplication Build(string command) =>
        RecorderApplication.Build(command, [], new Dictionary<string, string?> { ["ConnectionStrings:Recorder"] = TestDatabase.ConnectionString });

    private Task<long> SeedOldAsync(int rows) =>
        StoredRows.InsertAsync(_database, Enumerable.Range(0, rows).Select(i => new StoredRow($"user-{i % 9}", $"old {i}", Old.AddSeconds(-i))));

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^purge: \d+ batches, \d+ rows, [\d.]+ s elapsed, longest batch \d+ ms$")]
    private static partial Regex ProgressLine();

    [GeneratedRegex(@"^purge: done: (?<rows>\d+) rows with occurred before \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC deleted in (?<batches>\d+) batches, [\d.]+ s; longest batch (?<longest>\d+) ms, at most (?<largest>\d+) rows per statement$")]
    private static partial Regex DoneLine();

    /// <summary>Hands every line written to <paramref name="onLine"/> as well as keeping it.</summary>
    private sealed class LineWatchingWriter(Action<string> onLine) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            onLine(value ?? "");
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
