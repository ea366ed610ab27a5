using System.Globalization;
using Recorder.Application.Conversations.Commands.PurgeOldRecords;

namespace Recorder.Host.Commands;

/// <summary>
/// `purge --older-than 30d [--batch 1000] [--dry-run]`: deletes rows whose round is older than the retention
/// period, one short batch after another (docs/design.md §9.5), printing progress and the longest batch.
/// </summary>
internal static class PurgeCommand
{
    public const string Usage = "purge --older-than <duration: " + DurationArgument.Forms + "> [--batch N] [--dry-run]";

    public static PurgeOldRecordsCommand Parse(IReadOnlyList<string> args)
    {
        var options = CommandOptions.Parse(args, ["older-than", "batch"], ["dry-run"]);
        var olderThan = options.Value("older-than") ?? throw new CommandLineException("--older-than is required");
        if (!DurationArgument.TryParse(olderThan, out var retention))
        {
            throw new CommandLineException($"--older-than '{olderThan}' is not a duration ({DurationArgument.Forms})");
        }

        return new PurgeOldRecordsCommand(retention, ErasureOutput.BatchRows(options), options.Has("dry-run"));
    }

    public static async Task<int> RunAsync(
        IServiceProvider services, PurgeOldRecordsCommand command, TextWriter output, CancellationToken cancellationToken,
        TimeSpan? progressInterval = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Recorder.Host.Commands.Purge");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"purge: rows older than {command.OlderThan:c}, {command.BatchRows} rows per batch{(command.DryRun ? ", dry run" : "")}"));
        var (result, exit) = await ErasureOutput.SendAsync(
            "purge",
            services,
            progress => command with { Progress = progress },
            ex => $"database error ({ex.Message})",
            output,
            progressInterval,
            cancellationToken);
        if (result is null)
        {
            return exit;
        }

        var cutoff = result.Cutoff.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " UTC";
        var erasure = result.Erasure;
        if (erasure.DryRun)
        {
            await output.WriteLineAsync($"purge: dry run: {erasure.Rows} rows with occurred before {cutoff} would be deleted; nothing was deleted");
            logger.LogInformation("Purge dry run: {Rows} rows with occurred before {Cutoff} would be deleted", erasure.Rows, cutoff);
            return 0;
        }

        await output.WriteLineAsync(ErasureOutput.Done("purge", $"rows with occurred before {cutoff} deleted", erasure));
        logger.LogInformation(
            "Purge deleted {Rows} rows with occurred before {Cutoff} in {Batches} batches ({ElapsedSeconds:0.0} s, longest batch {LongestBatchMs:0} ms)",
            erasure.Rows, cutoff, erasure.Batches, erasure.Elapsed.TotalSeconds, erasure.LongestBatch.TotalMilliseconds);
        return 0;
    }
}
